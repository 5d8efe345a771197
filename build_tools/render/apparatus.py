"""The editorial apparatus the reader sees: marked changes and the notes at the end of a page.

* ``change_tag`` — the inline mark of a changed reading, quiet until the reader
  shows the marks (``docs/assets/marks.css``): then hovering or focusing
  it shows the original reading and the reason (the ``title`` becomes a
  Material tooltip); print shows the edited text unmarked (the PDFs footnote
  the substantive changes: ``render/printed.py``); the page switch shows all
  original readings (``docs/assets/edition.js``).
* ``editorial_notes`` — the notes at the end of a page. Every change on the
  page is in them, grouped by kind (``apparatus.groups`` in the locale file),
  each kind explained once. Changes that alter a word are listed one by one,
  each with its ¶ link and the characters that differ highlighted (look-alike
  letters named: "латын C → кирилл С"); trivial normalisations (rules
  registered with ``trivial=True``: spacing, line ends, look-alike letters)
  are counted by kind, with the paragraphs they occur in one click away.

Whitespace-only changes are not marked inline (there is nothing to see), but
they are counted with their paragraphs like every other change.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from ..clean.engine import RULES, rule_by_name
from ..core.locale import t, t_keys, t_map
from ..core.model import Change, Division, Document
from .base import english_version, md_heading

LIST_OPEN_LIMIT = 25  # a kind with more listed changes starts folded (<details>)
REFS_OPEN_LIMIT = 5  # a counted kind in fewer paragraphs shows them at once


def esc(text: str) -> str:
    return html.escape(text, quote=True)


# --------------------------------------------------------------------------- kinds of change


def groups() -> list[str]:
    """The kinds of change (rule groups) in the order the notes list them."""
    return t_keys("apparatus.groups")


def group_title(group: str) -> str:
    """A kind of change as the reader is told it (its own name if the locale file has none)."""
    return t(f"apparatus.groups.{group}.title") if group in groups() else group


def group_text(group: str, language: str = "kk") -> str:
    """The plain-language explanation of a kind of change (``language`` "kk" or "en")."""
    if group not in groups():
        return ""
    return t(f"apparatus.groups.{group}.text") if language == "kk" else t(f"apparatus.groups.{group}.en")


def rule_names(change: Change) -> list[str]:
    return change.rule.split("+")


def is_trivial(change: Change) -> bool:
    """Whether the notes count a change instead of listing it: all its rules are trivial."""
    found = [rule_by_name(name) for name in rule_names(change)]
    return all(r is not None and r.trivial for r in found)


def group_is_trivial(group: str) -> bool:
    """Whether a kind of change is counted, not listed (its rules are all trivial)."""
    members = [r for r in RULES if r.group == group]
    return bool(members) and all(r.trivial for r in members)


def group_of(change: Change) -> str:
    """The kind of a change: the group of its first rule that is not trivial (else of its first rule)."""
    name = primary_rule(change)
    r = rule_by_name(name)
    return r.group if r else name


def primary_rule(change: Change) -> str:
    """The rule that gives a change its kind (see ``group_of``): its first rule that is not trivial."""
    names = rule_names(change)
    if "emendation" in names:
        return "emendation"
    for name in names:
        r = rule_by_name(name)
        if r is None or not r.trivial:
            return name
    return names[0]


def rule_label(name: str, language: str = "kk") -> str:
    """What a rule does, as the reader is told it (its name only if it is not registered)."""
    r = rule_by_name(name)
    if r is None:
        return name
    return r.label_kk if language == "kk" else r.label_en


def reason(change: Change, language: str = "kk", note: bool = True) -> str:
    """Why the reading was changed: the labels of its rules, then (``note``) the emendation's note."""
    text = "; ".join(dict.fromkeys(rule_label(name, language) for name in rule_names(change)))
    if change.note and note:
        text += f" — {change.note}"
    return text


def is_whitespace_only(change: Change) -> bool:
    return not change.before.strip() and not change.after.strip()


# --------------------------------------------------------------------------- showing what differs

