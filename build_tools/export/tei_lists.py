"""The glossary and the chronology as TEI lists (the body of ``glossary.xml``).

Organisations are ``org`` in ``listOrg``, persons ``person`` in ``listPerson``, places and
states ``place`` in ``listPlace``, glossary events ``event`` in ``listEvent``; treaties,
programmes and concepts — terms with a definition rather than agents or places — are TEI
glossary lists (``list type="gloss"``): the headword a ``label``, the entry an ``item``
holding its ``term``s and ``gloss``es. Every entry's ``xml:id`` is its glossary id
(:func:`.tei_xml.xml_id`), which the texts' name elements point at. The chronology is a
``listEvent type="chronology"`` whose events have the ids ``ev-<id>``.
"""

from __future__ import annotations

import bisect

from ..core.kazakh import sorted_kk
from ..annotate.glossary import LANGS
from ..core.locale import t, t_map
from ..core.model import Document, TextMeta
from .tei_xml import sub, text_file_name, xml_id

KIND_ORDER = ("organisation", "state", "place", "person", "event", "treaty", "programme", "concept")
# kind -> (list element, entry element, name element); any other kind: a gloss list
AGENTS = {
    "organisation": ("listOrg", "org", "orgName"),
    "person": ("listPerson", "person", "persName"),
    "place": ("listPlace", "place", "placeName"),
    "state": ("listPlace", "place", "placeName"),
    "event": ("listEvent", "event", "label"),
}


def lists_document(text, texts: list[TextMeta], places: dict, glossary, commentary) -> None:
    """The body: a div of the glossary's lists (``places``: :func:`term_places`), a div of the chronology."""
    body = sub(text, "body")
    sigla = {meta.id: meta.siglum or meta.id for meta in texts}
    if glossary is not None and glossary.entries:
        glossary_div(body, glossary, places, sigla)
    if commentary is not None and commentary.events:
        chronology_div(body, commentary.events, glossary, sigla)
    if not len(body):
        sub(body, "p", {}, "The edition has no glossary entries and no chronology yet.")


# --------------------------------------------------------------------------- glossary


def glossary_div(body, glossary, places: dict, sigla: dict) -> None:
    div = sub(body, "div", {"type": "glossary"})
    sub(div, "head", {"xml:lang": "kk"}, t("nav.glossary"))
    kinds = list(KIND_ORDER) + sorted({e.kind for e in glossary.entries.values()} - set(KIND_ORDER))
    for kind in kinds:
        entries = sorted_kk([e for e in glossary.entries.values() if e.kind == kind], key=lambda e: e.index_label())
        if entries:
            entry_list(div, kind, entries, places, sigla)


def entry_list(div, kind: str, entries: list, places: dict, sigla: dict) -> None:
    """One kind's entries as a TEI list of its kind."""
    heading = _kind_heading(kind)
    if kind in AGENTS:
        list_tag, entry_tag, name_tag = AGENTS[kind]
        container = sub(div, list_tag, {"type": kind})
        sub(container, "head", {"xml:lang": "kk"}, heading)
        for entry in entries:
            agent(container, entry, entry_tag, name_tag, places.get(entry.id, {}), sigla)
        return
    container = sub(div, "list", {"type": "gloss", "subtype": kind})
    sub(container, "head", {"xml:lang": "kk"}, heading)
    for entry in entries:
        sub(container, "label", {"xml:lang": "kk"}, entry.display_name("kk"))
        item = sub(container, "item", {"xml:id": xml_id(entry.id), "n": entry.kind})
        _names(item, entry, "term")
        for lang in LANGS:
            if entry.description.get(lang):
                sub(item, "gloss", {"xml:lang": lang}, entry.description[lang])
        _details(item, entry, places.get(entry.id, {}), sigla)


def _kind_heading(kind: str) -> str:
    return t_map("glossary.kinds_plural").get(kind, kind)  # a kind the locale does not name yet: itself


def agent(container, entry, entry_tag: str, name_tag: str, places: dict, sigla: dict) -> None:
    """An org, person, place or event with its names, description and details."""
    kind = entry.kind if entry_tag != "person" else ""  # person has no @type
    element = sub(container, entry_tag, {"xml:id": xml_id(entry.id), "type": kind})
    _names(element, entry, name_tag)
    description = "note" if entry_tag == "person" else "desc"
    for lang in LANGS:
        if entry.description.get(lang):
            attrib = {"xml:lang": lang, "type": "description" if description == "note" else ""}
            sub(element, description, attrib, entry.description[lang])
    _details(element, entry, places, sigla)


