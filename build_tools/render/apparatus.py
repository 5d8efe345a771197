"""The editorial apparatus the reader sees: marked changes, notes, counts.

* ``change_tag`` — the inline mark of a changed reading, quiet until the reader
  shows the marks (``docs/assets/marks.css``): then hovering or focusing
  it shows the original reading and the reason (the ``title`` becomes a
  Material tooltip); print shows the original reading as a bracketed note
  (``docs/assets/apparatus.css``); the page switch shows all original
  readings (``docs/assets/edition.js``).
* ``editorial_notes`` — the notes at the end of a page: every change on it,
  grouped by kind of change, each linked to its paragraph.
* ``changes_table`` — how many changes of each kind each text received (for
  the "About this edition" page).

Whitespace-only changes are not marked inline (there is nothing to see), but
they are counted and listed with their paragraphs like every other change.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from dataclasses import dataclass

from ..clean.engine import RULES, rule_by_name
from ..core.locale import t, t_label, t_map
from ..core.model import Change, Division, Document

LIST_OPEN_LIMIT = 25  # groups with more entries start folded (<details>)


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def groups() -> list[str]:
    """The kinds of change (rule groups) in the order the notes list them."""
    return list(t_map("apparatus.groups"))


def group_title(group: str) -> str:
    """A kind of change as the reader is told it (its own name if the locale file has none)."""
    return t_label("apparatus.groups", group)


def rule_names(change: Change) -> list[str]:
    return change.rule.split("+")


def group_of(change: Change) -> str:
    """The kind of a change: the group of its first rule (an emendation counts as one)."""
    names = rule_names(change)
    if "emendation" in names:
        return "emendation"
    r = rule_by_name(names[0])
    return r.group if r else names[0]


def reason(change: Change, language: str = "kk") -> str:
    """Why the reading was changed: the labels of its rules, then the emendation's note."""
    labels = []
    for name in rule_names(change):
        r = rule_by_name(name)
        label = (r.label_kk if language == "kk" else r.label_en) if r else name
        if label not in labels:
            labels.append(label)
    text = "; ".join(labels)
    if change.note:
        text += f" — {change.note}"
    return text


def is_whitespace_only(change: Change) -> bool:
    return not change.before.strip() and not change.after.strip()


def _visible(text: str) -> str:
    """A reading as the notes print it: spaces, tabs and line breaks made visible."""
    return _controls_shown(text.replace("\t", "⇥").replace("\n", "¶").replace("\u00a0", "⍽")) if text else "—"


_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _controls_shown(text: str) -> str:
    """Control characters (removed by cleaning) named as U+XXXX: they cannot stand in HTML."""
    return _CONTROL_CHARS.sub(lambda m: f"U+{ord(m.group(0)):04X}", text)


def change_tag(change: Change) -> tuple[str, str]:
    """Opening and closing tag of the mark around a changed reading.

    The mark is quiet until the reader shows the marks or the original readings;
    only then does ``docs/assets/edition.js`` make it focusable (no hidden tab stops).
    """
    before = _controls_shown(change.before)
    shown = _visible(change.before) if not change.before.strip() else before
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


# --------------------------------------------------------------------------- notes


@dataclass(frozen=True)
class Located:
    change: Change
    out_start: int
    paragraph: int  # ¶ number of the block it stands in, 0 for a heading or outside any block
    before_in_context: str = ""  # the original reading with the rest of its word(s), from the raw text
    after_in_context: str = ""  # the edition's reading likewise, from the cleaned text


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
                doc.clean.raw[rlo : ch.start] + ch.before + doc.clean.raw[ch.end : rhi],
                doc.text[clo : p.out_start] + ch.after + doc.text[p.out_end : chi],
            )
        )
    return result


def _where(loc: Located) -> str:
    if loc.paragraph:
        return f'<a class="ed-note-ref" href="#p{loc.paragraph}">¶&nbsp;{loc.paragraph}</a>'
    return f'<span class="ed-note-ref">{t("apparatus.heading_place")}</span>'


def _entry(loc: Located) -> str:
    ch = loc.change
    return (
        f"<li>{_where(loc)}: <span class=\"ed-before\">{esc(_visible(loc.before_in_context or ch.before))}</span> → "
        f"<span class=\"ed-after\">{esc(_visible(loc.after_in_context or ch.after))}</span>"
        f" <span class=\"ed-reason\">{esc(reason(ch))}</span></li>"
    )


