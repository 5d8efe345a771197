"""The parts of the about page ("Басылым туралы") that are derived from the data.

``docs/about.md`` is written by hand for readers; where it needs facts that
change with the data it holds a marker, which the ``on_page_markdown`` hook
(publish/mkdocs_hooks.py) replaces through :func:`fill_about_page`:

* ``<!-- edition:sources -->`` — the texts, with their kind, language and the
  state of each source (texts.yaml), the English behind the language switch;
* ``<!-- edition:changes -->`` — how many changes of each kind the edition
  makes (kinds explained as the notes explain them, each rule's share in
  Kazakh), and the totals per text;
* ``<!-- edition:proofreading -->`` — the proofreading pass: which texts were read through
  with the worklist of probable typos, how many readings it corrected and how many forms it
  found right (accepted_forms.yaml), each with the editor's note;
* ``<!-- edition:cite -->`` — a reference to the edition as a whole, in its current version;
* ``<!-- edition:version -->`` — the current version and build date, a link to the changelog page;
* ``<!-- edition:licence -->`` — the licence of the editorial material, as edition.yaml states it.

Everything is HTML on one line per block (a raw-HTML block for Markdown), and
lists rather than wide tables: the page must read on a phone.
"""

from __future__ import annotations

from collections import Counter

from ..core.kazakh import sort_key
from ..core.locale import t, t_label
from ..core.model import EditionInfo, Proofreading, TextMeta
from . import apparatus
from .base import english_version, esc, rel_url
from .changelog import CHANGELOG_SRC
from .citing import edition_title, gost_version
from .corpus import TextRecord, records_of
from .names import english_about, text_name_html

SOURCES_MARKER = "<!-- edition:sources -->"
CHANGES_MARKER = "<!-- edition:changes -->"
CITE_MARKER = "<!-- edition:cite -->"
PROOFREADING_MARKER = "<!-- edition:proofreading -->"
VERSION_MARKER = "<!-- edition:version -->"
LICENCE_MARKER = "<!-- edition:licence -->"
ABOUT_SRC = "about.md"


def _text_link(meta: TextMeta) -> str:
    """The text by its siglum and short title (the full title as tooltip), a link to it."""
    return text_name_html(meta, rel_url(ABOUT_SRC, f"{meta.url_dir}/index.md"))


def sources_list(texts) -> str:
    """The texts and the state of their sources, as texts.yaml describes them.

    ``texts``: the texts' records (render/corpus.py) or documents, here and below.
    """
    items = []
    for record in records_of(texts):
        meta = record.meta
        facts = [t_label("texts.kinds", meta.kind), t_label("texts.languages", meta.language)]
        facts += [x for x in (meta.author, meta.year) if x]
        items.append(
            f'<li><p class="about-text-title">{_text_link(meta)}</p>'
            f'<p class="about-text-full-title">{esc(meta.title)}</p>'
            f'<p class="about-text-facts">{esc(" · ".join(facts))}</p>'
            + (f'<p class="about-text-state">{esc(meta.source_notes_kk)}</p>' if meta.source_notes_kk else "")
            + english_about(meta)
            + "</li>"
        )
    return f'<ul class="about-texts" lang="kk">{"".join(items)}</ul>'


def number(n: int) -> str:
    """A count as Kazakh print writes it: thousands set off by a (no-break) space."""
    return f"{n:,}".replace(",", "\u00a0")


def _kind_item(group: str, by_rule: Counter) -> str:
    """A kind of change: its count, its explanation and, if it has several rules, what each did.

    ``by_rule``: the kind's changes by primary rule, rules in the order first used.
    """
    count = sum(by_rule.values())
    detail = ""
    if len(by_rule) > 1:
        detail = "<ul>" + "".join(
            f'<li>{esc(apparatus.rule_label(name))} <span class="ed-count">{number(n)}</span></li>'
            for name, n in by_rule.most_common()
        ) + "</ul>"
    return (
        f'<li data-kind="{esc(group)}" data-count="{count}"><p><strong>{esc(apparatus.group_title(group))}</strong> '
        f'<span class="ed-count">{number(count)}</span></p><p>{esc(apparatus.group_text(group))}</p>{detail}</li>'
    )


def changes_summary(texts) -> str:
    """How many changes of each kind the edition makes, and how many in each text."""
    records = records_of(texts)
    by_group: dict[str, Counter] = {}  # kind -> Counter(primary rule -> changes)
    listed_groups: set[str] = set()  # kinds with a change the notes list (not all trivial)
    for record in records:
        for (group, rule, trivial), n in record.changes.items():
            by_group.setdefault(group, Counter())[rule] += n
            if not trivial:
                listed_groups.add(group)
    total = sum(record.n_changes for record in records)
    order = apparatus.sort_groups(by_group)
    listed = [g for g in order if g in listed_groups]
    counted = [g for g in order if g not in listed]
    n_listed = sum(sum(by_group[g].values()) for g in listed)
    parts = [
        f'<p>{esc(t("about.changes_total", texts=len(records), n=number(total)))}</p>',
        f'<h3 id="{esc(t("about.listed_anchor"))}">{esc(t("about.listed_heading"))} <span class="ed-count">{number(n_listed)}</span></h3>',
        f'<ul class="about-kinds">{"".join(_kind_item(g, by_group[g]) for g in listed)}</ul>',
        f'<h3 id="{esc(t("about.counted_anchor"))}">{esc(t("about.counted_heading"))} '
        f'<span class="ed-count">{number(total - n_listed)}</span></h3>',
        f'<ul class="about-kinds">{"".join(_kind_item(g, by_group[g]) for g in counted)}</ul>',
        f'<h3 id="{esc(t("about.per_text_anchor"))}">{esc(t("about.per_text_heading"))}</h3>',
        per_text_list(records),
    ]
    english = "".join(
        f"<p><strong>{esc(apparatus.group_title(g))}</strong> \u2014 {esc(apparatus.group_text(g, 'en'))}</p>"
        for g in listed + counted
    )
    parts.insert(1, english_version(f"<p>{esc(t('about.changes_en'))}</p>{english}"))
    return f'<div class="about-changes" lang="kk">{"".join(parts)}</div>'


