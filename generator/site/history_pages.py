"""The history pages: the "Recent changes" page, its Atom feed, each entity's own history and
a registry diff as HTML.

:mod:`generator.publish.history` reads the git history and :mod:`generator.publish.diff`
compares registries (data, and text/Markdown/JSON for the CLI); every page and block made
from them is rendered here, through the site's one template environment
(:mod:`generator.site.templating`, ``templates/history.j2`` and
``templates/changes_feed.xml.j2``), autoescaped. Every text of the feed goes through
:func:`~generator.load.revisions.clean_text` first, so no character XML 1.0 cannot carry
reaches it.
"""

from __future__ import annotations

import uuid
from typing import Any

from markupsafe import Markup

from generator.load.revisions import clean_text
from generator.outfile import OutFile
from generator.publish.changes import RegistryDiff
from generator.publish.diff_text import line_label, lines_by_kind, summary_text
from generator.publish.history import EntityEntry, History, HistoryEntry
from generator.site.templating import environment, render
from generator.words import t as word
from generator.words import table


def _t(lang: str) -> dict[str, str]:
    return table("history", lang)


def _macros() -> Any:
    return environment().get_template("history.j2").module


def history_title(lang: str) -> str:
    """The heading of an entity's own history section."""
    return _t(lang)["history"]


def _diff_view(diff: RegistryDiff) -> dict[str, Any]:
    if diff.created or diff.empty:
        return {"kinds": None, "summary": summary_text(diff)}
    titles, actions = table("diff.kind", diff.lang), table("diff.action", diff.lang)
    kinds = []
    for kind, lines in lines_by_kind(diff).items():
        kinds.append({"title": titles[kind], "lines": [
            {"action": ln.action if ln.id is not None else "",
             "action_name": actions[ln.action], "label": line_label(ln, diff.lang),
             "details": ln.details} for ln in lines]})
    return {"kinds": kinds, "summary": ""}


def diff_html(diff: RegistryDiff) -> str:
    """The changes as one escaped HTML block (no blank lines, safe inside Markdown)."""
    return str(_macros().diff(_diff_view(diff)))


def entry_html(e: HistoryEntry, lang: str) -> str:
    """One change as an escaped HTML block (no line breaks inside)."""
    t = _t(lang)
    if e.diff is None:
        view: dict[str, Any] = {"kinds": None, "summary": t["no_parent"]}
    elif e.diff.empty and not e.diff.created:
        view = {"kinds": None, "summary": t["no_change"]}
    else:
        view = _diff_view(e.diff)
    c = e.commit
    return str(_macros().change({"anchor": c.anchor, "subject": c.subject, "diff": view}))


def changes_page(h: History) -> str:
    """``changes/index.md``: every change, newest first."""
    t = _t(h.lang)
    mac = _macros()
    folder = f"{h.prefix}/" if h.prefix else "./"
    lines = [f"# {t['title']}", ""]
    shown = len(h.entries)
    seen = word("history.seen", h.lang, n=shown, total=h.total) if shown < h.total else \
        word("history.seen_all", h.lang, n=h.total)
    sp = t["space"]
    lines.append(str(mac.intro(t["intro"].format(folder=folder), seen, t["feed"], sp)))
    lines.append("")
    if h.shallow:
        lines += [str(mac.shallow(t["shallow"])), ""]
    if not h.entries:
        lines += [str(mac.para(t["none"])), ""]
    for e in h.entries:
        c = e.commit
        lines += [f"## {c.date} · {c.short}", "", entry_html(e, h.lang), ""]
    return "\n".join(lines)


def _feed_id(site_url: str | None, title: str) -> str:
    if site_url:
        return site_url.rstrip("/") + "/changes/"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'remit-feed:' + title)}"


def changes_feed(h: History, site_title: str, site_url: str | None = None) -> str:
    """``changes/feed.xml``: an Atom feed of the same changes (dates from the commits).

    Every text and attribute goes through :func:`clean_text` before it is escaped, so no
    character that XML 1.0 cannot carry (a control character, U+FFFF, a lone surrogate)
    reaches the feed, whether it came from a commit, the registry or the site settings:
    one such character makes feed readers drop the whole feed.
    """
    t = _t(h.lang)
    base = site_url.rstrip("/") + "/changes/" if site_url else ""

    def x(s: str) -> str:
        return clean_text(s, multiline=True)

    entries = []
    for e in h.entries:
        c = e.commit
        eid = (f"{base}#{c.anchor}" if base else
               f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'remit-commit:' + c.sha)}")
        if e.diff is None:
            summary = t["no_parent"]
        elif e.diff.empty and not e.diff.created:
            summary = t["no_change"]
        else:
            summary = summary_text(e.diff)
        entries.append({
            "id": x(eid), "title": x(c.subject), "updated": x(c.when),
            "link": clean_text(f"{base}#{c.anchor}" if base else f"./#{c.anchor}"),
            "summary": x(summary), "content": x(entry_html(e, h.lang))})
    return render(
        "changes_feed.xml.j2", lang=clean_text(h.lang),
        title=x(f"{site_title} · {t['title']}"), id=x(_feed_id(site_url, site_title)),
        updated=x(h.entries[0].commit.when if h.entries else "1970-01-01T00:00:00Z"),
        author=x(site_title), alternate=clean_text(base or "./"),
        self_url=clean_text(base + "feed.xml") if base else "", entries=entries)


def changes_files(h: History | None, site_title: str, site_url: str | None = None
                  ) -> list[OutFile]:
    """The "Recent changes" page and its feed; nothing outside git."""
    if h is None:
        return []
    t = _t(h.lang)
    return [OutFile("changes/index.md", changes_page(h), title=t["title"], nav=True),
            OutFile("changes/feed.xml", changes_feed(h, site_title, site_url).encode("utf-8"),
                    search=False)]


def history_html(entries: list[EntityEntry], lang: str, changes_url: str | None = None,
                 heading: bool = True) -> str:
    """An entity's own short history as one escaped HTML block; "" when it has none.

    ``changes_url`` is the URL of the "Recent changes" page relative to the entity page
    (``../../changes/``); each entry then links to its commit there.
    """
    if not entries:
        return ""
    words = table("diff.action", lang)
    items = [{"date": e.date, "action": e.action, "word": words.get(e.action, e.action),
              "subject": e.subject, "details": e.details,
              "url": changes_url + "#" + e.anchor if changes_url is not None else None}
             for e in entries]
    block: Markup = _macros().entity_history(items, _t(lang)["history"] if heading else "")
    return str(block)


__all__ = ["changes_page", "changes_feed", "changes_files", "history_html", "history_title",
           "entry_html", "diff_html"]
