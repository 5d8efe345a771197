"""TEI P5 for every text, and for the glossary and chronology; validation; reading a text back.

Public functions (the downloads call them):

* :func:`text_tei` — one TEI document for one text;
* :func:`lists_tei` — one TEI document holding the glossary and the chronology as TEI lists;
* :func:`validate_tei` — messages (with line numbers) against ``data/tei/tei_all.rng``;
* :func:`source_reading`, :func:`edited_reading` — a text's raw and cleaned text, read back
  from its TEI, exactly (code point for code point).

The files point at each other side by side: ``<id>.xml`` per text (:func:`text_file_name`)
and ``glossary.xml`` (:data:`LISTS_FILE`).

**A text's file.** ``teiHeader``: the editorial titles (the text's language and English),
author, the edition's version and build date, the licence, the siglum and id as ``idno``, the
source (raw file, its SHA-256 from ``source_texts/SHA256SUMS``, encoding, its state in Kazakh
and English), the editorial principles and, in ``editorialDecl``, every cleaning rule that
changed something in this text as its own declaration (``normalization``, ``correction``,
``hyphenation``, ``segmentation``, ``quotation``, ``punctuation``) with ``xml:id="rule-<name>"``,
its description and its count; the language. ``text`` (``xml:space="preserve"``): the body
written by :mod:`.tei_body` — a ``div`` per division (``div type="section"`` for a numbered
section inside), ``head`` for headings, ``p n="12" xml:id="p12"`` for each ¶ (lists and tables
inside their ¶'s ``p``), every change a ``choice`` (``orig``/``reg``, an emendation
``sic``/``corr``) whose ``@ana`` points at its rules' declarations, a change's reason a ``note
type="change"`` pointing at it, glossary terms as ``orgName``/``persName``/``placeName``/
``eventName``/``term`` with ``@ref="glossary.xml#<id>"``, citation markers as ``ref
type="citation"``, and each commentary note as ``note type="commentary" xml:id="cm-N"`` right
after its passage (``seg type="commentary" xml:id="cm-N-passage"``, the note's ``@target``).

**Reading back.** The source reading is every character of ``text`` in document order, with
``orig``/``sic`` taken and ``reg``/``corr`` left out; the edited reading the other way round.
Both leave out notes (``note``) and editorial headings (``head type="editorial"``); a ``g``
stands for the character it declares (a control character XML cannot hold). Nothing else is
added or dropped: the white space between elements is the text's own.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from lxml import etree

from ..annotate.commentary import Commentary
from ..annotate.glossary import Glossary
from ..clean.engine import RULES, rule_by_name
from ..core.locale import t
from ..core.model import Document, EditionInfo, TextMeta
from ..read.texts import default_paths
from .tei_body import BodyWriter, layout, rule_decl_id, rule_names
from .tei_lists import lists_document, term_places
from .tei_xml import (
    LISTS_FILE,
    NOT_XML,
    XML_ID,
    XML_SPACE,
    char_id,
    local,
    root,
    sub,
    tei,
    text_file_name,
)

__all__ = [
    "LISTS_FILE",
    "SCHEMA",
    "edited_reading",
    "element_reading",
    "lists_tei",
    "source_reading",
    "term_places",
    "text_file_name",
    "text_tei",
    "validate_tei",
]

SCHEMA = Path(__file__).resolve().parents[1] / "data" / "tei" / "tei_all.rng"
LANGUAGE_NAMES = {"kk": "Kazakh", "ru": "Russian", "en": "English"}


# --------------------------------------------------------------------------- writing


def text_tei(
    doc: Document,
    glossary: Glossary,
    commentary: Commentary | None,
    info: EditionInfo | None,
    *,
    checksum: str | None = None,
) -> bytes:
    """One TEI document for one text (UTF-8, with an XML declaration).

    ``checksum`` is the raw file's SHA-256; by default it is looked up in the project's
    ``source_texts/SHA256SUMS`` (and left out when the file is not listed there).
    """
    if checksum is None:
        checksum = project_checksums().get(doc.meta.file, "")
    tree = root("TEI", {"xml:lang": "en"})
    header = text_header(tree, doc, info, checksum)
    text = sub(tree, "text", {"xml:lang": doc.meta.language})
    text.set(XML_SPACE, "preserve")
    BodyWriter(doc, glossary, commentary).write(text, layout(doc))
    return serialise(tree, header)


def lists_tei(
    texts: list[TextMeta],
    places: dict[str, dict[str, list[int]]],
    glossary: Glossary,
    commentary: Commentary | None,
    info: EditionInfo | None,
) -> bytes:
    """One TEI document holding the glossary and the chronology as TEI lists.

    ``places``: where the glossary finds each entry (entry id -> text id -> ¶ numbers), gathered
    text by text with :func:`~build_tools.export.tei_lists.term_places`."""
    tree = root("TEI", {"xml:lang": "en"})
    header = sub(tree, "teiHeader")
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", {"type": "main", "xml:lang": "kk"}, f"{t('nav.glossary')}; {t('nav.chronology')}")
    sub(title_stmt, "title", {"type": "main", "xml:lang": "en"}, "Glossary and chronology")
    _edition_stmt(file_desc, info)
    _publication_stmt(file_desc, info, [("file", Path(LISTS_FILE).stem)])
    sub(sub(file_desc, "sourceDesc"), "p", {}, LISTS_SOURCE)
    encoding = sub(header, "encodingDesc")
    sub(sub(encoding, "projectDesc"), "p", {}, PROJECT)
    decl = sub(encoding, "editorialDecl")
    for paragraph in LISTS_PRINCIPLES:
        sub(decl, "p", {}, paragraph)
    _languages(header, ["kk", "ru", "en"])
    lists_document(sub(tree, "text"), texts, places, glossary, commentary)
    etree.indent(tree, space="  ")  # no text to keep exact here: all of it indented
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


def serialise(tree, header) -> bytes:
    """A text's document as UTF-8: the header indented, the text exactly as built."""
    etree.indent(header, space="  ", level=1)
    tree.text = "\n  "
    header.tail = "\n  "
    tree[-1].tail = "\n"
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8") + b"\n"


