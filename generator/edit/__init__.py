"""Edits of the registry from outside YAML: ``remit import`` of a workbook or CSV file
(:mod:`generator.edit.reading` reads the rows, :mod:`generator.edit.merge` merges them)."""