def per_text_list(texts) -> str:
    """Changes per text: in all, then listed one by one and only counted (a list: titles are long)."""
    items = []
    for record in records_of(texts):
        listed = record.n_listed()
        counted = record.n_changes - listed
        split = t("about.per_text_split", listed=number(listed), counted=number(counted))
        items.append(
            f'<li data-text="{esc(record.id)}" data-count="{record.n_changes}">'
            f'<p>{_text_link(record.meta)} <span class="ed-count">{number(record.n_changes)}</span></p>'
            f'<p class="about-text-facts">{esc(split)}</p></li>'
        )
    return f'<ul class="about-per-text">{"".join(items)}</ul>'


def proofreading_summary(texts, proofreading: Proofreading) -> str:
    """The proofreading pass: texts read through, readings corrected, forms found right (with notes)."""
    records: list[TextRecord] = records_of(texts)
    by_id = {record.id: record for record in records}
    read = [by_id[i] for i in proofreading.proofread if i in by_id]
    emended = sum(record.n_in_group("emendation") for record in read)
    facts = t(
        "about.proofreading_facts",
        read=number(len(read)),
        texts=number(len(records)),
        emended=number(emended),
        accepted=number(len(proofreading.accepted)),
    )
    names = ", ".join(_text_link(record.meta) for record in read) or esc(t("about.proofreading_none"))
    items = []
    for form in sorted(proofreading.accepted, key=lambda a: (a.text, sort_key(a.form))):
        where = _text_link(by_id[form.text].meta) if form.text in by_id else esc(t("about.proofreading_every_text"))
        items.append(f"<li><p><strong>{esc(form.form)}</strong> · {where}</p><p>{esc(form.note)}</p></li>")
    accepted = (
        f'<details class="about-accepted"><summary>{esc(t("about.proofreading_accepted", n=number(len(items))))}</summary>'
        f'<ul class="about-kinds">{"".join(items)}</ul></details>'
        if items
        else ""
    )
    return (
        f'<div class="about-proofreading" lang="kk" data-proofread="{len(read)}" data-accepted="{len(items)}">'
        f"<p>{esc(facts)}</p><p>{esc(t('about.proofreading_texts'))} {names}</p>{accepted}"
        f"{english_version('<p>' + esc(t('about.proofreading_en')) + '</p>')}</div>"
    )


def edition_reference(site_url: str, info: EditionInfo | None = None) -> str:
    """A reference to the edition as a whole (its name from mkdocs.yml, its version, its address)."""
    text = t(
        "about.cite_edition",
        edition=edition_title(),
        kind=t("cite_this.edition_kind"),
        version=gost_version(info),
        url=site_url or "",
    )
    return f'<p class="about-cite">{esc(text)}</p>'


def version_note(info: EditionInfo | None) -> str:
    """The current version and build date, linked to the changelog page ("" when unversioned)."""
    if info is None or not info.changelog:
        return ""
    href = rel_url(ABOUT_SRC, CHANGELOG_SRC)
    text = esc(t("about.version", version=info.version, date=info.date))
    return f'<p class="about-version" lang="kk"><a href="{esc(href)}">{text}</a></p>'


def licence_note(info: EditionInfo | None) -> str:
    """The licence of the editorial material in edition.yaml's words, with its link ("" without a file)."""
    if info is None or not info.licence_kk:
        return ""
    link = f'<a href="{esc(info.licence_url)}">{esc(info.licence_name)}</a>' if info.licence_url else esc(info.licence_name)
    return f'<p class="about-licence" lang="kk">{esc(info.licence_kk)} {link}</p>'


def fill_about_page(
    markdown: str,
    texts,
    site_url: str = "",
    proofreading: Proofreading | None = None,
    info: EditionInfo | None = None,
) -> str:
    """Put the derived parts where the hand-written about page asks for them (``texts``: records or documents)."""
    records = records_of(texts)
    return (
        markdown.replace(SOURCES_MARKER, sources_list(records))
        .replace(CHANGES_MARKER, changes_summary(records))
        .replace(PROOFREADING_MARKER, proofreading_summary(records, proofreading or Proofreading()))
        .replace(CITE_MARKER, edition_reference(site_url, info))
        .replace(VERSION_MARKER, version_note(info))
        .replace(LICENCE_MARKER, licence_note(info))
    )
