"""A matter page's "report it" and "suggest a correction": the messages of
:mod:`generator.answers.report_message` for the matter at no particular place, built at
build time (the lookup page builds the same for an answer in the browser), and the small
script that copies the text (``assets/report-copy.js``)."""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator import model as m
from generator.answers.act_now import call_now
from generator.answers.report_message import (
    answer_address,
    correction_message,
    report_message,
)
from generator.answers.routing import route
from generator.directory import Directory
from generator.outfile import OutFile
from generator.words import t as word
from generator.words import table

#: The copy button's script, shipped once for every matter page.
SCRIPT_FILE = "assets/javascripts/remit-report.js"
ASSETS_DIR = Path(__file__).parent / "assets"


def script_file() -> OutFile:
    return OutFile(SCRIPT_FILE, (ASSETS_DIR / "report-copy.js").read_bytes(), search=False)


def matter_report(d: Directory, x: m.Matter, site_url: str | None = None,
                  directory_urls: bool = True) -> dict[str, Any]:
    """What the matter page's "report it" shows: the links (``mailto``, ``sms``,
    ``correction``), the message's text and the words; the answer's address on the lookup
    page when the site's address (``site_url``) is known."""
    lang = d.registry.site.language
    ans = route(d, x, None, lang)
    call = call_now(d, x, ans.department, ans.why, None, lang)
    address = answer_address(site_url, x.id, directory_urls=directory_urls)
    args = (d, x, None, ans.department, ans.reasons, call, lang, address)
    msg = report_message(*args)
    fix = correction_message(*args)
    w = table("lookup_report", lang)
    # the text's line breaks as character references: a page's HTML block has no blank line
    body = Markup(html.escape(msg.body, quote=False).replace("\n", "&#10;"))
    return {"mailto": msg.mailto(), "sms": msg.sms_href(), "body": body, "to": msg.to,
            "correction": fix.mailto() if fix is not None else None,
            "title": word("lookup_page.report_title", lang), "mail": w["report"],
            "sms_label": w["sms"],
            "copy_label": w["copy"], "copied": w["copied"], "copy_failed": w["copy_failed"],
            "text_label": w["report_text"], "correct": w["correct"],
            "correct_hint": w["correct_hint"]}
