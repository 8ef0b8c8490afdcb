"""The responsibility-gap checks (``findings``) and their reports for people and
spreadsheets (``report``). Imports ``model``, ``directory``, ``i18n`` and ``publish.csv_safe``
only through ``report``."""
