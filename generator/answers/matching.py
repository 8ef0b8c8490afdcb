"""Resolve a person's words to matters and assets: by id, name, alias, keyword or location.

The CLI ranks every matter or asset of the registry with :func:`score`; the site's script
(``generator/assets/lookup.js``) ranks the candidates its sharded index returns with a
line-by-line port of the same function, so the two agree on what a query means. Keep them
in step: the browser tests compare both on the example registry.

Text is compared after NFKC normalisation, lower-casing and removing white space
(:func:`compact`), so ``D3 路``, ``Ｄ３路`` and ``d3路`` are the same words. Chinese has no
spaces, so a query is also cut into *units* for partial matches: the character bigrams of
every run of Chinese characters (``路灯不亮`` -> ``路灯 灯不 不亮``) and every word of
letters or digits; :func:`index_tokens` adds whole runs and jieba words for the site's
index.
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from generator import model as m
from generator.answers.synonyms import Vocabulary, vocabulary
from generator.directory import Directory
from generator.words import asset_type_name
from generator.words import t as word

# Chinese characters in the Basic Multilingual Plane (the script sees the same characters).
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
ID_LIKE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
#: An entry gains at most this many words of the vocabulary (the shortest): each is carried
#: by the entry in every shard that lists it.
EXPAND_MOST = 12

#: A query that is an id with a hyphen (the script's ``ID_LIKE``): looked up on its own.
ID_QUERY = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$")
_NAMING = ("id", "name", "alias")
_SPACE = re.compile(r"\s+")  # str.isspace() characters

#: Score of a query against one field, by the field's kind.
EXACT = {"id": 100.0, "name": 100.0, "alias": 96.0, "keyword": 90.0, "location": 60.0}
PREFIX = {"id": 60.0, "name": 70.0, "alias": 70.0, "keyword": 62.0, "location": 45.0}
CONTAINS = {"id": 50.0, "name": 60.0, "alias": 60.0, "keyword": 55.0, "location": 40.0}
SPAN = {"id": 25.0, "name": 25.0, "alias": 25.0, "keyword": 20.0, "location": 15.0}
#: A field written whole inside the query ("路灯坏了怎么办" holds the alias "路灯坏了").
INSIDE_BASE, INSIDE_SPAN = 35.0, 35.0
#: Share of the query's units found anywhere in the entity, each unit weighted by how rare
#: it is among the entries (idf); units found in no entry at all (怎么, 了怎, "wasn") are
#: left out, so a sentence counts by its words that mean something here. A full cover is
#: worth ``COVER_SPAN``; every score gets ``COVER_TIE`` times its cover on top, so of two
#: entries that match a word equally, the one that holds more of the question ranks first.
COVER_SPAN, COVER_MIN, COVER_TIE = 40.0, 0.5, 10.0
#: Bonus for an asset whose type the chosen matter concerns.
TYPE_BONUS = 5.0
#: Below this a best candidate is only a suggestion, never an answer.
MIN_SCORE = 40.0

SCORING = {
    "exact": EXACT, "prefix": PREFIX, "contains": CONTAINS, "span": SPAN,
    "inside_base": INSIDE_BASE, "inside_span": INSIDE_SPAN, "cover_span": COVER_SPAN,
    "cover_min": COVER_MIN, "cover_tie": COVER_TIE, "type_bonus": TYPE_BONUS,
    "min_score": MIN_SCORE,
}


def normalize(text: str) -> str:
    """NFKC and lower case: full-width letters and digits become ASCII."""
    return unicodedata.normalize("NFKC", text).lower()


def compact(text: str) -> str:
    """:func:`normalize` without white space."""
    return _SPACE.sub("", normalize(text))


def is_cjk(ch: str) -> bool:
    return bool(_CJK.match(ch))


_CJK_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# a Chinese run, or a run of characters for which str.isalnum() holds (\w minus "_")
_RUNS = re.compile(f"([{_CJK_CLASS}]+)|([^\\W_{_CJK_CLASS}]+)")


def runs(text: str) -> list[tuple[str, str]]:
    """``[("c", chinese run) | ("w", word of letters/digits)]`` of normalised ``text``."""
    return [("c", mt.group(1)) if mt.group(1) else ("w", mt.group(2))
            for mt in _RUNS.finditer(normalize(text))]


def units(text: str) -> list[str]:
    """The pieces a partial match counts: Chinese bigrams (a lone character stands for
    itself) and words, each once, in order."""
    out: list[str] = []
    for kind, run in runs(text):
        if kind == "w" or len(run) == 1:
            pieces = [run]
        else:
            pieces = [run[i:i + 2] for i in range(len(run) - 1)]
        for p in pieces:
            if p not in out:
                out.append(p)
    return out


# --- entities as search documents -------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """A matter or an asset as the search sees it."""

    kind: str  # "matter" | "asset"
    id: str
    name: str
    aliases: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    location: str = ""
    type: str = ""  # asset type id
    depth: int = 0  # how many assets this one is part of
    minor: bool = False
    hint: str = ""  # shown beside the name: asset type and place, or the matter's group
    fields: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    alltext: str = field(default="", compare=False, repr=False)

    @staticmethod
    def make(kind: str, id: str, name: str, aliases: Sequence[str] = (),
             keywords: Sequence[str] = (), location: str = "", type: str = "",
             depth: int = 0, minor: bool = False, hint: str = "") -> Doc:
        fs: list[tuple[str, str]] = [(compact(id), "id"), (compact(name), "name")]
        fs += [(compact(x), "alias") for x in aliases]
        fs += [(compact(x), "keyword") for x in keywords]
        if location:
            fs.append((compact(location), "location"))
        fs = [(t, k) for t, k in fs if t]
        return Doc(kind, id, name, tuple(aliases), tuple(keywords), location, type, depth,
                   minor, hint, tuple(fs), "\x01".join(t for t, _ in fs))


def search_vocabulary(d: Directory, assets: bool = False) -> Vocabulary:
    """The words a directory is searched with: the bundled vocabulary of its language
    (unless ``site.builtin_synonyms`` is false) and its own ``synonyms``. For ``assets``
    only the registry's own: an asset's name is a proper name (综保区 D3 路), and the
    bundled words added to each of 100,000 lamps would swell every shard of the index."""
    reg = d.registry
    return vocabulary(reg.site.language, reg.synonyms,
                      reg.site.builtin_synonyms and not assets)


def matter_doc(x: m.Matter, vocab: Vocabulary | None = None) -> Doc:
    """A matter as the search sees it; with ``vocab``, its keywords gain the words that
    mean the same as its own (their index entries carry them, so the page sees them)."""
    extra = vocab.expand((x.name, *x.aliases, *x.keywords), EXPAND_MOST) if vocab else ()
    return Doc.make("matter", x.id, x.name, x.aliases, (*x.keywords, *extra),
                    hint=x.group or "")


def asset_doc(d: Directory, a: m.Asset, vocab: Vocabulary | None = None) -> Doc:
    """An asset as the search sees it; with ``vocab``, its aliases gain the words that
    mean the same as a word of its name or aliases."""
    lang = d.registry.site.language
    t = d.asset_types.get(a.type)
    tname = asset_type_name(t, lang) if t else a.type
    hint = tname + word("lookup.hint_sep", lang) + a.location if a.location else tname
    extra = vocab.expand((a.name, *a.aliases), EXPAND_MOST) if vocab else ()
    return Doc.make("asset", a.id, a.name, (*a.aliases, *extra), (), a.location or "",
                    a.type, len(d.ancestors(a)), d.is_minor(a), hint)


# --- scoring ----------------------------------------------------------------------------


def score(qc: str, qunits: Sequence[str], doc: Doc,
          weights: dict[str, float] | None = None) -> float:
    """How well the compacted query ``qc`` names ``doc`` (0: not at all, 100 and a little
    more: exactly). ``weights``: each unit's weight (:func:`unit_weights`); a unit missing
    from it, or weighted 0, is found in no entry and does not count.

    The script's ``score`` is a port of this function: change both together.
    """
    if not qc:
        return 0.0
    ql = len(qc)
    best = 0.0
    for text, kind in doc.fields:
        n = len(text)
        if text == qc:
            v = EXACT[kind]
        elif text.startswith(qc):
            v = PREFIX[kind] + SPAN[kind] * ql / n
        elif qc in text:
            v = CONTAINS[kind] + SPAN[kind] * ql / n
        elif kind in ("name", "alias", "keyword") and n >= 2 and text in qc:
            v = INSIDE_BASE + INSIDE_SPAN * n / ql
        else:
            v = 0.0
        if v > best:
            best = v
    cover = 0.0
    if qunits:
        ws = weights if weights is not None else {u: 1.0 for u in qunits}
        total = sum(ws.get(u, 0.0) for u in qunits)
        if total > 0:
            cover = sum(ws.get(u, 0.0) for u in qunits if u in doc.alltext) / total
            if COVER_SPAN * cover > best:
                best = COVER_SPAN * cover
    return best + COVER_TIE * cover if best else 0.0


def unit_weights(qunits: Sequence[str], docs: Sequence[Doc]) -> dict[str, float]:
    """Each unit's weight: ``log(1 + N / df)`` over the ``N`` entries, ``df`` the entries
    that hold it; 0 for a unit no entry holds (a filler word, a bigram across two words).
    The script's ``unitWeights`` is a port (its ``df`` comes from the index's tokens)."""
    n = len(docs)
    out: dict[str, float] = {}
    for u in qunits:
        # a lone Chinese character is no token of the site's index: it weighs nothing
        # here either, so the page (which knows a unit's df from its token) ranks alike
        df = sum(1 for doc in docs if u in doc.alltext) if len(u) > 1 or not is_cjk(u) else 0
        out[u] = math.log(1 + n / df) if df else 0.0
    return out


@dataclass(frozen=True)
class Candidate:
    doc: Doc
    score: float

    @property
    def id(self) -> str:
        return self.doc.id


def rank(query: str, docs: Iterable[Doc], prefer_types: Iterable[str] = (),
         limit: int = 10, only_types: Iterable[str] = ()) -> list[Candidate]:
    """The best ``limit`` docs for ``query``, best first (ties: shallower, shorter name, id);
    with ``only_types``, only assets of those types (the units still weigh by all docs, as
    the page's index counts them)."""
    qc = compact(query)
    qu = units(query)
    docs = docs if isinstance(docs, list) else list(docs)
    # a query that is an id (lamp-d3a-004) or names an entry exactly counts its pieces
    # alike, as the page does (it looks those up on their own, without every piece's count)
    named = ID_QUERY.match(qc) is not None or any(
        text == qc for doc in docs for text, kind in doc.fields if kind in _NAMING)
    weights = None if named else unit_weights(qu, docs)
    prefer = set(prefer_types)
    only = set(only_types)
    found: list[Candidate] = []
    for doc in docs:
        if only and doc.type not in only:
            continue
        s = score(qc, qu, doc, weights)
        if s > 0:
            if prefer and doc.type in prefer:
                s += TYPE_BONUS
            found.append(Candidate(doc, s))
    found.sort(key=lambda c: (-c.score, c.doc.depth, len(c.doc.name), c.doc.id))
    return found[:limit]


@dataclass(frozen=True)
class Resolution:
    """What a word means: ``chosen`` when one candidate stands out, else the candidates
    (``ambiguous`` when several would do)."""

    query: str
    chosen: Doc | None
    candidates: tuple[Candidate, ...]
    ambiguous: bool = False


def pick(query: str, candidates: Sequence[Candidate],
         prefer_types: Iterable[str] = ()) -> Resolution:
    """The first candidate if it scores at least :data:`MIN_SCORE`, no other ties it and,
    when some candidate is of a preferred type (the chosen matter's asset types), it is of
    one too. The script's ``pick`` is a port of this function."""
    cands = tuple(candidates)
    if not cands or cands[0].score < MIN_SCORE:
        return Resolution(query, None, cands)
    if len(cands) > 1 and cands[1].score == cands[0].score:
        return Resolution(query, None, cands, True)
    prefer = set(prefer_types)
    if prefer and cands[0].doc.type not in prefer and any(c.doc.type in prefer
                                                          for c in cands):
        return Resolution(query, None, cands, True)
    return Resolution(query, cands[0].doc, cands)


class Matcher:
    """Search documents for every matter and asset of a directory, built once."""

    def __init__(self, d: Directory) -> None:
        self.directory = d
        self.vocabulary = search_vocabulary(d)
        self.matter_docs = [matter_doc(x, self.vocabulary) for x in d.registry.matters]
        own = search_vocabulary(d, assets=True)
        self.asset_docs = [asset_doc(d, a, own) for a in d.registry.assets]

    def matters(self, query: str, limit: int = 10) -> Resolution:
        return pick(query, rank(query, self.matter_docs, limit=limit))

    def assets(self, query: str, prefer_types: Iterable[str] = (),
               limit: int = 10, only_types: Iterable[str] = ()) -> Resolution:
        prefer = tuple(prefer_types)
        return pick(query, rank(query, self.asset_docs, prefer, limit=limit,
                                only_types=only_types), prefer)


# --- one box: a matter and a place in the same words ------------------------------------

#: What is left of a query once the matter's words are cut out must hold this many
#: characters (white space aside) to be searched as a place.
REST_MIN = 2


def _loose(text: str) -> re.Pattern[str]:
    """``text`` (compacted) as a pattern that allows white space between its characters."""
    return re.compile(r"\s*".join(re.escape(ch) for ch in text))


def place_words(query: str, matter: Doc) -> str | None:
    """The words of ``query`` left once the matter's own words are cut out, to be searched
    as the place: "D3路路灯不亮" and the matter 路灯不亮 leave "d3路". The matter's words are
    the longest of its id, name, aliases and keywords (the vocabulary's words included)
    written whole in the query, white space between its characters allowed; None when none
    is, or when fewer than :data:`REST_MIN` characters are left.

    The script's ``placeWords`` is a port of this function.
    """
    qc = compact(query)
    best = ""
    for text, kind in matter.fields:
        if kind != "location" and len(text) >= 2 and text in qc and len(text) > len(best):
            best = text
    if not best:
        return None
    q = normalize(query)
    mt = _loose(best).search(q)
    if mt is None:  # unreachable: the compacted text holds it
        return None
    rest = _SPACE.sub(" ", (q[:mt.start()] + " " + q[mt.end():])).strip()
    return rest if len(compact(rest)) >= REST_MIN else None


# --- tokens for the site's index --------------------------------------------------------

#: Whole Chinese runs of this many characters are tokens too (names: 梅春南路).
RUN_MIN, RUN_MAX = 3, 8
#: Letter words get their prefixes as tokens (typing "stre" finds "street").
PREFIX_MIN, PREFIX_MAX = 2, 10
#: Whole names, aliases and keywords of up to this many characters are tokens too.
WHOLE_MAX = 40


@lru_cache(maxsize=1)
def _jieba() -> object:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=200_000)
def _jieba_words(run: str) -> tuple[str, ...]:
    jb = _jieba()
    words = jb.cut_for_search(run, HMM=False)  # type: ignore[attr-defined]
    return tuple(sorted({w for w in words if len(w) >= RUN_MIN and w != run}))


