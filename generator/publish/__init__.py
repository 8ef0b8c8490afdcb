"""Publishing without a site: open-data exports (``export``, through the one spreadsheet-
safe CSV writer ``csv_safe``), two registries compared in words (``diff``), the git history
of the registry (``history``), and the rules for every folder remit writes
(``output_dir``). Imports the stages below it, never ``site`` or ``mkdocs_edge``."""
