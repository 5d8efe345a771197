"""XML helpers for the TEI export: the namespace, element builders, ids, characters XML cannot hold.

Shared by :mod:`.tei` (the header, reading back, validation), :mod:`.tei_body` (a text's
body) and :mod:`.tei_lists` (the glossary and chronology).
"""

from __future__ import annotations

import re

from lxml import etree

from ..structure.pages import tei_file_name

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
XML_LANG = f"{{{XML_NS}}}lang"
XML_ID = f"{{{XML_NS}}}id"
XML_SPACE = f"{{{XML_NS}}}space"

# Where the files of the edition's TEI point at each other: side by side, one per text and one
# for the glossary and chronology (the downloads write them under these names).
LISTS_FILE = "glossary.xml"


text_file_name = tei_file_name  # where it is published: structure/pages.py


def tei(tag: str) -> str:
    """A TEI element's qualified name."""
    return f"{{{TEI_NS}}}{tag}"


def local(element) -> str:
    """An element's local name ("" for comments and processing instructions)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _attrib(attrib: dict | None) -> dict:
    """Attributes with the ``xml:`` prefix spelled out and empty values left out."""
    result = {}
    for key, value in (attrib or {}).items():
        if value is None or value == "":
            continue
        if key.startswith("xml:"):
            key = f"{{{XML_NS}}}{key[4:]}"
        result[key] = str(value)
    return result


def sub(parent, tag: str, attrib: dict | None = None, text: str = ""):
    """A new TEI child element of ``parent`` (``xml:lang`` and the like written as such)."""
    element = etree.SubElement(parent, tei(tag), _attrib(attrib))
    if text:
        append_text(element, text)
    return element


def root(tag: str, attrib: dict | None = None):
    """A TEI root element with the TEI namespace as its default."""
    return etree.Element(tei(tag), _attrib(attrib), nsmap={None: TEI_NS})


# --------------------------------------------------------------------------- ids

_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def xml_id(value: str) -> str:
    """``value`` as an XML name (NCName) usable as ``xml:id``: unchanged when it is one.

    Otherwise (an id starting with a digit, or holding other characters) it is prefixed with
    ``_`` and every character but ASCII letters, digits, ``.`` and ``-`` is written ``_XXXX``
    (its code point in hex). Ids of the edition's data never hold ``_`` (glossary, event and
    text ids are lower-case letters, digits and hyphens), so the mapping never makes two ids one.
    """
    if is_ncname(value):
        return value
    return "_" + re.sub(r"[^A-Za-z0-9.-]", lambda m: f"_{ord(m.group()):04X}", value)


def is_ncname(value: str) -> bool:
    return bool(_NCNAME.fullmatch(value))


# --------------------------------------------------------------------------- characters

# Characters XML 1.0 cannot hold at all (C0 controls but tab, LF and CR; U+FFFE, U+FFFF;
# surrogates): each is written as <g ref="#char-XXXX"/>, declared in the header's charDecl.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def char_id(ch: str) -> str:
    return f"char-{ord(ch):04X}"


def append_text(parent, text: str) -> None:
    """Append ``text`` at the end of ``parent``'s content, a character XML cannot hold as a ``g``."""
    pos = 0
    for m in NOT_XML.finditer(text):
        _append_plain(parent, text[pos : m.start()])
        etree.SubElement(parent, tei("g"), {"ref": f"#{char_id(m.group())}"})
        pos = m.end()
    _append_plain(parent, text[pos:])


def _append_plain(parent, text: str) -> None:
    if not text:
        return
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text