def index_tokens(text: str, prefixes: bool = True) -> set[str]:
    """Tokens under which an entity with this text is indexed: Chinese bigrams, whole runs
    of 3-8 characters and the jieba words of 3 or more characters inside them, words of
    two or more letters/digits, and (with ``prefixes``) the prefixes of words that contain
    a letter."""
    out: set[str] = set()
    for kind, run in runs(text):
        if kind == "w":
            if len(run) >= 2:
                out.add(run)
            if prefixes and any(c.isalpha() for c in run):
                for k in range(PREFIX_MIN, min(len(run), PREFIX_MAX + 1)):
                    out.add(run[:k])
        elif len(run) >= 2:
            out.update(run[i:i + 2] for i in range(len(run) - 1))
            if len(run) >= RUN_MIN:
                if len(run) <= RUN_MAX:
                    out.add(run)
                out.update(_jieba_words(run))
    return out


def _mixed(word: str) -> bool:
    return any(c.isdigit() for c in word) and any(c.isalpha() for c in word)


def _wtok(word: str) -> str:
    return word[:PREFIX_MAX] if any(c.isalpha() for c in word) else word


def query_tokens(query: str) -> list[str]:
    """Tokens of a query in the order the script tries them (most selective first).

    The script's ``queryTokens`` is a port of this function.
    """
    qc = compact(query)
    first: list[str] = []
    if RUN_MIN <= len(qc) <= WHOLE_MAX:
        first.append(qc)  # a whole name, alias, keyword or id
    rs = runs(query)
    longs = sorted({r for k, r in rs if k == "c" and RUN_MIN <= len(r) <= RUN_MAX},
                   key=lambda r: (-len(r), r))
    words = sorted({(0 if _mixed(r) else 1, -len(_wtok(r)), _wtok(r))
                    for k, r in rs if k == "w" and len(r) >= 2})
    bigrams: list[str] = []
    for k, r in rs:
        if k == "c" and len(r) >= 2:
            grams = [r[i:i + 2] for i in range(len(r) - 1)]
            # both ends first, then the middle: spread over the run
            order = sorted(range(len(grams)), key=lambda i: (min(i, len(grams) - 1 - i), i))
            bigrams += [grams[i] for i in order]
    out: list[str] = []
    for t in [*first, *longs, *(w for _, _, w in words), *bigrams]:
        if t not in out:
            out.append(t)
    return out
