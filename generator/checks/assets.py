"""Findings about assets themselves: nobody owns them (``unowned-asset``), nobody holds a
duty their type requires (``missing-duty``), or a duty is shared with no stated split
(``shared-duty``). Owners and duties are inherited down ``part_of``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, joined, pos_of, say, start_of, words
from generator.model.nodes import CsvRow
from generator.words import duty_name


def check(ctx: Context) -> Iterator[Raw]:
    """unowned-asset, missing-duty and shared-duty, asset by asset."""
    d = ctx.d
    for a in d.registry.assets:
        if ctx.owner_of(a) is None:
            yield from unowned(ctx, a)
        # required duties nobody holds
        required = d.required_duties(a)
        if required:
            have = ctx.covered(a)
            missing = [x for x in required if x not in have]
            if missing:
                yield from missing_duty(ctx, a, missing)
        # duty claimed twice with no split
        for duty, h in (a.duties or {}).items():
            if len(h.by) > 1 and not h.split:
                yield from shared_duty(ctx, a, duty, h)


def unowned(ctx: Context, a: m.Asset) -> tuple[Raw, ...]:
    node = a.node
    # a CSV row's column is found only when the finding is made (not for every lamp)
    pos = (node.file, node.line, 0) if node.__class__ is CsvRow else start_of(node)
    return ctx.asset_finding(a, "unowned-asset", pos, lambda: unowned_raw(ctx, a))


def unowned_raw(ctx: Context, a: m.Asset) -> Raw:
    node = a.node
    pos = pos_of(node, "owner") if node.__class__ is CsvRow else start_of(node)
    ups = ", ".join(x.id for x in ctx.d.ancestors(a))
    up = (lambda lang: words("frag.unowned_up", lang, ups=ups)) if a.part_of else ""
    return Raw(
        "unowned-asset", "asset", a.id, pos, f"assets[{a.id}].owner",
        say("unowned_asset", id=a.id, name=a.name, up=up),
        (a.id,), ctx.accept_keys(a), ctx.parent_target(a))


def missing_duty(ctx: Context, a: m.Asset, missing: list[str]) -> tuple[Raw, ...]:
    node = a.node
    path = f"assets[{a.id}]"
    dnode = node.get("duties") if isinstance(node, dict) else None
    if hasattr(node, "header_index"):
        pos = pos_of(node, f"duties.{missing[0]}")
    elif isinstance(dnode, dict) and missing[0] in getattr(dnode, "marks", {}):
        pos = pos_of(dnode, missing[0], at="key")  # written with no holder
    elif isinstance(dnode, dict):
        pos = pos_of(node, "duties", at="key")
    else:
        pos = start_of(node)
    return ctx.asset_finding(a, "missing-duty", pos, lambda: Raw(
        "missing-duty", "asset", a.id, pos, f"{path}.duties.{missing[0]}",
        say("missing_duty", len(missing), id=a.id, name=a.name, type=a.type,
            ids=", ".join(missing), first=missing[0],
            duty_names=lambda lang: duty_list(missing, lang)),
        (a.id,), ctx.accept_keys(a), ctx.parent_target(a)), tuple(missing))


def duty_list(duties: Iterable[str], lang: str) -> str:
    """Duties by name, each quoted the language's way, listed the language's way."""
    return joined((words("quoted_duty", lang, duty=duty_name(x, lang)) for x in duties), lang)


def shared_duty(ctx: Context, a: m.Asset, duty: str, h: m.DutyHolding
                ) -> tuple[Raw, ...]:
    node = a.node
    dnode = node.get("duties") if isinstance(node, dict) else None
    if isinstance(dnode, dict) and duty in getattr(dnode, "marks", {}):
        pos = pos_of(dnode, duty, at="key")
    else:
        pos = pos_of(node, f"duties.{duty}") if hasattr(node, "header_index") else \
            start_of(node)
    return ctx.asset_finding(a, "shared-duty", pos, lambda: Raw(
        "shared-duty", "asset", a.id, pos, f"assets[{a.id}].duties.{duty}",
        say("shared_duty", id=a.id, name=a.name, duty=duty, by=", ".join(h.by),
            duty_name=lambda lang: duty_name(duty, lang),
            by_names=lambda lang: joined((ctx.dn(x) for x in h.by), lang)),
        (a.id, *h.by), ctx.accept_keys(a),
        ctx.parent_target(a) + tuple(("department", x) for x in h.by)), (duty,))
