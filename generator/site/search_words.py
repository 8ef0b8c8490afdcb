"""What the site's search box needs to read a question the way people type it.

Material's search matches the words of a query against the words of its index; a sentence
such as 我想换驾照怎么办 is none of them, and Material's own segmenter gives up on it (a
character that starts no indexed word leaves the whole sentence as one term that matches
nothing). The site's copy of Material's search worker (``engine.patch_search_worker``)
runs ``assets/search-query.js`` on every query first: it cuts the sentence into the
words the index holds, drops the particles and filler words of the bundled vocabulary
(its ``fillers``), and adds what a word found in the query stands for
(the registry's ``synonyms`` and the bundled vocabulary: 驾照 -> 驾驶证) as further
alternatives, so a page is found by any of them: a word of the same ``same`` group weighs
as much as the word typed, an official word a ``say`` entry maps it to less.

This module builds that script's data, :data:`WORDS_FILE`: a small JavaScript file that
the worker loads with ``importScripts`` the first time it is asked a question (so only a
visitor who searches downloads it, after the index itself). Only the vocabulary entries
whose alternatives occur in what the site indexes (matter, department and asset names,
aliases and keywords) are shipped: the others could not change a result.
"""

from __future__ import annotations

import json
from typing import Any

from generator.answers.matching import compact, search_vocabulary
from generator.answers.synonyms import Vocabulary, fillers
from generator.directory import Directory
from generator.outfile import OutFile

#: Where the worker finds its data (``../remit-search-words.js`` from the worker's folder).
WORDS_FILE = "assets/javascripts/remit-search-words.js"
#: Format of the data, read by ``assets/search-query.js``.
VERSION = 1
#: The weight of a page's search tags (keywords, the words people also say), as Material's
#: search sets a field's ``boost``: a title's (Material's default for tags is 1,000,000).
TAGS_BOOST = 1000.0
#: Asset names join the texts the vocabulary is kept for while there are at most this many
#: assets (beyond, asset pages are not in Material's index: see ``render``).
ASSETS_MAX = 2000


def indexed_texts(d: Directory, vocab: Vocabulary) -> list[str]:
    """The names, aliases and keywords the site's search index holds, and the words
    people also say for a matter (its page's search tags), compacted."""
    reg = d.registry
    texts: list[str] = []
    for x in reg.matters:
        own = (x.name, *x.aliases, *x.keywords)
        texts += [*own, *vocab.expand(own)]
    for dep in reg.departments:
        texts += [dep.name, *dep.aliases]
    if len(reg.assets) <= ASSETS_MAX:
        for a in reg.assets:
            texts += [a.name, *a.aliases]
    return [c for c in (compact(t) for t in texts) if c]


def search_words(d: Directory) -> dict[str, Any]:
    """The query script's data: ``fillers`` (words a question may hold that mean nothing
    to the search), ``same`` (a word -> the other words of its ``same`` groups) and
    ``means`` (a word people type -> the official words a ``say`` entry maps it to), each
    list keeping only the words that occur in the site's texts. Sorted, so the same
    registry gives the same bytes."""
    lang = d.registry.site.language
    vocab = search_vocabulary(d)
    corpus = "\x01".join(indexed_texts(d, vocab))
    means: dict[str, set[str]] = {}
    for official, said in vocab.said_as.items():
        for word in said:
            means.setdefault(word, set()).add(official)

    def kept(groups: dict[str, set[str]]) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for word in sorted(groups):
            found = sorted(w for w in groups[word]
                           if w != word and compact(w) and compact(w) in corpus)
            if found:
                out[word] = found
        return out

    return {"v": VERSION, "lang": lang, "fillers": sorted(fillers(lang)),
            "same": kept(vocab.same), "means": kept(means)}


def words_script(data: dict[str, Any]) -> str:
    """``data`` as the script the worker imports (it sets ``self.__remitSearchWords``)."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # JSON is JavaScript, except that old engines end a string at these two characters
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"self.__remitSearchWords={text};\n"


def words_file(d: Directory) -> OutFile:
    """:data:`WORDS_FILE` for the site."""
    return OutFile(WORDS_FILE, words_script(search_words(d)), search=False)
