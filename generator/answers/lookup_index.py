"""The site's sharded lookup index: find matters and assets without downloading them all.

Material's search index is one file (about 2 KB a page, 200 MB at 100,000 pages), and a
general-purpose engine either ships too much for a first query or misses Chinese words. This
index is built for the one question the "Who is responsible?" page asks, and a query
fetches a few kilobytes whatever the size of the registry:

* every matter and asset is indexed under its :func:`~generator.answers.matching.index_tokens`
  (Chinese bigrams, whole runs, jieba words, letter/digit words and their prefixes, the id);
* a token's posting list is **ranked** (a token in the id, name, alias or keyword before a
  token only in the location; then the shorter the field that holds it, then shallower
  assets, major before minor, shorter names) and
  **capped**: the token's shard holds its first :data:`CAP` entries and its document count;
  the next entries, up to :data:`MAX_LISTED`, are split into pages of :data:`PAGE` fetched
  only when that token is the rarest of a query; beyond that a token is too common to list
  (``路灯`` on 90,000 lamps) and only its best :data:`CAP` entries exist;
* tokens are spread over shards by FNV-1a hash of their UTF-8 bytes, so the script finds a
  token's shard from the token alone; a shard also carries the entries its tokens point to,
  so no second request is needed to show or rank a candidate;
* the shard count grows with the registry (about :data:`SHARD_TARGET` bytes a shard);
* output is deterministic: sorted keys, stable order, no timestamps.

Layout under ``prefix`` (e.g. ``lookup/data/ix/a``): ``N.json`` shards and ``p/S.K.P.json``
pages (shard ``S``, the ``K``-th token of that shard, page ``P`` from 1).
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from generator.answers.matching import RUN_MIN, WHOLE_MAX, Doc, compact, index_tokens

CAP = 32
PAGE = 64
MAX_LISTED = 32 + 2 * 64
SHARD_TARGET = 4000


def fnv1a(text: str) -> int:
    """32-bit FNV-1a of the UTF-8 bytes (the script's ``fnv1a`` is the same function)."""
    h = 0x811C9DC5
    for b in text.encode("utf-8"):
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return h


def dumps(obj: Any) -> bytes:
    """Compact, sorted, UTF-8 JSON: the bytes every lookup data file is written with."""
    return json.dumps(obj, ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8")


def doc_tokens(doc: Doc) -> dict[str, tuple[int, int]]:
    """Every token of a document with ``(class, length)``: class 0 when the token comes from
    the id, name, an alias or a keyword, 1 when only from the location; length of the
    shortest such field that holds it (a token that makes up most of a short name ranks
    before the same token in a long one, as :func:`~generator.answers.matching.score` does).

    The whole compacted name, each alias and keyword (3 to :data:`WHOLE_MAX` characters)
    are tokens too, so a query that is a full name mixing scripts (``云泰工业园E5路路灯2号``)
    finds it directly."""
    out: dict[str, tuple[int, int]] = {}

    def add(tokens: set[str], cls: int, n: int) -> None:
        for t in tokens:
            old = out.get(t)
            if old is None or (cls, n) < old:
                out[t] = (cls, n)

    cid = compact(doc.id)
    add(index_tokens(doc.id, prefixes=False) | ({cid} if "-" in cid else set()), 0, len(cid))
    for text in (doc.name, *doc.aliases, *doc.keywords):
        c = compact(text)
        toks = index_tokens(text)
        if RUN_MIN <= len(c) <= WHOLE_MAX:
            toks.add(c)
        add(toks, 0, len(c))
    if doc.location:
        add(index_tokens(doc.location), 1, len(compact(doc.location)))
    return out


def asset_entry(doc: Doc, type_index: dict[str, int]) -> list[Any]:
    """``[id, name, type, depth, aliases, location]`` (type: index into the manifest)."""
    return [doc.id, doc.name, type_index.get(doc.type, -1), doc.depth, list(doc.aliases),
            doc.location]


def matter_entry(doc: Doc) -> list[Any]:
    """``[id, name, group, aliases, keywords]``."""
    return [doc.id, doc.name, doc.hint, list(doc.aliases), list(doc.keywords)]


@dataclass
class IndexStats:
    docs: int
    tokens: int
    shards: int
    pages: int
    bytes: int
    max_shard: int
    max_page: int


def build(docs: Sequence[Doc], entry: Callable[[Doc], list[Any]], prefix: str,
          shard_target: int = SHARD_TARGET, cap: int = CAP, page: int = PAGE,
          listed: int = MAX_LISTED) -> tuple[dict[str, bytes], dict[str, Any], IndexStats]:
    """Index ``docs`` under ``prefix``: (files by path, manifest part, stats).

    ``cap`` entries of a token sit in its shard, the rest of a token carried by at most
    ``listed`` documents in pages of ``page``."""
    postings: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for i, doc in enumerate(docs):
        for t, (cls, n) in doc_tokens(doc).items():
            postings[t].append((cls, n, i))

    # the rank of every document, once: shallower, major before minor, shorter name, id
    order = sorted(range(len(docs)), key=lambda i: (docs[i].depth, docs[i].minor,
                                                    len(docs[i].name), docs[i].id))
    rank_of = [0] * len(docs)
    for r, i in enumerate(order):
        rank_of[i] = r

    entries = [dumps(entry(d)) for d in docs]
    ranked: dict[str, list[int]] = {}
    size = 0
    for t, plist in postings.items():
        plist.sort(key=lambda p: (p[0], p[1], rank_of[p[2]]))
        ids = [i for _, _, i in plist[:listed]]
        ranked[t] = ids
        size += len(t.encode()) + 16 + sum(len(entries[i]) + 3 for i in ids[:cap])
    n = max(1, math.ceil(size / shard_target))
    by_shard: dict[int, list[str]] = defaultdict(list)
    for t in ranked:
        by_shard[fnv1a(t) % n].append(t)

    files: dict[str, bytes] = {}
    pages = max_shard = max_page = 0
    for s in range(n):
        toks = sorted(by_shard.get(s, []))
        local: dict[int, int] = {}
        shard_docs: list[Any] = []
        tmap: dict[str, list[Any]] = {}
        for k, t in enumerate(toks):
            ids = ranked[t]
            refs = []
            for i in ids[:cap]:
                if i not in local:
                    local[i] = len(shard_docs)
                    shard_docs.append(entry(docs[i]))
                refs.append(local[i])
            # pages only for tokens that can be listed whole; a commoner token keeps its best
            more = ids[cap:] if len(postings[t]) <= listed else []
            npages = math.ceil(len(more) / page)
            stem = f"{s}.{k}" if npages else ""
            tmap[t] = [len(postings[t]), refs, stem, npages]
            for pg in range(npages):
                chunk = more[pg * page:(pg + 1) * page]
                body = dumps({"d": [entry(docs[i]) for i in chunk]})
                files[f"{prefix}/p/{stem}.{pg + 1}.json"] = body
                pages += 1
                max_page = max(max_page, len(body))
        body = dumps({"d": shard_docs, "t": tmap})
        files[f"{prefix}/{s}.json"] = body
        max_shard = max(max_shard, len(body))
    manifest = {"n": n, "cap": cap, "page": page, "listed": listed, "docs": len(docs)}
    stats = IndexStats(len(docs), len(ranked), n, pages, sum(len(b) for b in files.values()),
                       max_shard, max_page)
    return files, manifest, stats
