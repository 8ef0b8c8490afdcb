"""Findings about handovers between departments: none names who answers until it is
accepted (``handover-no-interim``), it is past its due date (``handover-overdue``), or it is
disputed with no dispute recorded (``dispute-unrecorded``)."""

from __future__ import annotations

from collections.abc import Iterator

from generator import model as m
from generator.checks.context import Context
from generator.checks.core import Raw, pos_of
from generator.directory import days_overdue


def check(ctx: Context) -> Iterator[Raw]:
    """handover-no-interim, handover-overdue and dispute-unrecorded, for every asset with a
    handover."""
    for a in ctx.d.registry.assets:
        if a.handover is not None:
            yield from check_handover(ctx, a, a.handover)


def check_handover(ctx: Context, a: m.Asset, h: m.Handover) -> Iterator[Raw]:
    hn = h.node
    path = f"assets[{a.id}].handover"
    deps = tuple(dict.fromkeys(x for x in (h.from_, h.to, h.interim) if x))
    targets = ctx.parent_target(a) + tuple(("department", x) for x in deps)
    zh_state = {"planned": "计划移交", "in-progress": "移交中", "disputed": "有争议"}
    if h.status != "accepted" and not h.interim:
        pos = pos_of(a.node, "handover", at="key")
        yield from ctx.asset_finding(a, "handover-no-interim", pos, lambda: Raw(
            "handover-no-interim", "asset", a.id, pos, f"{path}.interim",
            f"handover of '{a.id}' from '{h.from_}' to '{h.to}' is {h.status} and names no "
            f"interim body to answer until it is accepted; add interim: <department id>",
            f"资产「{a.name}」从{ctx.dn(h.from_)}移交给{ctx.dn(h.to)}尚未完成"
            f"（{zh_state.get(h.status, h.status)}），也没有指定验收前由谁负责；请写明 "
            f"interim（过渡期责任单位）。",
            (a.id, *deps), ctx.accept_keys(a), targets))
    late = days_overdue(h, ctx.today)
    if late:
        yield from ctx.asset_finding(a, "handover-overdue", pos_of(hn, "due"), lambda: Raw(
            "handover-overdue", "asset", a.id, pos_of(hn, "due"), f"{path}.due",
            f"handover of '{a.id}' to '{h.to}' is {late} days past its due date "
            f"{h.due}; record the acceptance or set a new due date",
            f"资产「{a.name}」移交给{ctx.dn(h.to)}已超过期限 {h.due} 共 {late} 天仍未"
            f"验收；请记录验收结果，或确定新的期限。",
            (a.id, *deps), ctx.accept_keys(a), targets, days=late))
    if h.status == "disputed":
        chain = (a, *ctx.d.ancestors(a))
        recorded = any(dp.status == "open" for x in chain
                       for dp in ctx.d.disputes_of_asset.get(x.id, ()))
        if not recorded:
            yield from ctx.asset_finding(a, "dispute-unrecorded", pos_of(hn, "status"), lambda: Raw(
                "dispute-unrecorded", "asset", a.id, pos_of(hn, "status"),
                f"{path}.status",
                f"handover of '{a.id}' to '{h.to}' is disputed but no open dispute is "
                f"recorded for '{a.id}'; add a disputes entry with parties, arbiter, "
                f"deadline and interim",
                f"资产「{a.name}」的移交有争议，但没有登记对应的职责争议；请在 disputes 中"
                f"登记当事方、裁定单位、期限和过渡期责任单位。",
                (a.id, *deps), ctx.accept_keys(a), targets))
