"""Stage 2 — clean: what a cleaning rule is, and how rules are registered.

Modelled on ftfy: every rule is a small function with a name and an on/off
switch.  A rule looks at the current text and proposes ``Edit``s (or reports a
``Doubt`` where it cannot tell); :mod:`.engine` applies them and logs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable

from ..core.locale import t
from ..core.model import TextMeta


@dataclass(frozen=True)
class Edit:
    """A proposed replacement of ``text[start:end]`` in the *current* text."""

    start: int
    end: int
    after: str
    note: str = ""  # why, when the rule has more to say than its label (emendations)


@dataclass(frozen=True)
class Doubt:
    """A doubtful place a rule did not change: reported to the editor (``check``)."""

    start: int  # offset in the *current* text
    message: str


RuleFunc = Callable[[str, TextMeta], Iterable["Edit | Doubt"]]


@dataclass(frozen=True)
class Rule:
    name: str
    group: str  # the kind of change, for the notes at the end of a text
    label_kk: str  # what the reader is told, in Kazakh (locale file: rules.<name>.kk)
    label_en: str  # the same in English (rules.<name>.en)
    func: RuleFunc
    enabled: bool = True  # default switch; texts.yaml `rules:` overrides per text
    # A normalisation the reader need not see one by one (spacing, line ends, a
    # look-alike letter): the notes at the end of a page count it instead of listing it.
    trivial: bool = False


RULES: list[Rule] = []


def rule(name: str, group: str, enabled: bool = True, trivial: bool = False):
    """Register a cleaning rule (order of registration is order of application).

    Its labels are the locale file's ``rules.<name>.kk`` and ``rules.<name>.en``;
    its group is a kind of change as the notes name it (``apparatus.groups.<group>``).
    All rules of a group are trivial or none is (tests/clean/test_rules.py).
    """

    def register(func: RuleFunc) -> RuleFunc:
        RULES.append(Rule(name, group, t(f"rules.{name}.kk"), t(f"rules.{name}.en"), func, enabled, trivial))
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
