"""The site's pages without MkDocs: every generated page as an ``OutFile`` in memory
(``render`` with ``templates/``, the dashboards of ``gap_pages``, the lookup page of
``lookup_site``), page URLs (``urls``) and the static files (``assets/``). Imports every
stage below it; never mkdocs."""
