"""Words that mean the same: the bundled vocabulary and a registry's own ``synonyms``.

A catalogue writes 机动车驾驶证有效期满换证; a person types 驾照到期了怎么换. The search
closes that distance at index time: every matter and asset is indexed, besides its own
words, under the words that mean the same as a word it contains (``same`` groups), and
under the everyday words that stand for an official one it contains (``say`` entries, one
way). Both the CLI's ranking and the site's sharded index see the same expanded entries,
so the page's script needs no vocabulary of its own.

Words are matched in the entry's text after NFKC and lower-casing; a word made of letters
must stand as a whole word (``bin`` is not found in ``cabinet``).
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def _wordish(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


@dataclass
class Vocabulary:
    """``same`` groups and ``say`` entries, ready to expand texts."""

    #: word -> the other words of its groups
    same: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    #: official word -> the everyday words that stand for it
    said_as: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _first: dict[str, list[str]] = field(default_factory=dict)

    def add_group(self, words: Iterable[str]) -> None:
        ws = {_norm(w) for w in words if _norm(w)}
        for w in ws:
            self.same[w] |= ws - {w}
        self._first.clear()

    def add_say(self, say: Iterable[str], means: Iterable[str]) -> None:
        ss = {_norm(w) for w in say if _norm(w)}
        for w in means:
            if _norm(w):
                self.said_as[_norm(w)] |= ss - {_norm(w)}
        self._first.clear()

    def __len__(self) -> int:
        return len(set(self.same) | set(self.said_as))

    def _by_first(self) -> dict[str, list[str]]:
        if not self._first:
            by: dict[str, list[str]] = defaultdict(list)
            for w in set(self.same) | set(self.said_as):
                by[w[0]].append(w)
            self._first = {k: sorted(v, key=lambda w: (-len(w), w)) for k, v in by.items()}
        return self._first

    def found(self, text: str) -> list[str]:
        """The vocabulary's words that ``text`` contains (Latin words whole)."""
        t = _norm(text)
        by = self._by_first()
        out: list[str] = []
        for i, ch in enumerate(t):
            cands = by.get(ch)
            if not cands or (i and _wordish(ch) and _wordish(t[i - 1])):
                continue
            for w in cands:
                if t.startswith(w, i):
                    end = i + len(w)
                    if _wordish(w[-1]) and end < len(t) and _wordish(t[end]):
                        continue
                    out.append(w)
        return out

    def expand(self, texts: Sequence[str], most: int | None = None) -> tuple[str, ...]:
        """The words to index ``texts`` under as well, without the words they already
        contain; with ``most``, the shortest ``most`` of them (the everyday words people
        type are the short ones: 驾照, 煤气), in a stable order."""
        have: list[str] = []
        for text in texts:
            have += self.found(text)
        if not have:
            return ()
        joined = " ".join(_norm(x) for x in texts)
        extra: set[str] = set()
        for w in have:
            extra |= self.same.get(w, set())
            extra |= self.said_as.get(w, set())
        words = sorted((w for w in extra if w not in joined), key=lambda w: (len(w), w))
        return tuple(sorted(words[:most] if most is not None else words))


def parse(data: Any) -> list[tuple[str, list[str], list[str]]]:
    """``same``/``say`` of a vocabulary file as ``("same", words, [])`` and
    ``("say", say, means)`` entries."""
    out: list[tuple[str, list[str], list[str]]] = []
    for group in (data or {}).get("same") or ():
        out.append(("same", [str(w) for w in group], []))
    for say, means in ((data or {}).get("say") or {}).items():
        out.append(("say", [str(say)], [str(w) for w in means]))
    return out


@lru_cache(maxsize=4)
def builtin_entries(lang: str) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """The bundled vocabulary of ``lang`` (``zh`` or ``en``)."""
    text = resources.files("generator.answers").joinpath(
        f"vocabulary/{lang}.yaml").read_text(encoding="utf-8")
    return tuple((k, tuple(a), tuple(b)) for k, a, b in parse(yaml.safe_load(text)))


@lru_cache(maxsize=4)
def fillers(lang: str) -> frozenset[str]:
    """The bundled ``fillers`` of ``lang``: particles, pronouns and question words a
    question holds around what it asks about (了, 怎么办, 找谁; "how", "my"), which the
    site's search drops from a query (:mod:`generator.site.search_words`)."""
    text = resources.files("generator.answers").joinpath(
        f"vocabulary/{lang}.yaml").read_text(encoding="utf-8")
    words = (yaml.safe_load(text) or {}).get("fillers") or ()
    return frozenset(_norm(str(w)) for w in words if _norm(str(w)))


def vocabulary(lang: str, entries: Iterable[Any] = (), builtin: bool = True) -> Vocabulary:
    """The vocabulary a registry searches with: the bundled one of its language (unless
    switched off) and its own ``synonyms`` entries (objects with ``same`` or
    ``say``/``means``)."""
    v = Vocabulary()
    if builtin:
        for kind, a, b in builtin_entries(lang):
            if kind == "same":
                v.add_group(a)
            else:
                v.add_say(a, b)
    for e in entries:
        if getattr(e, "same", ()):
            v.add_group(e.same)
        if getattr(e, "say", ()):
            v.add_say(e.say, e.means)
    return v