# --------------------------------------------------------------------------- the header

PROJECT = (
    "An annotated scholarly edition of texts on the foreign policy of the Republic of Kazakhstan. "
    "The raw texts are kept byte for byte as received; the build tools (build_tools/) clean them by "
    "named rules that record every change, recover their structure and link glossary terms and "
    "commentary. This file is generated from those sources; it is not edited by hand."
)
LISTS_SOURCE = (
    "Born digital: the edition's glossary (source_texts/glossary/*.yaml) and chronology "
    "(source_texts/chronology.yaml)."
)
LISTS_PRINCIPLES = (
    "Each glossary entry has the xml:id of its id in the glossary, so that the texts' name elements "
    "point at it (glossary.xml#id). Organisations are org in listOrg, persons person in listPerson, "
    "places and states place in listPlace (type place or state), events event in listEvent; "
    "treaties and other documents, programmes and concepts are glossary lists (list type=\"gloss\"), "
    "the headword a label and the entry an item holding its terms and glosses.",
    "Every entry gives its names in Kazakh, Russian and English (type full), its acronyms (type "
    "acronym), other forms met in the texts (type variant), the form indexes sort it by (type index), "
    "its description in Kazakh and English, its dates, its link (idno type=\"URI\") and where the "
    "texts use it (note type=\"occurrences\": one ref per text to the paragraphs, <id>.xml#p<N>).",
    "The chronology's events are event elements in listEvent type=\"chronology\", with the xml:id "
    "ev-<id> (the anchor of the site's chronology page), their date (@when, or @from and @to), the "
    "title in Kazakh and English, the glossary entries they concern and the paragraphs that "
    "discuss them.",
)


def text_header(tree, doc: Document, info: EditionInfo | None, checksum: str):
    """The teiHeader of a text's file."""
    meta = doc.meta
    header = sub(tree, "teiHeader")
    file_desc = sub(header, "fileDesc")
    title_stmt = sub(file_desc, "titleStmt")
    sub(title_stmt, "title", {"type": "main", "xml:lang": meta.language}, meta.title)
    sub(title_stmt, "title", {"type": "main", "xml:lang": "en"}, meta.title_en)
    if meta.short_title:
        sub(title_stmt, "title", {"type": "short", "xml:lang": meta.language}, meta.short_title)
    _author(title_stmt, meta)
    _edition_stmt(file_desc, info)
    _publication_stmt(file_desc, info, [("siglum", meta.siglum), ("text", meta.id)])
    _source_desc(file_desc, meta, checksum)
    encoding = sub(header, "encodingDesc")
    sub(sub(encoding, "projectDesc"), "p", {}, PROJECT)
    editorial_decl(encoding, doc)
    _char_decl(encoding, doc)
    _languages(header, [meta.language], meta.kind)
    return header


