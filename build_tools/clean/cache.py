"""Cleaned texts kept between builds (``build/cache/clean/`` of the project).

Cleaning is most of the pipeline's time (about 25 rules, each a pass over the text, run
until a pass changes nothing), and it reads only the raw text, the few fields of its
``texts.yaml`` entry that rules use, its emendations and the toolkit itself.  A cleaned
text is stored under a key made of exactly these, so an edit to the glossary, the
commentary or a text's titles cleans nothing again (``mkdocs serve`` rebuilds in a
fraction of the time), an edit to one text or its emendations cleans that text again, and
a change to the toolkit's code or data cleans every text again.

The pipeline also reads each text twice in one build (it gathers, then renders, holding
one text at a time): the second time comes from here.  ``EDITION_CACHE=0`` turns the cache
off; a missing, unreadable or corrupt entry is cleaned again, never trusted.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from pathlib import Path

from ..core.model import Change, CleanResult, TextMeta
from .engine import clean_text

FORMAT = 1  # of a stored entry; a new format makes every old entry a miss
TOOLKIT = Path(__file__).resolve().parents[1]  # build_tools/


@functools.lru_cache(maxsize=1)
def toolkit_fingerprint() -> str:
    """A digest of the toolkit's code and data (any change may change a cleaning)."""
    digest = hashlib.sha256(f"format {FORMAT}".encode())
    for path in sorted(TOOLKIT.rglob("*")):
        if path.suffix in (".py", ".yaml") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(TOOLKIT)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(raw: str, meta: TextMeta) -> str:
    """What a cleaning depends on: the raw text, the entry's fields that rules read, the toolkit."""
    fields = (meta.id, meta.file, meta.language, meta.encoding, meta.not_part_of_work, meta.rules, meta.emendations)
    digest = hashlib.sha256(toolkit_fingerprint().encode())
    digest.update(repr(fields).encode("utf-8"))
    digest.update(raw.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def enabled() -> bool:
    return os.environ.get("EDITION_CACHE", "1").strip() not in ("0", "no", "false", "off")


class CleanCache:
    """Clean through a folder of stored results; ``folder=None`` cleans every time.

    Whether the project's cache is used (``EDITION_CACHE``) is the caller's choice of folder
    (publish/pipeline.py ``clean_cache``: with the cache off, a folder that lasts one build)."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder is not None else None
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0

    def _path(self, meta: TextMeta, key: str) -> Path:
        return self.folder / f"{meta.id}-{key[:32]}.json"

    def clean(self, raw: str, meta: TextMeta) -> CleanResult:
        if self.folder is None:
            return clean_text(raw, meta)
        key = cache_key(raw, meta)
        path = self._path(meta, key)
        self.used.add(path.name)
        stored = self._load(path, key)
        if stored is not None:
            self.hits += 1
            return CleanResult(raw, stored["text"], [Change(*c) for c in stored["changes"]],
                               [tuple(d) for d in stored["doubts"]])
        self.misses += 1
        result = clean_text(raw, meta)
        self._store(path, key, result)
        return result

    def _load(self, path: Path, key: str) -> dict | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return data

    def _store(self, path: Path, key: str, result: CleanResult) -> None:
        data = {
            "key": key,
            "text": result.text,
            "changes": [[c.rule, c.start, c.end, c.before, c.after, c.note] for c in result.changes],
            "doubts": [list(d) for d in result.doubts],
        }
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=self.folder)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(tmp, path)
        except OSError:  # a read-only project still builds, only without the cache
            try:
                os.unlink(tmp)
            except (OSError, UnboundLocalError):
                pass

    def prune(self) -> None:
        """Remove stored texts this build did not use (edited or removed texts)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in self.folder.glob("*.json"):
            if path.name not in self.used:
                try:
                    path.unlink()
                except OSError:
                    pass