def _whitespace_entry(locs: list[Located]) -> str:
    per_paragraph = Counter(loc.paragraph for loc in locs)
    refs = ", ".join(
        (f'<a class="ed-note-ref" href="#p{n}">¶&nbsp;{n}</a>' if n else t("apparatus.heading_place"))
        + (f" ×{k}" if k > 1 else "")
        for n, k in sorted(per_paragraph.items())
    )
    labels = sorted({reason(loc.change) for loc in locs})
    return (
        f'<li class="ed-whitespace">{esc("; ".join(labels))} ({len(locs)}, {t("apparatus.not_marked")}): {refs}</li>'
    )


def editorial_notes(doc: Document, division: Division) -> str:
    """The notes at the end of a page: every change on it, grouped by kind."""
    locs = located_changes(doc, division)
    if not locs:
        return ""
    by_group: dict[str, list[Located]] = {}
    for loc in locs:
        by_group.setdefault(group_of(loc.change), []).append(loc)
    sections = []
    order = groups()
    for group in sorted(by_group, key=lambda g: order.index(g) if g in order else len(order)):
        items = by_group[group]
        visible = [x for x in items if not is_whitespace_only(x.change)]
        blank = [x for x in items if is_whitespace_only(x.change)]
        lis = "".join(_entry(x) for x in visible)
        if blank:
            lis += _whitespace_entry(blank)
        title = group_title(group)
        summary = f"{esc(title)} <span class=\"ed-count\">({len(items)})</span>"
        if len(visible) > LIST_OPEN_LIMIT:
            sections.append(
                f'<details class="ed-group" data-kind="{esc(group)}"><summary>{summary}</summary><ul>{lis}</ul></details>'
            )
        else:
            sections.append(
                f'<div class="ed-group" data-kind="{esc(group)}"><p class="ed-group-title">{summary}</p><ul>{lis}</ul></div>'
            )
    intro = f"<p>{t('apparatus.intro', n=len(locs))}</p>"
    return (
        '<section class="editorial-notes" lang="kk" data-search-exclude>'
        f'<h2 id="{t("apparatus.anchor")}">{t("apparatus.heading")}</h2>'
        f"{intro}{''.join(sections)}</section>\n"
    )


# --------------------------------------------------------------------------- the table on the about page


def change_counts(documents: list[Document]) -> dict[str, Counter]:
    """{text id: Counter(kind of change → number of changes)}."""
    return {doc.meta.id: Counter(group_of(c) for c in doc.clean.changes) for doc in documents}


def changes_table(documents: list[Document]) -> str:
    """A Markdown table: rows are kinds of change (with their rules), columns the texts."""
    counts = change_counts(documents)
    ids = [doc.meta.id for doc in documents]
    shown = [g for g in groups() if any(counts[i][g] for i in ids)]
    shown += sorted({g for c in counts.values() for g in c} - set(shown))
    rules_of: dict[str, list[str]] = {}
    for r in RULES:
        rules_of.setdefault(r.group, []).append(r.name)
    total = t("apparatus.changes_table.total")
    header = f"| {t('apparatus.changes_table.kind')} | " + " | ".join(ids) + f" | {total} |"
    rule = "| --- | " + " | ".join("---:" for _ in ids) + " | ---: |"
    rows = [header, rule]
    for g in shown:
        title = group_title(g)
        names = ", ".join(f"`{n}`" for n in rules_of.get(g, []))
        cells = [str(counts[i][g]) for i in ids]
        rows.append(f"| {title}<br><small>{names}</small> | " + " | ".join(cells) + f" | {sum(counts[i][g] for i in ids)} |")
    totals = [sum(counts[i].values()) for i in ids]
    rows.append(f"| **{total}** | " + " | ".join(f"**{n}**" for n in totals) + f" | **{sum(totals)}** |")
    return "\n".join(rows) + "\n"


def rules_table() -> str:
    """A Markdown table of the cleaning rules in the order they run, with what each does."""
    rows = [f"| # | {t('apparatus.rules_table.rule')} | {t('apparatus.rules_table.what')} |", "| ---: | --- | --- |"]
    for n, r in enumerate(RULES, 1):
        rows.append(f"| {n} | `{r.name}` | {r.label_kk}<br><small lang=\"en\">{r.label_en}</small> |")
    return "\n".join(rows) + "\n"


CHANGES_MARKER = "<!-- edition:changes-table -->"
RULES_MARKER = "<!-- edition:rules-table -->"


def fill_about_page(markdown: str, documents: list[Document]) -> str:
    """Put the generated tables where the hand-written about page asks for them."""
    return markdown.replace(CHANGES_MARKER, changes_table(documents)).replace(RULES_MARKER, rules_table())