# How the notes show a character that cannot be seen (its name is in the locale file).
SHOWN = {" ": "\u00b7", "\u00a0": "\u237d", "\u202f": "\u237d", "\t": "\u21e5", "\n": "\u21b5", "\r": "\u21b5"}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def _controls_shown(text: str) -> str:
    """Control characters (removed by cleaning) named as U+XXXX: they cannot stand in HTML."""
    return _CONTROL_CHARS.sub(lambda m: _code(m.group(0)), text)


def _invisible(ch: str) -> bool:
    return ch in SHOWN or unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Zs", "Zl", "Zp")


def _hidden(ch: str) -> bool:
    """A character with no shape and no symbol of its own in the notes (a joiner, a combining mark)."""
    return ch not in SHOWN and unicodedata.category(ch) in ("Cc", "Cf", "Mn", "Zs", "Zl", "Zp")


def _is_letter(ch: str) -> bool:
    return unicodedata.category(ch).startswith("L")


def _visible(text: str, spaces: bool = False) -> str:
    """A reading as the notes print it: tabs, line breaks, no-break spaces (and, in a
    highlighted difference, spaces) made visible; other invisible characters named U+XXXX."""
    if not text:
        return "\u2014"
    out = []
    for ch in text:
        if ch == " " and not spaces:
            out.append(ch)
        elif ch in SHOWN:
            out.append(SHOWN[ch])
        elif unicodedata.category(ch) in ("Cc", "Cf"):
            out.append(f"[{_code(ch)}]")
        else:
            out.append(ch)
    return _RUN.sub(lambda m: f"{m.group(1)}\u00d7{len(m.group(0))}", "".join(out))


# A long run of one shown symbol (twelve tabs) is written once with its number: ⇥×12.
_RUN = re.compile("([" + "".join(sorted(set(SHOWN.values()))) + r"])\1{3,}")


def difference(before: str, after: str) -> tuple[int, int]:
    """(common prefix, common suffix) of two readings: what is between them differs."""
    prefix = 0
    limit = min(len(before), len(after))
    while prefix < limit and before[prefix] == after[prefix]:
        prefix += 1
    suffix = 0
    while suffix < limit - prefix and before[-1 - suffix] == after[-1 - suffix]:
        suffix += 1
    # never cut a letter from its combining mark
    while prefix and (unicodedata.combining(before[prefix : prefix + 1] or " ") or unicodedata.combining(after[prefix : prefix + 1] or " ")):
        prefix -= 1
    return prefix, suffix


def _script(ch: str) -> str:
    return unicodedata.name(ch, "").split(" ")[0]


def _letter(ch: str) -> str:
    """A letter named with its script ("латын C"), or an invisible character named ("бос орын")."""
    if unicodedata.category(ch) == "Mn":
        return t("apparatus.combining", code=_code(ch))
    if _invisible(ch):
        names = t_map("apparatus.characters")
        return names.get(_code(ch)) or t("apparatus.invisible", code=_code(ch))
    script = _script(ch)
    label = t_map("apparatus.scripts").get(script, script.lower())
    return t("apparatus.named_letter", script=label, letter=ch)


def letter_names(before: str, after: str) -> str:
    """What differs, named, where the eye cannot tell: "латын C → кирилл С".

    Letters of different scripts swapped one for one (a look-alike pair) are
    named with their scripts; an invisible character added or removed is named.
    Empty where the difference is plain to see.
    """
    prefix, suffix = difference(before, after)
    old, new = before[prefix : len(before) - suffix], after[prefix : len(after) - suffix]
    pairs = list(dict.fromkeys((a, b) for a, b in zip(old, new) if a != b))
    if (
        old and len(old) == len(new)
        and all(_is_letter(a) and _is_letter(b) and _script(a) != _script(b) for a, b in pairs)
    ):
        return ", ".join(f"{_letter(a)} \u2192 {_letter(b)}" for a, b in pairs)
    hidden = dict.fromkeys(ch for ch in old + new if _hidden(ch))
    return ", ".join(_letter(ch) for ch in hidden)


