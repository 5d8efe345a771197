"""The glossary's concordances, spooled to files while the pipeline goes through the texts.

An entry's concordance holds a line for each of its occurrences in every text.  The
pipeline (publish/pipeline.py) holds one text at a time; it writes each text's part of
every concordance here as it goes, and reads an entry's parts back, one at a time, when it
writes the entry's pages.  The files are the build's own (HTML it wrote), not sources.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path


class ConcordanceSpool:
    """Each glossary entry's concordance, written text by text to a file of its own.

    An entry's concordance holds a line for each of its occurrences in every text: held in
    memory until the entry's pages are written, they would grow with the whole edition.  A
    text's part is one JSON line (its HTML may hold line breaks); the size of every part is
    kept, so the pages can be planned before any part is read back.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._sizes: dict[str, list[int]] = {}

    def add(self, groups: dict[str, str]) -> None:
        for entry_id, html in groups.items():
            with open(self._path(entry_id), "a", encoding="utf-8") as out:
                out.write(json.dumps(html, ensure_ascii=False) + "\n")
            self._sizes.setdefault(entry_id, []).append(len(html))

    def sizes(self, entry_id: str) -> list[int]:
        """The length of each text's part of the entry's concordance, in the order of the texts."""
        return list(self._sizes.get(entry_id, []))

    def parts(self, entry_id: str) -> Iterator[str]:
        """The texts' parts of the entry's concordance, read back one at a time."""
        path = self._path(entry_id)
        if not path.exists():
            return
        with open(path, encoding="utf-8") as lines:
            for line in lines:
                yield json.loads(line)

    def read(self, entry_id: str) -> str:
        """The entry's whole concordance (every text's part)."""
        return "".join(self.parts(entry_id))

    def _path(self, entry_id: str) -> Path:
        return self.folder / f"{entry_id}.jsonl"
