"""The large-registry generator behind ``benchmarks/generate_large.py``, split by concern:
``data`` (fixed vocabulary and counts), ``geometry`` (lines and points), the builders (``gen``,
``people``, ``networks``, ``minor``) and ``output`` (the files). Imported with ``benchmarks/``
on ``sys.path``, as the entry point sets it."""
