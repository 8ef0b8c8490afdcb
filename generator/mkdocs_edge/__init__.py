"""The MkDocs edge, the only package that knows MkDocs and Material: the plugin
(``plugin``, the only module importing mkdocs), the site options of mkdocs.yml
(``site_config``), Material specifics such as its inline scripts, the
Content-Security-Policy and the staff marking (``site_theme``), and ``remit render``, the
site as plain Markdown for a plugin-free MkDocs (``render_out``)."""