def _names(element, entry, tag: str) -> None:
    """Full names, acronyms and variants by language; the indexed form when it differs."""
    for lang in LANGS:
        if entry.name.get(lang):
            sub(element, tag, {"type": "full", "xml:lang": lang}, entry.name[lang])
    for kind, forms in (("acronym", entry.acronym), ("variant", entry.variants)):
        for lang in LANGS:
            for form in forms.get(lang, []):
                sub(element, tag, {"type": kind, "xml:lang": lang}, form)
    if entry.index_label() != entry.display_name("kk"):
        sub(element, tag, {"type": "index", "xml:lang": "kk"}, entry.index_label())


def _details(element, entry, places: dict, sigla: dict) -> None:
    if entry.link:
        sub(element, "idno", {"type": "URI"}, entry.link)
    if entry.dates:
        sub(element, "note", {"type": "dates"}, entry.dates)
    if places:
        paragraphs_note(element, "occurrences", places, sigla)


def paragraphs_note(parent, kind: str, places: dict, sigla: dict) -> None:
    """One ref per text to the paragraphs (``002.xml#p12 002.xml#p40``, labelled "C ¶ 12, 40")."""
    note = sub(parent, "note", {"type": kind})
    for k, (text_id, numbers) in enumerate(places.items()):
        numbers = sorted(set(numbers))
        target = " ".join(f"{text_file_name(text_id)}#p{n}" for n in numbers)
        ref = sub(note, "ref", {"target": target}, f"{sigla.get(text_id, text_id)} ¶ {', '.join(map(str, numbers))}")
        if k + 1 < len(places):
            ref.tail = "; "


def term_places(documents: list[Document]) -> dict[str, dict[str, list[int]]]:
    """Entry id -> text id -> the ¶ numbers where the glossary finds it, in text order.

    One document's places can be merged into those of the texts before it (:func:`merge_places`):
    the lists are made text by text, with one document in memory at a time."""
    found: dict[str, dict[str, list[int]]] = {}
    for doc in documents:
        blocks = [block for _, block in doc.paragraphs()]
        starts = [block.start for block in blocks]
        for span in doc.spans:
            if span.kind != "term":
                continue
            k = bisect.bisect_right(starts, span.start) - 1
            if k >= 0 and span.start < blocks[k].end:
                found.setdefault(span.data, {}).setdefault(doc.meta.id, []).append(blocks[k].number)
    return found


def merge_places(into: dict[str, dict[str, list[int]]], more: dict[str, dict[str, list[int]]]) -> None:
    """Add the places of further texts (:func:`term_places` of their documents) to ``into``."""
    for entry_id, by_text in more.items():
        into.setdefault(entry_id, {}).update(by_text)


# --------------------------------------------------------------------------- chronology


def chronology_div(body, events: list, glossary, sigla: dict) -> None:
    div = sub(body, "div", {"type": "chronology"})
    sub(div, "head", {"xml:lang": "kk"}, t("nav.chronology"))
    listing = sub(div, "listEvent", {"type": "chronology"})
    for event in events:
        chronology_event(listing, event, glossary, sigla)


def event_id(event_id_: str) -> str:
    """The xml:id of a chronology event: the site's anchor ``ev-<id>``."""
    return xml_id(f"ev-{event_id_}")


def chronology_event(listing, event, glossary, sigla: dict) -> None:
    """A dated event: title in Kazakh and English, its glossary entries, the paragraphs on it."""
    dates = {"from": event.date, "to": event.end} if event.end else {"when": event.date}
    element = sub(listing, "event", {"xml:id": event_id(event.id), "type": "chronology", **dates})
    sub(element, "label", {"type": "title", "xml:lang": "kk"}, event.title_kk)
    sub(element, "label", {"type": "title", "xml:lang": "en"}, event.title_en)
    if event.description_kk:
        sub(element, "desc", {"xml:lang": "kk"}, event.description_kk)
    if event.glossary:
        note = sub(element, "note", {"type": "glossary"})
        for k, entry_id in enumerate(event.glossary):
            entry = glossary.entries.get(entry_id) if glossary is not None else None
            ref = sub(note, "ref", {"target": f"#{xml_id(entry_id)}"}, entry.display_name("kk") if entry else entry_id)
            if k + 1 < len(event.glossary):
                ref.tail = "; "
    places: dict[str, list[int]] = {}
    for ref in event.places or event.passages:
        if ref.paragraph:
            places.setdefault(ref.text, []).append(ref.paragraph)
    if places:
        paragraphs_note(element, "passages", places, sigla)
