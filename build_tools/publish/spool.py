"""The glossary's concordances, spooled to files while the pipeline goes through the texts.

An entry's concordance holds a line for each of its occurrences in every text.  The
pipeline (publish/pipeline.py) holds one text at a time; it writes each text's part of
every concordance here as it goes, and reads an entry's whole concordance back when it
writes the entry's page.  The files are the build's own (HTML it wrote), not sources.
"""

from __future__ import annotations

from pathlib import Path


class ConcordanceSpool:
    """Each glossary entry's concordance, written text by text to a file of its own.

    An entry's concordance holds a line for each of its occurrences in every text: held in
    memory until the entry's page is written, they would grow with the whole edition.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)

    def add(self, groups: dict[str, str]) -> None:
        for entry_id, html in groups.items():
            with open(self.folder / f"{entry_id}.html", "a", encoding="utf-8") as out:
                out.write(html)

    def read(self, entry_id: str) -> str:
        path = self.folder / f"{entry_id}.html"
        return path.read_text(encoding="utf-8") if path.exists() else ""