def _author(parent, meta: TextMeta) -> None:
    if meta.author:
        sub(parent, "author", {}, meta.author)
    else:
        sub(parent, "author", {"xml:lang": "kk"}, t("cite_this.unknown_author"))


def _edition_stmt(file_desc, info: EditionInfo | None) -> None:
    version = info.version if info else "0.0"
    edition = sub(sub(file_desc, "editionStmt"), "edition", {"n": version}, f"Version {version}")
    if info and info.date:
        edition.text += ", built "
        sub(edition, "date", {"when": info.date}, info.date)


def _publication_stmt(file_desc, info: EditionInfo | None, ids: list[tuple[str, str]]) -> None:
    statement = sub(file_desc, "publicationStmt")
    sub(statement, "publisher", {"xml:lang": "kk"}, t("cite_this.edition_title_fallback"))
    for kind, value in ids:
        if value:
            sub(statement, "idno", {"type": kind}, value)
    availability = sub(statement, "availability")
    if info and info.licence_name:
        licence = sub(availability, "licence", {"target": info.licence_url}, info.licence_name)
        sub(licence, "p", {"xml:lang": "kk"}, info.licence_kk)
    else:
        sub(availability, "p", {}, "The edition has declared no licence (source_texts/edition.yaml).")
    if info and info.date:
        sub(statement, "date", {"when": info.date}, info.date)


def _source_desc(file_desc, meta: TextMeta, checksum: str) -> None:
    bibl = sub(sub(file_desc, "sourceDesc"), "bibl", {"type": "source"})
    if meta.author:
        sub(bibl, "author", {}, meta.author)
    if meta.year:
        sub(bibl, "date", {}, meta.year)
    sub(bibl, "idno", {"type": "file"}, meta.file)
    if checksum:
        sub(bibl, "idno", {"type": "sha256"}, checksum)
    if meta.source_notes_kk:
        sub(bibl, "note", {"type": "state", "xml:lang": "kk"}, meta.source_notes_kk)
    if meta.source_notes:
        sub(bibl, "note", {"type": "state", "xml:lang": "en"}, meta.source_notes)
    sub(bibl, "note", {"type": "encoding"}, (
        f"The raw file is plain text in {meta.encoding.upper()}, kept byte for byte as received; "
        "the source readings of this file (orig, sic) give it back as decoded, character for character."
    ))


def _languages(header, languages: list[str], kind: str = "") -> None:
    profile = sub(header, "profileDesc")
    usage = sub(profile, "langUsage")
    for code in languages:
        sub(usage, "language", {"ident": code}, LANGUAGE_NAMES.get(code, code))
    if kind:
        sub(sub(sub(profile, "textClass"), "keywords"), "term", {"type": "kind"}, kind)


def _char_decl(encoding, doc: Document) -> None:
    """A char for every character XML cannot hold that the raw or cleaned text has."""
    found = sorted(set(NOT_XML.findall(doc.clean.raw)) | set(NOT_XML.findall(doc.text)))
    if not found:
        return
    decl = sub(encoding, "charDecl")
    for ch in found:
        char = sub(decl, "char", {"xml:id": char_id(ch)})
        sub(char, "desc", {}, f"control character U+{ord(ch):04X}, which XML cannot hold")
        sub(char, "mapping", {"type": "codepoint"}, f"U+{ord(ch):04X}")


# --------------------------------------------------------------------------- editorial declarations

