"""PLACEHOLDER for the TEI P5 export: replaced by the real module (the TEI branch) at merge.

Only the two signatures the data export (``export/data.py``) calls are kept, each returning a
minimal valid TEI P5 document (a title, a publication statement, an empty body), so that the
data branch builds and tests on its own.  Nothing else should depend on what these return.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..annotate.commentary import Commentary
from ..annotate.glossary import Glossary
from ..core.model import Document, EditionInfo


def _minimal_tei(title: str, language: str, info: EditionInfo | None) -> bytes:
    version = escape(info.version) if info else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:lang="{escape(language)}">'
        f"<teiHeader><fileDesc><titleStmt><title>{escape(title)}</title></titleStmt>"
        f"<publicationStmt><p>{version}</p></publicationStmt>"
        "<sourceDesc><p>placeholder</p></sourceDesc></fileDesc></teiHeader>"
        "<text><body><p/></body></text></TEI>\n"
    ).encode("utf-8")


def text_tei(doc: Document, glossary: Glossary, commentary: Commentary | None, info: EditionInfo | None) -> bytes:
    """One text as TEI P5 (placeholder: its title only)."""
    return _minimal_tei(doc.meta.title, doc.meta.language, info)


def lists_tei(
    documents: list[Document], glossary: Glossary, commentary: Commentary | None, info: EditionInfo | None
) -> bytes:
    """The glossary and the chronology as TEI lists (placeholder: an empty document)."""
    return _minimal_tei("glossary, chronology", "en", info)
