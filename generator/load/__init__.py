"""Stage 1, loading: registry files read with their positions (``source``), the shape and
reference passes over the raw trees (``validate``), the whole folder with its fragments and
asset sources (``registry``), and registry folders at git revisions (``revisions``). Every
problem comes back as a located Diagnostic; nothing raises for bad input. Imports only
``diagnostics`` and ``model``."""