PRINCIPLES = (
    "This file holds the text twice over, as the source has it and as the edition prints it. Every "
    "change the edition made is a choice: orig and reg for a normalisation made by a cleaning rule, "
    "sic and corr for the editor's emendation; its @ana points at the declarations below of the rules "
    "that made it (two rules that changed one place are both named). Reading the text element in "
    "document order, taking orig and sic and leaving out reg, corr, note and head type=\"editorial\", "
    "gives back the raw text exactly, character for character; taking reg and corr instead gives the "
    "edited text. The text element is xml:space=\"preserve\": its white space is the text's own.",
    "A change that lies between two blocks (a paragraph break restored, the space of a blank line, "
    "removed text on a line of its own) stands in an ab type=\"between-blocks\" between them; one "
    "that crosses the edge of a block is inside that block. A change across several blocks would be "
    "cut into choices linked by @next and @prev, the first holding the whole source reading; a glossary "
    "term or citation crossing a change or another mark is cut the same way.",
)
CATEGORY_PRINCIPLES = {
    "correction": (
        {"method": "markup", "status": "high"},
        "Errors the sources' own words prove are corrected: manual emendations "
        "(source_texts/emendations.yaml) as sic/corr with their reasons as note type=\"change\" "
        "pointing at the choice; mechanical repairs a rule can be sure of (misread letters, words split "
        "by a stray space, removed page furniture and text that is not part of the work) as orig/reg.",
    ),
    "normalization": (
        {"method": "markup"},
        "Mechanical damage (line ends, spacing, invisible and control characters, look-alike Latin "
        "letters, Roman numerals typed in Cyrillic, list bullets) is normalised by the cleaning rules "
        "(build_tools/clean/rules.py), which run in a fixed order; every normalisation is marked up.",
    ),
    "hyphenation": (
        {"eol": "hard"},
        "Words hyphenated across a former line end are joined; the hyphen of a real compound is kept, "
        "as the text's own vocabulary decides.",
    ),
    "segmentation": (
        {},
        "Paragraphs are the source's lines. Each paragraph, list and table is a p whose @n is its "
        "paragraph number (¶) and whose xml:id is the site's anchor (p<N>); lists and tables stand "
        "inside their p. Runs of tabs that stand for a lost paragraph break are made line ends.",
    ),
    "quotation": (
        {"marks": "all"},
        "Quotation marks are kept in the text; straight and English ones are made guillemets.",
    ),
    "punctuation": (
        {"marks": "all"},
        "Punctuation is the source's; a full stop standing by mistake inside a sentence is removed "
        "and two full stops gluing sentences are made one.",
    ),
    "interpretation": (
        {},
        "Glossary terms are orgName, persName, placeName, eventName or term (by the entry's kind) "
        "pointing at glossary.xml; citation markers are ref type=\"citation\" with the cited numbers in "
        "@n; run-in headings are label type=\"run-in\"; each commentary note is a note "
        "type=\"commentary\" after its passage (seg type=\"commentary\"), which its @target names.",
    ),
}
# The declaration element of each rule: by its name, else by its group; normalization otherwise.
RULE_ELEMENTS = {
    "word_break_hyphen": "hyphenation",
    "tabs_as_paragraph_breaks": "segmentation",
    "normalize_quotes": "quotation",
    "stray_full_stop": "punctuation",
    "glued_sentences": "punctuation",
}
GROUP_ELEMENTS = {
    "emendation": "correction",
    "misread_letters": "correction",
    "broken_words": "correction",
    "not_part_of_work": "correction",
}


def rule_element(name: str) -> str:
    """The editorialDecl element that declares a cleaning rule."""
    if name in RULE_ELEMENTS:
        return RULE_ELEMENTS[name]
    found = rule_by_name(name)
    return GROUP_ELEMENTS.get(found.group if found else "", "normalization")


def rule_counts(doc: Document) -> dict[str, int]:
    """How many logged changes each rule took part in, in the order the rules run."""
    counts: dict[str, int] = {}
    for change in doc.clean.changes:
        for name in rule_names(change.rule):
            counts[name] = counts.get(name, 0) + 1
    order = {rule.name: i for i, rule in enumerate(RULES)}
    return dict(sorted(counts.items(), key=lambda item: (order.get(item[0], len(order)), item[0])))


def editorial_decl(encoding, doc: Document) -> None:
    """The principles, then one declaration per rule that changed something in this text."""
    decl = sub(encoding, "editorialDecl")
    for paragraph in PRINCIPLES:
        sub(decl, "p", {}, paragraph)
    for category, (attrib, prose) in CATEGORY_PRINCIPLES.items():
        sub(sub(decl, category, attrib), "p", {}, prose)
    for name, count in rule_counts(doc).items():
        _rule_decl(decl, name, count)


