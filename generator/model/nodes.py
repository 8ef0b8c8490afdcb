"""Values read from registry files, with their positions: the raw trees (``YMap``,
``YSeq``, ``CsvRow``) the loader builds and validation walks, each value's
``file:line:col`` kept beside it, and every entity's ``node`` points back into them.
Nothing here reads a file; ``generator.load.source`` does."""

from __future__ import annotations

from typing import Any

#: Hard ceiling on the size of one registry file; ``site.limits.file_bytes`` (default 50 MB)
#: is the usual limit and cannot go above it.
MAX_FILE_BYTES = 256 * 1024 * 1024

# (key line, key col, value line, value col, raw text or None)
Mark = tuple[int, int, int, int, "str | None"]


class YMap(dict[str, Any]):
    """A mapping read from a file. ``marks[key]`` holds the key's and value's positions."""

    __slots__ = ("file", "line", "col", "marks")

    file: str
    line: int
    col: int
    marks: dict[str, Mark]

    def key_pos(self, key: str) -> tuple[int, int]:
        m = self.marks.get(key)
        return (m[0], m[1]) if m else (self.line, self.col)

    def value_pos(self, key: str) -> tuple[int, int]:
        m = self.marks.get(key)
        return (m[2], m[3]) if m else (self.line, self.col)

    def raw(self, key: str) -> str | None:
        """The text as written, for a plain scalar that YAML read as something else."""
        m = self.marks.get(key)
        return m[4] if m else None


class YSeq(list[Any]):
    """A sequence read from a file. ``marks[i]`` holds item ``i``'s position and raw text."""

    __slots__ = ("file", "line", "col", "marks")

    file: str
    line: int
    col: int
    marks: list[tuple[int, int, str | None]]

    def item_pos(self, i: int) -> tuple[int, int]:
        if 0 <= i < len(self.marks):
            m = self.marks[i]
            return (m[0], m[1])
        return (self.line, self.col)

    def raw(self, i: int) -> str | None:
        return self.marks[i][2] if 0 <= i < len(self.marks) else None


class CsvRow(YMap):
    """One CSV row as a mapping of column name to text; columns are found on demand."""

    __slots__ = ("text", "header_index", "alias")

    text: str
    header_index: dict[str, int]
    alias: dict[str, str]  # registry field -> column, set by the asset source

    def key_pos(self, key: str) -> tuple[int, int]:
        return self.value_pos(key)

    def value_pos(self, key: str) -> tuple[int, int]:
        if key is None:
            return (self.line, 0)
        idx = self.header_index.get(self.alias.get(key, key))
        if idx is None or '"' in self.text:
            return (self.line, 0)
        col = 1
        for i, cell in enumerate(self.text.split(",")):
            if i == idx:
                return (self.line, col)
            col += len(cell) + 1
        return (self.line, 0)

    def raw(self, key: str) -> str | None:
        return None


class BadScalar:
    """A plain scalar YAML would turn into something impossible (``2024-02-30``)."""

    __slots__ = ("text", "problem")

    def __init__(self, text: str, problem: str) -> None:
        self.text = text
        self.problem = problem

    def __repr__(self) -> str:
        return f"BadScalar({self.text!r})"


def new_map(file: str, line: int, col: int) -> YMap:
    m = YMap()
    m.file, m.line, m.col, m.marks = file, line, col, {}
    return m


def new_seq(file: str, line: int, col: int) -> YSeq:
    s = YSeq()
    s.file, s.line, s.col, s.marks = file, line, col, []
    return s
