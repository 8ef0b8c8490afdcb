"""The messages an answer lets a person send: "report it" to the office that answers, and
"suggest a correction" to the registry's editors.

One text for every place that offers them: ``remit lookup --format json`` (``report``,
``correction``), the matter pages (built here at build time) and the lookup page, whose
script (``lookup.js``, ``reportMessage``) reproduces :func:`report_message` and
:func:`correction_message` word for word; the browser tests compare them.

The report goes to the contact the answer's first line names, else the first e-mail among
that body's contacts for the matter, then the answering body's, then the first contact's
(:func:`recipients`); a text message (``sms:``) is offered when one of them has a mobile
number (:data:`MOBILE`). The body says what, where, what the registry answered and why,
and the page's address, so that a request starts with everything the office needs.

Registry text is data: the links are built with :func:`urllib.parse.quote` (the script uses
``encodeURIComponent``; :data:`SAFE` makes the two alike) and never as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import quote

from generator import model as m
from generator.answers.act_now import Call, relevant_contacts
from generator.directory import Directory, public_contacts
from generator.words import asset_type_name, t

#: What ``encodeURIComponent`` leaves as it is besides letters, digits and ``_.-~``.
SAFE = "!*'()"
#: A mobile number: 11 digits starting 13-19, optionally after +86 or 0086 (spaces, dashes
#: and brackets aside). Other numbers (landlines, hotlines) get no ``sms:`` link.
MOBILE = re.compile(r"^(?:\+86|0086|86)?(1[3-9][0-9]{9})$")


@dataclass(frozen=True)
class Message:
    """A message ready to send: ``to`` (an e-mail address, or None: the sender picks one),
    ``sms`` (a mobile number, or None), the subject and the body (lines joined by ``\\n``)."""

    to: str | None
    subject: str
    body: str
    sms: str | None = None

    def mailto(self) -> str:
        """``mailto:TO?subject=...&body=...`` (RFC 6068: line breaks as ``%0D%0A``)."""
        return ("mailto:" + quote(self.to or "", safe="@" + SAFE) + "?subject="
                + quote(self.subject, safe=SAFE) + "&body="
                + quote(self.body.replace("\n", "\r\n"), safe=SAFE))

    def sms_href(self) -> str | None:
        """``sms:NUMBER?body=...`` (RFC 5724), or None without a mobile number."""
        if not self.sms:
            return None
        return "sms:" + self.sms + "?body=" + quote(self.body, safe=SAFE)

    def as_json(self) -> dict[str, object]:
        return {"to": self.to, "subject": self.subject, "body": self.body, "sms": self.sms,
                "mailto": self.mailto(), "sms_href": self.sms_href()}


def mobile(phone: str | None) -> str | None:
    """The number to text, when ``phone`` looks like a mobile number (:data:`MOBILE`)."""
    if not phone:
        return None
    digits = re.sub(r"[ \t\-().]", "", phone)
    mm = MOBILE.match(digits)
    return mm.group(1) if mm else None


def _public(cs: Iterable[m.Contact]) -> list[m.Contact]:
    return [c for c in cs if c.visibility == "public"]


def recipients(d: Directory, matter: m.Matter, department: str | None,
               call: Call) -> list[m.Contact]:
    """Whom the report may go to, in order: the contact the first line names, the contacts
    of the body it names that serve the matter, then the answering body's, then the first
    contact's (each once)."""
    out: list[m.Contact] = []
    if call.contact is not None and call.contact.visibility == "public":
        out.append(call.contact)
    for dep_id in (call.department, department, matter.first_contact):
        dep = d.departments.get(dep_id or "")
        if dep is not None:
            out += [c for c in _public(relevant_contacts(dep, matter)) if c not in out]
    return out