def _edges_shown(middle: str) -> str:
    """A differing span with the spaces that are part of the difference made visible: all of
    them if it is only white space, else those at its edges (inner spaces of a passage stay)."""
    if not middle.strip(" "):
        return _visible(middle, spaces=True)
    core = middle.strip(" ")
    lead = len(middle) - len(middle.lstrip(" "))
    trail = len(middle) - len(middle.rstrip(" "))
    return SHOWN[" "] * lead + _visible(core) + SHOWN[" "] * trail


def _highlighted(left: str, reading: str, right: str, prefix: int, suffix: int, side: str) -> str:
    """A reading in its word, the differing characters in a ``<mark class="ed-{side}">``
    ("out": gone from the source's reading, "in": new in the edition's)."""
    middle = reading[prefix : len(reading) - suffix]
    marked = f'<mark class="ed-{side}">{esc(_edges_shown(middle))}</mark>' if middle else ""
    return (
        esc(_visible(left + reading[:prefix]) if left + reading[:prefix] else "")
        + marked
        + esc(_visible(reading[len(reading) - suffix :] + right) if reading[len(reading) - suffix :] + right else "")
    ) or "\u2014"


def change_tag(change: Change) -> tuple[str, str]:
    """Opening and closing tag of the mark around a changed reading.

    The mark is quiet until the reader shows the marks or the original readings;
    only then does ``docs/assets/edition.js`` make it focusable (no hidden tab stops).
    """
    before = _controls_shown(change.before)
    shown = _visible(change.before, spaces=True) if not change.before.strip() else before
    title = t("apparatus.original", before=shown, reason=reason(change))
    classes = ["ed-change"]
    if not change.after:
        classes.append("ed-del")
    if not change.before:
        classes.append("ed-ins")
    return (
        f'<span class="{" ".join(classes)}" data-rule="{esc(change.rule)}" '
        f'data-kind="{esc(group_of(change))}" data-before="{esc(before)}" title="{esc(title)}">',
        "</span>",
    )


# --------------------------------------------------------------------------- where changes stand


@dataclass(frozen=True)
class Located:
    change: Change
    out_start: int
    paragraph: int  # ¶ number of the block it stands in, 0 for a heading or outside any block
    before_left: str = ""  # the rest of the word(s) around the original reading, from the raw text
    before_right: str = ""
    after_left: str = ""  # likewise around the edition's reading, from the cleaned text
    after_right: str = ""

    @property
    def before_in_context(self) -> str:
        return self.before_left + self.change.before + self.before_right

    @property
    def after_in_context(self) -> str:
        return self.after_left + self.change.after + self.after_right


CONTEXT = 24  # at most this many characters of the surrounding word on each side


def _widen(text: str, start: int, end: int) -> tuple[int, int]:
    lo = start
    while lo > 0 and start - lo < CONTEXT and not text[lo - 1].isspace():
        lo -= 1
    hi = end
    while hi < len(text) and hi - end < CONTEXT and not text[hi].isspace():
        hi += 1
    return lo, hi


def division_ranges(doc: Document) -> list[tuple[int, int]]:
    """The span of the cleaned text each division (page) answers for, end to end."""
    starts = []
    for d in doc.divisions:
        starts.append(d.blocks[0].start if d.blocks else None)
    ranges = []
    for i, s in enumerate(starts):
        lo = 0 if i == 0 else (s if s is not None else ranges[-1][1])
        nxt = next((x for x in starts[i + 1 :] if x is not None), None)
        hi = nxt if nxt is not None else len(doc.text) + 1
        ranges.append((lo, hi))
    return ranges


