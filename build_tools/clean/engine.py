"""Stage 2 — clean: run the enabled rules and keep an exact change log.

The cleaner applies the rules' edits and records each one in *raw-text*
coordinates, so that the log

* is sorted and non-overlapping,
* applied to the raw text gives exactly the cleaned text, and
* reversed gives back the raw text.

When a later rule edits text that an earlier rule already changed, the two
changes are merged into one log entry whose ``rule`` names both (``a+b``).
"""

from __future__ import annotations

import bisect
import json
from typing import Iterable

from ..core.model import Change, CleanResult, TextMeta
from . import rules as _rules  # noqa: F401  (registers the rules, in order)

# RULES and rule_by_name are read from here, where every rule is registered.
from .edits import RULES, Doubt, Edit, Rule, rule_by_name


def _apply_edits(text: str, edits: list[Edit]) -> str:
    pieces = []
    pos = 0
    for e in edits:
        pieces.append(text[pos : e.start])
        pieces.append(e.after)
        pos = e.end
    pieces.append(text[pos:])
    return "".join(pieces)


def _normalise_edits(edits: Iterable[Edit]) -> list[Edit]:
    """Sort edits and drop any that overlap an earlier one (first wins)."""
    result: list[Edit] = []
    last_end = -1
    for e in sorted(edits, key=lambda e: (e.start, e.end)):
        if e.start < last_end or (result and e.start == last_end == result[-1].start == result[-1].end):
            continue
        if e.start == e.end and not e.after:
            continue
        result.append(e)
        last_end = e.end
    return result


def _merges_on_touch(change: Change, edit: Edit) -> bool:
    """Whether an edit that only touches an earlier change must be merged with it.

    Two replacements side by side stay two changes (the reader sees each with
    its own reason); an insertion or deletion next to a change is merged, since
    its place relative to the other would otherwise be ambiguous.
    """
    return not (change.before and change.after and edit.start < edit.end)


class ChangeLog:
    """Changes in raw-text coordinates, kept sorted; composes later edits into them."""

    def __init__(self, raw: str):
        self.raw = raw
        self.changes: list[Change] = []

    def to_raw(self, pos: int) -> int:
        """The raw-text offset of an offset in the current text (start of a change it falls in)."""
        delta = 0
        for ch in self.changes:
            out_start = ch.start + delta
            out_end = out_start + len(ch.after)
            if pos < out_start:
                break
            if pos < out_end:
                return ch.start
            delta += len(ch.after) - (ch.end - ch.start)
        return max(0, min(len(self.raw), pos - delta))

    def compose(self, current: str, edits: list[Edit], rule_name: str) -> None:
        """Record ``edits`` made to ``current`` (the raw text with all changes so far).

        An edit that touches earlier changes is merged with them into one change,
        so the log stays sorted, non-overlapping and exact.
        """
        if not edits:
            return
        old = self.changes
        outs: list[tuple[int, int]] = []
        prefix = [0]  # prefix[k]: total length delta of old changes before k
        for ch in old:
            s = ch.start + prefix[-1]
            outs.append((s, s + len(ch.after)))
            prefix.append(prefix[-1] + len(ch.after) - (ch.end - ch.start))
        out_starts = [o[0] for o in outs]

        groups: list[list] = []  # [L, R, edits, first_old, last_old]
        for e in edits:
            left, right = e.start, e.end
            k = bisect.bisect_left(out_starts, right)
            first = last = None
            j = k - 1
            while j >= 0 and (outs[j][1] > left or (outs[j][1] == left and _merges_on_touch(old[j], e))):
                first = j
                last = j if last is None else last
                left = min(left, outs[j][0])
                right = max(right, outs[j][1])
                j -= 1
            while k < len(outs) and (out_starts[k] < right or (out_starts[k] == right and _merges_on_touch(old[k], e))):
                first = k if first is None else first
                last = k
                right = max(right, outs[k][1])
                k += 1
            if groups and left <= groups[-1][1]:
                g = groups[-1]
                g[0] = min(g[0], left)
                g[1] = max(g[1], right)
                g[2].append(e)
                if first is not None:
                    g[3] = first if g[3] is None else min(g[3], first)
                    g[4] = last if g[4] is None else max(g[4], last)
            else:
                groups.append([left, right, [e], first, last])

        merged: set[int] = set()
        fresh: list[Change] = []
        for left, right, group_edits, first, last in groups:
            if first is None:
                delta = prefix[bisect.bisect_left(out_starts, left)]
                raw_start, raw_end = left - delta, right - delta
                names, notes = [], []
            else:
                raw_start = old[first].start - (outs[first][0] - left)
                raw_end = old[last].end + (right - outs[last][1])
                names, notes = [], []
                for idx in range(first, last + 1):
                    merged.add(idx)
                    names.extend(n for n in old[idx].rule.split("+") if n not in names)
                    if old[idx].note:
                        notes.append(old[idx].note)
            if rule_name not in names:
                names.append(rule_name)
            notes.extend(e.note for e in group_edits if e.note and e.note not in notes)
            pieces, pos = [], left
            for e in group_edits:
                pieces.append(current[pos : e.start])
                pieces.append(e.after)
                pos = e.end
            pieces.append(current[pos:right])
            after = "".join(pieces)
            before = self.raw[raw_start:raw_end]
            if before != after:
                fresh.append(Change("+".join(names), raw_start, raw_end, before, after, "; ".join(notes)))
        kept = [ch for idx, ch in enumerate(old) if idx not in merged]
        self.changes = sorted(kept + fresh, key=lambda c: (c.start, c.end))