def _rule_decl(decl, name: str, count: int) -> None:
    found = rule_by_name(name)
    category = rule_element(name)
    attrib = dict(CATEGORY_PRINCIPLES[category][0])
    attrib.update({"xml:id": rule_decl_id(name), "n": name})
    element = sub(decl, category, attrib)
    first = sub(element, "p", {"xml:lang": "en"}, "Cleaning rule ")
    sub(first, "ident", {"type": "rule"}, name).tail = (
        f" (kind of change: {found.group}; {'counted' if found.trivial else 'listed one by one'} in the "
        f"site's editorial notes): {found.label_en}. {_count(count)}"
        if found else f": a cleaning rule of this build. {_count(count)}"
    )
    if found:
        sub(element, "p", {"xml:lang": "kk"}, found.label_kk)


def _count(count: int) -> str:
    return f"In this text: {count} change{'s' if count != 1 else ''}."


# --------------------------------------------------------------------------- checksums


def checksums(sums: Path) -> dict[str, str]:
    """File name -> SHA-256 from a ``SHA256SUMS`` file (``sha256sum``'s format)."""
    found = {}
    if Path(sums).is_file():
        for line in Path(sums).read_text(encoding="utf-8").splitlines():
            m = re.match(r"([0-9a-fA-F]{64}) [ *]?(.+)$", line.strip())
            if m:
                found[m.group(2)] = m.group(1).lower()
    return found


@functools.lru_cache(maxsize=1)
def project_checksums() -> dict[str, str]:
    return checksums(default_paths().sources / "SHA256SUMS")


# --------------------------------------------------------------------------- validation


RNG = "{http://relaxng.org/ns/structure/1.0}"


@functools.lru_cache(maxsize=1)
def _grammar() -> bytes:
    return SCHEMA.read_bytes()


@functools.lru_cache(maxsize=16)
def schema(names: frozenset[str] | None = None) -> etree.RelaxNG:
    """tei_all.rng compiled; with `names` (the elements of a document, in Clark notation),
    cut to them: every other element's definition becomes ``notAllowed``.

    A document is valid against the grammar cut to its own elements exactly when it is valid
    against tei_all: a derivation of it uses only the definitions of the elements it holds,
    and the cut grammar accepts nothing tei_all does not. tei_all whole takes libxml2 about
    10 s to compile; cut, a hundredth of a second.
    """
    tree = etree.fromstring(_grammar(), etree.XMLParser(huge_tree=True))
    if names is not None:
        for define in tree.iter(RNG + "define"):
            kids = [k for k in define if isinstance(k.tag, str)]
            if len(kids) == 1 and kids[0].tag == RNG + "element" and kids[0].get("name"):
                if _element_name(kids[0]) not in names:
                    define.remove(kids[0])
                    define.append(etree.Element(RNG + "notAllowed"))
    return etree.RelaxNG(tree)


def _element_name(element) -> str:
    """The name an <element name="..."> pattern of the grammar matches, in Clark notation
    (its namespace: the prefix's, or the nearest ``ns`` attribute, its own or an ancestor's)."""
    name = element.get("name")
    if ":" in name:
        prefix, name = name.split(":", 1)
        ns = element.nsmap[prefix]
    else:
        ns = next((a.get("ns") for a in (element, *element.iterancestors()) if a.get("ns") is not None), "")
    return f"{{{ns}}}{name}" if ns else name


POINTER_ATTRIBUTES = ("ana", "target", "ref", "next", "prev", "corresp")


def validate_tei(data: bytes) -> list[str]:
    """Problems of a TEI document, each "line N: message"; empty when it is valid.

    The document must be well-formed (xml:ids unique), valid against TEI P5 tei_all, and
    every pointer within the file (``#id`` in ana, target, ref, next, prev, corresp) must name
    an element of it.
    """
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False)
    try:
        tree = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return [f"line {e.line}: {e.message}" for e in parser.error_log] or [f"line {exc.lineno}: {exc.msg}"]
    compiled = schema(frozenset(el.tag for el in tree.iter() if isinstance(el.tag, str)))
    problems = []
    if not compiled.validate(tree):
        problems = [f"line {e.line}: {e.message}" for e in compiled.error_log]
    return problems + dangling_pointers(tree)


def dangling_pointers(tree) -> list[str]:
    """Pointers to this document (``#id``) that name no element of it."""
    ids = set(tree.xpath("//@xml:id"))
    problems = []
    for element in tree.iter():
        for name in POINTER_ATTRIBUTES:
            for value in (element.get(name) or "").split():
                if value.startswith("#") and value[1:] not in ids:
                    problems.append(f"line {element.sourceline}: {local(element)}/@{name} points at {value}, "
                                    "which no element of this file has as its xml:id")
    return problems


