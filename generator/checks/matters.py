"""Findings about matters: for some assets of the matter's types nobody can be found to
answer (``matter-unroutable``), agreeing with :func:`generator.answers.routing.route`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from generator import model as m
from generator.answers.act_now import after_hours_contact, urgent
from generator.checks.context import Context
from generator.checks.core import Member, Raw, eg, item_pos, joined, pos_of, say, words
from generator.words import asset_type_name, duty_name


def check(ctx: Context) -> Iterator[Raw]:
    """Matters that cannot be routed for some asset of their types.

    Routing (routing.route) finds nobody when no asset in the chain names the matter's
    duty, none has an owner, no open handover covers the duty (its interim or builder
    answers), and no open dispute names an interim. Only assets with no effective owner
    can fail, so they are collected once per type, the candidates once per (type,
    duty), and each matter only looks again at the few candidates with open disputes:
    linear in the registry, whatever the number of matters.
    """
    d = ctx.d
    routed = [x for x in d.registry.matters if x.asset_types and not x.handled_by]
    if not routed:
        return
    unowned: dict[str, list[m.Asset]] = defaultdict(list)
    for a in d.registry.assets:
        if ctx.owner_of(a) is None:
            unowned[a.type].append(a)
    disputed = {dp.asset for dp in d.registry.disputes
                if dp.status == "open" and dp.interim and dp.asset}
    # (type, duty) -> (acceptor -> (plain candidates, their members), maybe-disputed)
    Cands = tuple[dict[Any, tuple[list[m.Asset], tuple[Member, ...]]], list[m.Asset]]
    cache: dict[tuple[str, str], Cands] = {}

    def candidates(t: str, duty: str) -> Cands:
        got = cache.get((t, duty))
        if got is not None:
            return got
        plain: dict[Any, list[m.Asset]] = defaultdict(list)
        maybe: list[m.Asset] = []
        for a in unowned.get(t, ()):
            if duty and duty in ctx.covered(a):
                continue
            found = d.applicable_handover(a, duty or None)
            if found is not None and found[1].status != "accepted":
                continue
            if disputed and (a.id in disputed or
                             any(p.id in disputed for p in d.ancestors(a))):
                maybe.append(a)
            else:
                by = ctx.acceptor(ctx.accept_keys(a), "matter-unroutable") \
                    if ctx.accepted else None
                plain[by].append(a)
        groups = {k: (v, tuple(ctx.member(a) for a in v))
                  for k, v in plain.items()}
        cache[(t, duty)] = (groups, maybe)
        return cache[(t, duty)]

    for mt in routed:
        if any(dp.status == "open" and not dp.asset and dp.interim
               for dp in d.disputes_of_matter.get(mt.id, ())):
            continue  # a dispute about the matter names who answers meanwhile
        duty = mt.duty or ""
        for ti, t in enumerate(mt.asset_types):
            groups, maybe = candidates(t, duty)
            extra: dict[Any, list[m.Asset]] = defaultdict(list)
            for a in maybe:
                if not any(dp.interim for dp in d.open_disputes(a, mt)):
                    extra[ctx.acceptor(ctx.accept_keys(a), "matter-unroutable")].append(a)
            # assets that accept this gap (accepted_gaps: matter-unroutable) are
            # reported apart, accepted by their own entry
            for by in sorted({*groups, *extra},
                             key=lambda k: (k is not None, k or ("", ""))):
                bad, members = groups.get(by, ([], ()))
                if extra.get(by):
                    if not ctx.asset_order:
                        ctx.asset_order = {x.id: i for i, x in enumerate(d.registry.assets)}
                    order = ctx.asset_order
                    bad = sorted([*bad, *extra[by]], key=lambda x: order[x.id])
                    members = tuple(ctx.member(x) for x in bad)
                if bad:
                    yield matter_unroutable(ctx, mt, ti, t, duty, bad, members, by)


def matter_unroutable(ctx: Context, mt: m.Matter, ti: int, t: str, duty: str,
                      bad: list[m.Asset], members: tuple[Member, ...],
                      by: tuple[str, str] | None) -> Raw:
    d = ctx.d
    ids = [a.id for a in bad[:4]]
    at = d.asset_types.get(t)
    first = mt.first_contact
    first_name = ctx.dn(first)
    msg = say(
        "matter_unroutable", len(bad), id=mt.id, name=mt.name, type=t, eg=eg(ids),
        type_name=lambda lang: asset_type_name(at, lang) if at else t,
        duty=duty or (lambda lang: words("frag.no_duty", lang)),
        duty_word=duty or (lambda lang: words("frag.duty", lang)),
        duty_name=lambda lang: duty_name(duty, lang),
        fallback=lambda lang: words("frag.first_takes", lang, first=first,
                                    first_name=first_name) if first
        else words("frag.nobody_takes", lang))
    key = id(members)
    if key not in ctx.asset_targets:
        found: dict[tuple[str, str], None] = {}
        for a in bad:
            for tg in ctx.parent_target(a):
                found[tg] = None
        ctx.asset_targets[key] = (members, tuple(found))  # keep members alive
    targets = (("matter", mt.id), *ctx.asset_targets[key][1])
    return Raw("matter-unroutable", "matter", mt.id,
               item_pos(mt.node, "asset_types", ti),
               f"matters[{mt.id}].asset_types[{ti}]",
               msg, (mt.id, *ids[:3]), (by,) if by else (), targets,
               members=members)


def after_hours(ctx: Context) -> Iterator[Raw]:
    """urgent-no-after-hours: an urgent matter (flagged, or a time limit of a day or less)
    that some answer would leave with nobody to call at night: neither the answering body
    nor the first contact nor ``site.fallback`` has a contact open at any hour."""
    d = ctx.d
    matters = [mt for mt in d.registry.matters if urgent(mt)]
    if not matters:
        return
    # The bodies that answer on assets of one type for one duty, worked out once for every
    # urgent matter that asks (one walk over the assets, not one per matter).
    wanted = {(t, mt.duty or "") for mt in matters if not mt.handled_by for t in mt.asset_types}
    holders: dict[tuple[str, str], set[str]] = defaultdict(set)
    if wanted:
        duties_of: dict[str, list[str]] = defaultdict(list)
        for t, duty in wanted:
            duties_of[t].append(duty)
        for a in d.registry.assets:
            for duty in duties_of.get(a.type, ()):
                held = d.duty_holder(a, duty) if duty else None
                owner = held.holding.by[0] if held is not None else d.effective_owner(a)[0]
                holders[(a.type, duty)].add(owner or "")
    for mt in matters:
        if mt.handled_by:
            bodies = {mt.handled_by}
        else:
            # an answer without a place is the first contact's
            bodies = {mt.first_contact} if mt.first_contact else set()
            for t in mt.asset_types:
                bodies |= holders.get((t, mt.duty or ""), set())
        without = sorted(b for b in bodies if after_hours_contact(d, mt, b or None) is None)
        if not without:
            continue
        shown = [ctx.dn(b) for b in without[:3] if b] or [mt.id]

        def names(lang: str, shown: list[str] = shown) -> str:
            return joined(shown, lang)

        key = "time_limit" if mt.time_limit is not None and not mt.urgent else "urgent"
        yield Raw(
            "urgent-no-after-hours", "matter", mt.id, pos_of(mt.node, key),
            f"matters[{mt.id}].{key}",
            say("urgent_no_after_hours", id=mt.id, name=mt.name, who=names),
            (mt.id, *[b for b in without[:3] if b]), (("matter", mt.id),), (("matter", mt.id),))
