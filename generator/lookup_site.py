"""The site's "Who is responsible?" page and its lookup index (owned by the lookup work).

Initial version: only the page's heading; the lookup issue replaces it with the real page,
its script and its sharded index.
"""

from __future__ import annotations

from .directory import Directory
from .outfile import OutFile


def lookup_files(d: Directory) -> list[OutFile]:
    title = "谁来负责？" if d.registry.site.language == "zh" else "Who is responsible?"
    return [OutFile("lookup/index.md", f"# {title}\n", title=title, nav=True)]