def located_changes(doc: Document, division: Division) -> list[Located]:
    """The changes a division's page answers for, each with its paragraph number."""
    index = doc.divisions.index(division)
    lo, hi = division_ranges(doc)[index]
    blocks = [b for b in division.blocks]
    starts = [b.start for b in blocks]
    result = []
    for p in doc.clean.placed_changes():
        if not (lo <= p.out_start < hi):
            continue
        k = bisect.bisect_right(starts, p.out_start) - 1
        number = 0
        if 0 <= k < len(blocks) and p.out_start <= blocks[k].end:
            number = blocks[k].number
        elif k + 1 < len(blocks):
            number = blocks[k + 1].number  # white space just before a block belongs to it
        elif k >= 0:
            number = blocks[k].number
        ch = p.change
        rlo, rhi = _widen(doc.clean.raw, ch.start, ch.end)
        clo, chi = _widen(doc.text, p.out_start, p.out_end)
        result.append(
            Located(
                ch,
                p.out_start,
                number,
                doc.clean.raw[rlo : ch.start],
                doc.clean.raw[ch.end : rhi],
                doc.text[clo : p.out_start],
                doc.text[p.out_end : chi],
            )
        )
    return result


# --------------------------------------------------------------------------- the notes


def _ref(paragraph: int, times: int = 1) -> str:
    where = (
        f'<a class="ed-note-ref" href="#p{paragraph}">\u00b6\u00a0{paragraph}</a>'
        if paragraph
        else f'<span class="ed-note-ref">{esc(t("apparatus.heading_place"))}</span>'
    )
    return where + (f"\u00a0\u00d7{times}" if times > 1 else "")


def _entry(loc: Located, group: str) -> str:
    """One listed change: its ¶, the source's and the edition's reading with what differs marked."""
    ch = loc.change
    prefix, suffix = difference(ch.before, ch.after)
    before = _highlighted(loc.before_left, ch.before, loc.before_right, prefix, suffix, "out")
    after = _highlighted(loc.after_left, ch.after, loc.after_right, prefix, suffix, "in")
    named = letter_names(ch.before, ch.after)
    extra = []
    for name in rule_names(ch):
        r = rule_by_name(name)
        if r is not None and r.group != group and name != "emendation" and r.label_kk not in extra:
            extra.append(r.label_kk)  # a second rule merged into this change says what it did
    why = "; ".join(([ch.note] if ch.note else []) + extra)
    return (
        f'<li class="ed-entry" data-rule="{esc(ch.rule)}">{_ref(loc.paragraph)} '
        f'<span class="ed-before">{before}</span> \u2192 <span class="ed-after">{after}</span>'
        + (f' <span class="ed-letters">({esc(named)})</span>' if named else "")
        + (f' <span class="ed-why">\u2014 {esc(why)}</span>' if why else "")
        + "</li>"
    )


def tally_key(change: Change) -> str:
    """What a counted change is counted as: its letters named, if that says more, else its rules."""
    return letter_names(change.before, change.after) if _swaps_letters(change) else reason(change)


def _swaps_letters(change: Change) -> bool:
    """Whether a change only puts letters of one script for their look-alikes of another."""
    prefix, suffix = difference(change.before, change.after)
    old = change.before[prefix : len(change.before) - suffix]
    new = change.after[prefix : len(change.after) - suffix]
    return bool(old) and len(old) == len(new) and all(_is_letter(ch) for ch in old + new) and bool(
        letter_names(change.before, change.after)
    )


def _tally_item(label: str, locs: list[Located]) -> str:
    per_paragraph = Counter(loc.paragraph for loc in locs)
    refs = ", ".join(_ref(n, k) for n, k in sorted(per_paragraph.items()))
    if len(per_paragraph) > REFS_OPEN_LIMIT:
        refs = f'<details class="ed-where"><summary>{esc(t("apparatus.where"))}</summary><p>{refs}</p></details>'
    else:
        refs = f'<span class="ed-where">{refs}</span>'
    return (
        f'<li class="ed-tally-item" data-count="{len(locs)}"><span class="ed-what">{esc(label)}</span> '
        f'<span class="ed-count">{len(locs)}</span> {refs}</li>'
    )


def _group_head(group: str, count: int, level: int) -> str:
    return (
        f'<h{level} class="ed-group-title">{esc(group_title(group))} <span class="ed-count">{count}</span></h{level}>'
        f'<p class="ed-explain">{esc(group_text(group))}</p>'
    )


