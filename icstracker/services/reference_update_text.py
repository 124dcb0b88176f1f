"""A reference update in words: what ``--dry-run`` prints and what applying reports.

One line per new, closed, renamed or re-coded area and per merger or split, each with its
date; the areas that move with a change are counted on one line per move ("3 sub-ICB
locations, 41 PCNs, 2 councils from … to …"), or listed one by one when asked.
"""

from __future__ import annotations

from collections import defaultdict

from icstracker.db.reference.update.changes import Moved, Plan
from icstracker.services.reference_update import FileOutcome
from icstracker.text import long_date
from icstracker.vocabulary import AreaKind

_COUNTED = (
    ("sub_icb", AreaKind.SUB_ICB.words, AreaKind.SUB_ICB.plural),
    ("pcn", AreaKind.PCN.words, AreaKind.PCN.plural),
    ("council", AreaKind.LOCAL_AUTHORITY.words, AreaKind.LOCAL_AUTHORITY.plural),
)


def _line(verb: str, kind: str, code: str, text: str) -> str:
    return f"  {verb:<9} {AreaKind.short_of(kind):<8} {code:<10} {text}".rstrip()


def describe_outcome(outcome: FileOutcome, *, verbose: bool = False) -> list[str]:
    if outcome.plan is None:
        when = f" on {long_date(outcome.applied_before.date())}" if outcome.applied_before else ""
        return [f"{outcome.file_name}: already applied{when}; nothing to do."]
    plan = outcome.plan
    lines = [
        f"{outcome.file_name}: the {outcome.label} of {long_date(outcome.dated)} "
        f"({outcome.dated_by}); changes take effect on {long_date(plan.effective)}."
    ]
    if plan.is_empty:
        return [*lines, "  no changes: the footprints already match it."]
    lines += describe_plan(plan, verbose=verbose)
    return lines


def _where(plan: Plan, code: str) -> str:
    return f"{plan.name_of(code)} ({code})"


def describe_plan(plan: Plan, *, verbose: bool = False) -> list[str]:
    lines: list[str] = []
    for new in plan.new:
        place = ", ".join(_where(plan, s.parent) for s in new.shares if s.is_main)
        where = f"in {place}" if place else f"in region {_where(plan, new.parent)}"
        lines.append(
            _line(
                "new", new.kind, new.code, f"{new.name}, {where}, from {long_date(new.valid_from)}"
            )
        )
    for closed in plan.closed:
        lines.append(
            _line(
                "closed",
                closed.kind,
                closed.code,
                f"{closed.name}, last day {long_date(closed.last_day)} ({closed.reason})",
            )
        )
    for reopened in plan.reopened:
        lines.append(_line("reopened", reopened.kind, reopened.code, reopened.name))
    effective = long_date(plan.effective)
    for renamed in plan.renamed:
        text = f"{renamed.old_name} → {renamed.name}, from {effective}"
        lines.append(_line("renamed", renamed.kind, renamed.code, text))
    for recoded in plan.recoded:
        text = f"{recoded.name}: ONS code {recoded.old_ons_code} → {recoded.ons_code}"
        lines.append(_line("re-coded", recoded.kind, recoded.code, f"{text}, from {effective}"))
    lines += _successions(plan)
    lines += _moves(plan, verbose)
    closing = {closed.code for closed in plan.closed}
    for refiled in plan.refiled:
        if refiled.kind == "icb" and refiled.code not in closing:  # to another region
            text = f"{plan.name_of(refiled.code)}, now in {_where(plan, refiled.parent)}"
            lines.append(_line("moved", "icb", refiled.code, f"{text}, from {effective}"))
    if plan.practices:
        added = sum(1 for p in plan.practices if p.is_new)
        lines.append(
            f"  practices {added} added, {len(plan.practices) - added} with a new PCN, "
            "sub-ICB location, name or postcode"
        )
    lines += [f"  note: {note}" for note in plan.notes]
    return lines


def _successions(plan: Plan) -> list[str]:
    lines = []
    by_predecessor: dict[str, list[str]] = defaultdict(list)
    for succession in plan.successions:
        by_predecessor[succession.predecessor].append(succession.successor)
    merged: dict[str, list[str]] = defaultdict(list)
    for predecessor, successors in sorted(by_predecessor.items()):
        if len(successors) > 1:
            into = ", ".join(_where(plan, s) for s in sorted(successors))
            text = f"{_where(plan, predecessor)} into {into}, on {long_date(plan.effective)}"
            lines.append(_line("split", "icb", "", text))
        else:
            merged[successors[0]].append(predecessor)
    for successor, predecessors in sorted(merged.items()):
        kinds = {s.kind for s in plan.successions if s.successor == successor}
        verb = "became" if kinds == {"became"} else "merged"
        joined = ", ".join(_where(plan, p) for p in sorted(predecessors))
        text = f"{joined} into {_where(plan, successor)}, on {long_date(plan.effective)}"
        lines.append(_line(verb, "icb", "", text))
    return lines


def _moves(plan: Plan, verbose: bool) -> list[str]:
    groups: dict[tuple[tuple[str, ...], tuple[str, ...], str], list[Moved]] = defaultdict(list)
    for moved in plan.moved:
        before = {s.parent for s in moved.old}
        after = {s.parent for s in moved.new}
        left, joined = tuple(sorted(before - after)), tuple(sorted(after - before))
        groups[(left, joined, moved.start.isoformat())].append(moved)
    lines = []
    for (old, new, _start), moves in sorted(groups.items()):
        counts = []
        for kind, one, many in _COUNTED:
            n = sum(1 for m in moves if _counted_kind(m.kind) == kind)
            if n:
                counts.append(f"{n} {one if n == 1 else many}")
        source = " and ".join(_where(plan, c) for c in old) or "no ICB"
        target = " and ".join(_where(plan, c) for c in new)
        text = f"{', '.join(counts)} from {source} to {target}, from {long_date(moves[0].start)}"
        lines.append(_line("moved", "", "", text))
        if verbose:
            for move in sorted(moves, key=lambda m: (m.kind, m.code)):
                why = f" ({move.reason})" if move.reason else ""
                lines.append(
                    f"{'':32}{AreaKind.short_of(move.kind):<8} {move.code:<10} {move.name}{why}"
                )
    return lines


def _counted_kind(kind: str) -> str:
    return "council" if kind in ("local_authority", "district") else kind