MAX_ROUNDS = 4  # passes of the whole rule list; the real texts are at rest after two


def enabled_rules(meta: TextMeta | None, switches: dict[str, bool] | None = None) -> list[Rule]:
    """The rules that run for a text: defaults, then texts.yaml, then explicit switches."""
    chosen = {r.name: r.enabled for r in RULES}
    if meta is not None:
        chosen.update(meta.rule_switches())
    if switches:
        chosen.update(switches)
    return [r for r in RULES if chosen.get(r.name, False)]


def clean_text(
    raw: str,
    meta: TextMeta,
    switches: dict[str, bool] | None = None,
    extra_rules: Iterable[Rule] = (),
) -> CleanResult:
    """Run the enabled rules in order; return the cleaned text and its change log."""
    log = ChangeLog(raw)
    text = raw
    doubts: list[tuple[int, str]] = []
    chosen = {r.name: r.enabled for r in RULES}
    if meta is not None:
        chosen.update(meta.rule_switches())
    chosen.update(switches or {})
    extra = [r for r in extra_rules if chosen.get(r.name, r.enabled)]
    rules = [*extra, *enabled_rules(meta, switches)]
    # One rule's repair can uncover another's damage ("сөз  . сөз"): the rules
    # run again, until a pass changes nothing, so cleaning is idempotent.
    # Rules that apply data to the raw text (emendations, declared passages) run once.
    once = {"emendation", "remove_not_part_of_work"}
    once_doubts: list[tuple[int, str]] = []
    for round_ in range(MAX_ROUNDS):
        changed = False
        found_doubts: list[tuple[int, str]] = []
        for r in rules:
            if round_ and r.name in once:
                continue
            found = list(r.func(text, meta) or ())
            for d in found:
                if isinstance(d, Doubt):
                    (once_doubts if r.name in once else found_doubts).append(
                        (log.to_raw(d.start), f"{r.name}: {d.message}")
                    )
            edits = _normalise_edits(e for e in found if isinstance(e, Edit))
            if not edits:
                continue
            log.compose(text, edits, r.name)
            text = _apply_edits(text, edits)
            changed = True
        doubts = found_doubts  # the doubts of the last pass: those still standing
        if not changed:
            break
    doubts = sorted(set(doubts + once_doubts))
    return CleanResult(raw=raw, text=text, changes=log.changes, doubts=doubts)


def apply_changes(raw: str, changes: list[Change]) -> str:
    """Apply a change log to the raw text (used by tests and by ``replay``)."""
    return _apply_edits(raw, [Edit(c.start, c.end, c.after) for c in changes])


def reverse_changes(cleaned: str, changes: list[Change]) -> str:
    """Undo a change log on the cleaned text, giving back the raw text."""
    result = CleanResult(raw="", text=cleaned, changes=list(changes))
    edits = [Edit(p.out_start, p.out_end, p.change.before) for p in result.placed_changes()]
    return _apply_edits(cleaned, edits)


def changes_to_jsonl(changes: list[Change]) -> str:
    return "".join(json.dumps(c.to_json(), ensure_ascii=False) + "\n" for c in changes)


def changes_from_jsonl(text: str) -> list[Change]:
    return [Change(**json.loads(line)) for line in text.splitlines() if line.strip()]


def offsets_to_line(text: str, offset: int) -> int:
    """1-based line number of an offset (for messages)."""
    return text.count("\n", 0, offset) + 1


__all__ = [
    "RULES",
    "Rule",
    "Edit",
    "Doubt",
    "clean_text",
    "apply_changes",
    "reverse_changes",
    "changes_to_jsonl",
    "changes_from_jsonl",
    "enabled_rules",
    "offsets_to_line",
    "rule_by_name",
]