def _listed_group(group: str, locs: list[Located]) -> str:
    items = "".join(_entry(loc, group) for loc in locs)
    listing = f'<ol class="ed-list">{items}</ol>'
    if len(locs) > LIST_OPEN_LIMIT:
        summary = esc(t("apparatus.show_all", n=len(locs)))
        listing = f'<details class="ed-more"><summary>{summary}</summary>{listing}</details>'
    return f'<section class="ed-group ed-listed" data-kind="{esc(group)}">{_group_head(group, len(locs), 3)}{listing}</section>'


def _counted_group(group: str, locs: list[Located]) -> str:
    by_key: dict[str, list[Located]] = {}
    for loc in locs:
        by_key.setdefault(tally_key(loc.change), []).append(loc)
    items = "".join(_tally_item(key, found) for key, found in sorted(by_key.items(), key=lambda kv: -len(kv[1])))
    return (
        f'<section class="ed-group ed-counted" data-kind="{esc(group)}">{_group_head(group, len(locs), 4)}'
        f'<ul class="ed-tally">{items}</ul></section>'
    )


def _legend(html_text: str) -> str:
    """The key to the symbols the notes use for invisible characters (those that occur)."""
    used = [(sym, ch) for ch, sym in SHOWN.items() if sym in html_text]
    seen, parts = set(), []
    for sym, ch in used:
        if sym in seen:
            continue
        seen.add(sym)
        parts.append(f"<span class=\"ed-symbol\">{esc(sym)}</span>\u00a0{esc(t_map('apparatus.characters')[_code(ch)])}")
    if not parts:
        return ""
    return f'<p class="ed-legend">{esc(t("apparatus.legend"))} {", ".join(parts)}.</p>'


def sort_groups(names) -> list[str]:
    order = groups()
    return sorted(names, key=lambda g: (group_is_trivial(g), order.index(g) if g in order else len(order)))


def editorial_notes(doc: Document, division: Division) -> str:
    """The notes at the end of a page: every change on it, listed or counted by kind."""
    locs = located_changes(doc, division)
    if not locs:
        return ""
    by_group: dict[str, list[Located]] = {}
    for loc in locs:
        by_group.setdefault(group_of(loc.change), []).append(loc)
    listed = [g for g in sort_groups(by_group) if not all(is_trivial(loc.change) for loc in by_group[g])]
    counted = [g for g in sort_groups(by_group) if g not in listed]
    n_listed = sum(len(by_group[g]) for g in listed)
    n_counted = len(locs) - n_listed
    intro = [t("apparatus.intro_total", n=len(locs))]
    if n_listed:
        intro.append(t("apparatus.intro_listed", n=n_listed))
    if n_counted:
        intro.append(t("apparatus.intro_counted", n=n_counted))
    intro.append(t("apparatus.intro_marks"))
    english = [f"<p>{esc(t('apparatus.intro_en'))}</p>"] + [
        f"<p><strong>{esc(group_title(g))}</strong> \u2014 {esc(group_text(g, 'en'))}</p>" for g in listed + counted
    ]
    body = "".join(_listed_group(g, by_group[g]) for g in listed)
    if counted:
        body += (
            f'<div class="ed-counted-part"><h3 class="ed-part-title">{esc(t("apparatus.counted_heading"))} '
            f'<span class="ed-count">{n_counted}</span></h3>'
            + "".join(_counted_group(g, by_group[g]) for g in counted)
            + "</div>"
        )
    anchor = t("apparatus.anchor")
    return (
        md_heading(t("apparatus.heading"), anchor, "editorial-notes-heading")
        + f'<section class="editorial-notes" lang="kk" aria-labelledby="{anchor}" data-pagefind-ignore data-changes="{len(locs)}">'
        f'<p class="ed-intro">{esc(" ".join(intro))}</p>{english_version("".join(english))}'
        f"{body}{_legend(body)}</section>\n"
    )