# --------------------------------------------------------------------------- reading back

SOURCE = "source"
EDITED = "edited"
LEFT_OUT = {SOURCE: {"reg", "corr", "note"}, EDITED: {"orig", "sic", "note"}}


def source_reading(data: bytes) -> str:
    """The raw text, read back from a text's TEI (``orig``/``sic`` taken)."""
    return _reading(data, SOURCE)


def edited_reading(data: bytes) -> str:
    """The cleaned text, read back from a text's TEI (``reg``/``corr`` taken)."""
    return _reading(data, EDITED)


def _reading(data: bytes, which: str) -> str:
    return element_reading(_text_element(data), which == EDITED)


def _text_element(data: bytes):
    """The ``text`` element of a text's TEI document."""
    tree = etree.fromstring(data, etree.XMLParser(huge_tree=True, resolve_entities=False))
    return tree.find(tei("text"))


def element_reading(element, edited: bool = True) -> str:
    """The edited (or source) reading of one element of a text's TEI, its tail left out."""
    chars = {
        f"#{char.get(XML_ID)}": _codepoint(char) for char in element.getroottree().iter(tei("char"))
    }
    out: list[str] = []
    _collect(element, EDITED if edited else SOURCE, chars, out)
    return "".join(out)


def _codepoint(char) -> str:
    mapping = char.find(tei("mapping"))
    return chr(int(mapping.text.strip()[2:], 16))


def _collect(element, which: str, chars: dict, out: list) -> None:
    """Append the reading's characters inside ``element`` (its tail is the caller's)."""
    if element.text and local(element) != "choice":
        out.append(element.text)
    for child in element:
        name = local(child)
        skip = not name or name in LEFT_OUT[which] or (name == "head" and child.get("type") == "editorial")
        if name == "g":
            out.append(chars.get(child.get("ref", ""), ""))
        elif not skip:
            _collect(child, which, chars, out)
        if child.tail and local(element) != "choice":
            out.append(child.tail)


# --------------------------------------------------------------------------- the edition's check

MAX_MESSAGES = 10  # per file: a schema's later messages mostly follow from the first


def tei_problems(
    documents: list[Document],
    glossary: Glossary,
    commentary: Commentary | None,
    info: EditionInfo | None,
    sums: dict[str, str] | None = None,
    built: dict[str, bytes] | None = None,
) -> list[tuple[str, str, bytes, list[str]]]:
    """Every TEI file of the edition built and checked: (file name, what it is, data, problems).

    Only files with problems are returned. A text's file must be valid and give back its raw
    and cleaned text exactly; the lists file must be valid. ``sums``: the raw files' SHA-256
    by file name (:func:`checksums`), by default the project's. ``built``: texts' TEI already
    made (by text id: the open data's, made with the same ``sums``), checked as they are.
    """
    found = []
    for doc in documents:
        checksum = sums.get(doc.meta.file, "") if sums is not None else None
        data = (built or {}).get(doc.meta.id) or text_tei(doc, glossary, commentary, info, checksum=checksum)
        problems = validate_tei(data) + round_trip_problems(doc, data)
        if problems:
            found.append((text_file_name(doc.meta.id), f"text {doc.meta.id!r} ({doc.meta.file})", data, problems))
    data = lists_tei([doc.meta for doc in documents], term_places(documents), glossary, commentary, info)
    problems = validate_tei(data)
    if problems:
        found.append((LISTS_FILE, "the glossary and chronology", data, problems))
    return found


def round_trip_problems(doc: Document, data: bytes) -> list[str]:
    """Where the readings of a text's TEI differ from its raw and cleaned text (line 0: the text)."""
    problems = []
    text = _text_element(data)  # parsed once for both readings
    for name, got, expected in (
        ("source", element_reading(text, edited=False), doc.clean.raw),
        ("edited", element_reading(text, edited=True), doc.text),
    ):
        if got != expected:
            at = next((i for i, (a, b) in enumerate(zip(got, expected)) if a != b), min(len(got), len(expected)))
            line = expected.count("\n", 0, at) + 1
            problems.append(
                f"line 0: the {name} reading differs from the {'raw' if name == 'source' else 'cleaned'} text "
                f"at its line {line}: {got[at:at + 30]!r} instead of {expected[at:at + 30]!r}"
            )
    return problems
