"""Findings about assets themselves: nobody owns them (``unowned-asset``), nobody holds a
duty their type requires (``missing-duty``), or a duty is shared with no stated split
(``shared-duty``). Owners and duties are inherited down ``part_of``."""

from __future__ import annotations

from collections.abc import Iterator

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, pos_of, start_of
from generator.i18n import duty_name
from generator.model.nodes import CsvRow


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
    up = f" nor does any asset it is part of ({ups})" if a.part_of else ""
    zup = "，所属的上级资产也没有" if a.part_of else ""
    return Raw(
        "unowned-asset", "asset", a.id, pos, f"assets[{a.id}].owner",
        f"asset '{a.id}' has no owner{up}; add owner: <department id>",
        f"资产「{a.name}」没有写明产权单位{zup}；请补上 owner。",
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
    names = ", ".join(missing)
    zh_names = "、".join(f"“{duty_name(x, 'zh')}”" for x in missing)
    word = "duty" if len(missing) == 1 else "duties"
    return ctx.asset_finding(a, "missing-duty", pos, lambda: Raw(
        "missing-duty", "asset", a.id, pos, f"{path}.duties.{missing[0]}",
        f"nobody holds the required {word} {names} of asset '{a.id}' (type {a.type}), "
        f"not even on an asset it is part of; add duties: {{{missing[0]}: "
        f"<department id>}}",
        f"资产「{a.name}」的必需职责{zh_names}无人承担（上级资产也没有写明）；"
        f"请在 duties 下写明承担单位。",
        (a.id,), ctx.accept_keys(a), ctx.parent_target(a)), tuple(missing))


def shared_duty(ctx: Context, a: m.Asset, duty: str, h: m.DutyHolding
                ) -> tuple[Raw, ...]:
    node = a.node
    dnode = node.get("duties") if isinstance(node, dict) else None
    if isinstance(dnode, dict) and duty in getattr(dnode, "marks", {}):
        pos = pos_of(dnode, duty, at="key")
    else:
        pos = pos_of(node, f"duties.{duty}") if hasattr(node, "header_index") else \
            start_of(node)
    by = ", ".join(h.by)
    zby = "、".join(ctx.dn(x) for x in h.by)
    return ctx.asset_finding(a, "shared-duty", pos, lambda: Raw(
        "shared-duty", "asset", a.id, pos, f"assets[{a.id}].duties.{duty}",
        f"duty {duty} of asset '{a.id}' is held by {by} with no stated split; write "
        f"{duty}: {{by: [...], split: <how it is split>}} or name one department",
        f"资产「{a.name}」的“{duty_name(duty, 'zh')}”职责由{zby}共同承担，但没有写明如何"
        f"分工；请写明 split，或只保留一家。",
        (a.id, *h.by), ctx.accept_keys(a),
        ctx.parent_target(a) + tuple(("department", x) for x in h.by)), (duty,))
