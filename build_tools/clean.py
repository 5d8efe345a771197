"""Stage 2 — clean: an ordered list of small named rules, each explaining its changes.

Modelled on ftfy: every rule is a small function with a name and an on/off
switch.  A rule looks at the current text and proposes edits; the cleaner
applies them and records each one in *raw-text* coordinates, so that the log

* is sorted and non-overlapping,
* applied to the raw text gives exactly the cleaned text, and
* reversed gives back the raw text.

When a later rule edits text that an earlier rule already changed, the two
changes are merged into one log entry whose ``rule`` names both (``a+b``).
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass
from typing import Callable, Iterable

from .model import Change, CleanResult, TextMeta


@dataclass(frozen=True)
class Edit:
    """A proposed replacement of ``text[start:end]`` in the *current* text."""

    start: int
    end: int
    after: str


RuleFunc = Callable[[str, TextMeta], Iterable[Edit]]


@dataclass(frozen=True)
class Rule:
    name: str
    group: str  # the kind of change, for the notes at the end of a text
    label_kk: str  # what the reader is told, in Kazakh
    label_en: str
    func: RuleFunc
    enabled: bool = True  # default switch; texts.yaml `rules:` overrides per text


RULES: list[Rule] = []


def rule(name: str, group: str, label_kk: str, label_en: str, enabled: bool = True):
    """Register a cleaning rule (order of registration is order of application)."""

    def register(func: RuleFunc) -> RuleFunc:
        RULES.append(Rule(name, group, label_kk, label_en, func, enabled))
        return func

    return register


def rule_by_name(name: str) -> Rule | None:
    base = name.split("+")[0]
    return next((r for r in RULES if r.name == base), None)


def regex_rule(pattern: str, replacement, flags: int = 0) -> RuleFunc:
    """Build a rule function from a regular expression and a replacement.

    ``replacement`` is a string (``match.expand`` syntax) or a function of the
    match returning the new text, or ``None`` to leave the match alone.
    """
    compiled = re.compile(pattern, flags)

    def find(text: str, meta: TextMeta) -> Iterable[Edit]:
        for m in compiled.finditer(text):
            new = m.expand(replacement) if isinstance(replacement, str) else replacement(m)
            if new is not None and new != m.group(0):
                yield Edit(m.start(), m.end(), new)

    return find


# --------------------------------------------------------------------------- rules

CYR = "А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі"


@rule(
    "remove_not_part_of_work",
    "not_part_of_work",
    "Шығармаға жатпайтын мәтін алынды (texts.yaml)",
    "Text that is not part of the work removed (declared in texts.yaml)",
)
def remove_not_part_of_work(text: str, meta: TextMeta) -> Iterable[Edit]:
    for passage in meta.not_part_of_work:
        index = text.find(passage)
        if index >= 0:
            yield Edit(index, index + len(passage), "")


@rule(
    "normalize_unicode",
    "unicode",
    "Юникод қалыпқа келтірілді (NFC)",
    "Unicode normalised to NFC (letter + combining mark joined)",
)
def normalize_unicode(text: str, meta: TextMeta) -> Iterable[Edit]:
    # Normalise runs of a base letter and its combining marks, one at a time.
    for m in re.finditer(r"\w[\u0300-\u036f]+", text):
        new = unicodedata.normalize("NFC", m.group(0))
        if new != m.group(0):
            yield Edit(m.start(), m.end(), new)


@rule(
    "remove_invisible_characters",
    "unicode",
    "Көрінбейтін таңба алынды",
    "Invisible character removed (zero-width space, soft hyphen, BOM)",
)
def remove_invisible_characters(text: str, meta: TextMeta) -> Iterable[Edit]:
    return regex_rule("[\u200b\u200c\u200d\u2060\ufeff\u00ad]+", "")(text, meta)


@rule(
    "normalize_spaces",
    "spacing",
    "Бос орын түзетілді",
    "Non-breaking or repeated spaces made one space",
)
def normalize_spaces(text: str, meta: TextMeta) -> Iterable[Edit]:
    return regex_rule(r"(?:[ \u00a0\u2009\u202f](?<!\t))*\u00a0[ \u00a0]*| {2,}", " ")(text, meta)


@rule(
    "strip_line_ends",
    "spacing",
    "Жол басындағы не соңындағы бос орын алынды",
    "Spaces at the start or end of a line removed",
)
def strip_line_ends(text: str, meta: TextMeta) -> Iterable[Edit]:
    return regex_rule(r"(?m)^ +(?=\S)| +$", "")(text, meta)


# --------------------------------------------------------------------------- engine


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


class ChangeLog:
    """Changes in raw-text coordinates, kept sorted; composes later edits into them."""

    def __init__(self, raw: str):
        self.raw = raw
        self.changes: list[Change] = []

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
            k = bisect.bisect_right(out_starts, right)
            first = last = None
            j = k - 1
            while j >= 0 and outs[j][1] >= left:
                first = j
                last = j if last is None else last
                left = min(left, outs[j][0])
                right = max(right, outs[j][1])
                j -= 1
            while k < len(outs) and out_starts[k] <= right:
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
    for r in [*extra_rules, *enabled_rules(meta, switches)]:
        edits = _normalise_edits(r.func(text, meta))
        if not edits:
            continue
        log.compose(text, edits, r.name)
        text = _apply_edits(text, edits)
    return CleanResult(raw=raw, text=text, changes=log.changes)


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
    "rule",
    "regex_rule",
    "clean_text",
    "apply_changes",
    "reverse_changes",
    "changes_to_jsonl",
    "changes_from_jsonl",
    "enabled_rules",
    "rule_by_name",
]