def _what(d: Directory, matter: m.Matter, asset: m.Asset | None, lang: str,
          at: tuple[float, float] | None) -> list[str]:
    lines = [t("answer.matter", lang, x=matter.name)]
    if asset is not None:
        typ = d.asset_types.get(asset.type)
        lines.append(t("answer.asset", lang, x=asset.name,
                       type=asset_type_name(typ, lang) if typ else asset.type))
    if at is not None:
        lines.append(t("message.at", lang, lon=f"{at[0]:.6f}", lat=f"{at[1]:.6f}"))
    if asset is None and at is None and not matter.handled_by:
        lines.append(t("message.where", lang))
    return lines


def _subject(key: str, matter: m.Matter, asset: m.Asset | None, lang: str) -> str:
    if asset is None:
        return t(f"message.{key}", lang, what=matter.name)
    return t(f"message.{key}_at", lang, matter=matter.name, asset=asset.name)


def report_message(d: Directory, matter: m.Matter, asset: m.Asset | None,
                   department: str | None, reasons: Iterable[str], call: Call, lang: str,
                   address: str | None = None,
                   at: tuple[float, float] | None = None) -> Message:
    """The report of ``matter`` (on ``asset``, or at ``at``: longitude, latitude) to whom
    the answer names: ``department`` answers, ``call`` is its first line, ``address`` the
    page that shows it."""
    lines = [t("message.greeting", lang), *_what(d, matter, asset, lang, at), "",
             t("message.details", lang), t("message.details_hint", lang), "",
             t("message.answer", lang, x=call.text), t("answer.reasons", lang)]
    lines += [f"{i}. {r}" for i, r in enumerate(reasons, 1)]
    if address:
        lines.append(t("message.address", lang, x=address))
    cs = recipients(d, matter, department, call)
    to = next((c.email for c in cs if c.email), None)
    sms = next((x for x in (mobile(c.phone) for c in cs) if x), None)
    return Message(to, _subject("subject", matter, asset, lang), "\n".join(lines), sms)


def editors(d: Directory) -> str | None:
    """Where corrections go: ``site.editors``, else the first e-mail among the fallback
    department's public contacts; None when neither is known."""
    site = d.registry.site
    if site.editors:
        return site.editors
    dep = d.departments.get(site.fallback or "")
    if dep is None:
        return None
    return next((c.email for c in public_contacts(dep) if c.email), None)


def correction_message(d: Directory, matter: m.Matter, asset: m.Asset | None,
                       department: str | None, reasons: Iterable[str], call: Call,
                       lang: str, address: str | None = None,
                       at: tuple[float, float] | None = None) -> Message | None:
    """A correction of this answer to the registry's editors (:func:`editors`); None when
    there is nobody to send it to."""
    to = editors(d)
    if to is None:
        return None
    lines = [t("message.correct_greeting", lang), *_what(d, matter, asset, lang, at)]
    if department:
        lines.append(t("answer.department", lang, x=d.name_of(department)))
    lines += [t("message.answer", lang, x=call.text), t("answer.reasons", lang)]
    lines += [f"{i}. {r}" for i, r in enumerate(reasons, 1)]
    if address:
        lines.append(t("message.address", lang, x=address))
    lines += ["", t("message.correct_what", lang), t("message.correct_hint", lang)]
    return Message(to, _subject("correct_subject", matter, asset, lang), "\n".join(lines))


def answer_address(base: str | None, matter: str, asset: str | None = None,
                   at: tuple[float, float] | None = None, directory_urls: bool = True
                   ) -> str | None:
    """The lookup page's address of an answer, ``<base>lookup/?m=M&a=A&at=LON,LAT`` (the
    page writes the same), or None without ``base``."""
    if not base:
        return None
    page = "lookup/" if directory_urls else "lookup/index.html"
    query = "m=" + quote(matter, safe="")
    if asset:
        query += "&a=" + quote(asset, safe="")
    if at is not None:
        query += "&at=" + quote(f"{at[0]:.6f},{at[1]:.6f}", safe="")
    return base.rstrip("/") + "/" + page + "?" + query
