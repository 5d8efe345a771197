"""Stage 5 — render: what the pages about the whole collection need of each text.

The pipeline holds one text's document at a time (publish/pipeline.py): it gathers a
:class:`TextRecord` from each document, lets the document go, and renders the pages that
speak of every text (the list of texts, the glossary's counts and indexes, the about page,
each text's "terms of this text") from the records.  A record is small: the text's
metadata and a few counts, never its text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..core.model import Document, TextMeta
from . import apparatus


@dataclass
class TextRecord:
    """One text as the collection's pages see it."""

    meta: TextMeta
    paragraphs: int = 0  # numbered paragraphs (¶)
    # glossary entry id -> occurrences in the text, entries in the order first found
    terms: Counter = field(default_factory=Counter)
    # (kind of change, its primary rule, trivial?) -> number of changes, in the order first made
    changes: Counter = field(default_factory=Counter)

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def n_changes(self) -> int:
        return sum(self.changes.values())

    def n_listed(self) -> int:
        """Changes the notes list one by one (the others are counted)."""
        return sum(n for (_, _, trivial), n in self.changes.items() if not trivial)

    def n_in_group(self, group: str) -> int:
        return sum(n for (g, _, _), n in self.changes.items() if g == group)


def record_of(doc: Document) -> TextRecord:
    """Gather what the collection's pages need of a document."""
    terms: Counter = Counter()
    for span in doc.spans:
        if span.kind == "term":
            terms[span.data] += 1
    changes: Counter = Counter()
    for change in doc.clean.changes:
        changes[(apparatus.group_of(change), apparatus.primary_rule(change), apparatus.is_trivial(change))] += 1
    return TextRecord(doc.meta, sum(1 for _ in doc.paragraphs()), terms, changes)


def records_of(items) -> list[TextRecord]:
    """Records for a list of records or documents (a test may hand over the documents it keeps)."""
    return [item if isinstance(item, TextRecord) else record_of(item) for item in items]


def term_counts(records: list[TextRecord]) -> dict[str, Counter]:
    """Glossary entry id -> Counter(text id -> occurrences): entries in the order first found, texts in order."""
    counts: dict[str, Counter] = {}
    for record in records:
        for entry_id, n in record.terms.items():
            counts.setdefault(entry_id, Counter())[record.id] = n
    return counts
