"""Adding a text: the editor's first step with a new raw file (`python -m build_tools add-text`).

It checks that the file is text in a known encoding and not already in the edition, copies it
into source_texts/ unchanged (a stable name: id and checksum), appends its checksum to
SHA256SUMS and an entry to texts.yaml — the next free id and siglum, provisional titles and
source notes listed under `todo:` — and returns what the editor has to do next. Either all
three files change or none does.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..core.errors import EditionError
from ..core.locale import t
from ..read.sources import decode_bytes
from ..read.texts import KINDS, LANGUAGES, SHORT_TITLE_MAX, SIGLUM_RE, Paths, load_texts

PROVISIONAL = ("title", "title_en", "short_title", "source_notes_kk", "source_notes")
TITLE_MAX = 150


@dataclass(frozen=True)
class AddedText:
    """What add-text wrote."""

    id: str
    file: str
    siglum: str
    entry: str  # the YAML appended to texts.yaml


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def next_id(ids: list[str]) -> str:
    """One more than the largest numeric id, as wide as the widest (000, 001 … → 005)."""
    numbers = [int(i) for i in ids if i.isdigit()]
    width = max((len(i) for i in ids if i.isdigit()), default=3)
    return str(max(numbers, default=-1) + 1).zfill(width)


def next_siglum(sigla: list[str]) -> str:
    """The first free siglum in the order A … Z, then AA, AB … (never a used one)."""
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    for candidate in letters + [a + b for a in letters for b in letters]:
        if candidate not in sigla and SIGLUM_RE.match(candidate):
            return candidate
    raise EditionError(None, "no free siglum left")  # pragma: no cover - 702 texts


def provisional_title(text: str) -> str:
    """The text's first line, as a title to be rewritten (the raw texts have no titles)."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    first = " ".join(first.split())
    if len(first) > TITLE_MAX:
        first = first[:TITLE_MAX].rsplit(" ", 1)[0] + "…"
    return first


def provisional_short_title(title: str, taken: set[str], siglum: str) -> str:
    """The title's first words, at most SHORT_TITLE_MAX characters, unique."""
    words, short = title.rstrip("…").split(), ""
    for word in words:
        if len(f"{short} {word}".strip()) > SHORT_TITLE_MAX - 3:
            break
        short = f"{short} {word}".strip()
    short = short or siglum
    return short if short not in taken else f"{short[: SHORT_TITLE_MAX - 3]} {siglum}"


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def entry_yaml(fields: dict) -> str:
    """A texts.yaml entry: one `key: value` line per field, strings quoted."""
    lines = []
    for key, value in fields.items():
        if isinstance(value, list):
            value = "[" + ", ".join(value) + "]"
        elif key not in ("language", "kind", "siglum", "encoding"):
            value = _yaml_str(value)
        lines.append(f"{'  - ' if not lines else '    '}{key}: {value}")
    return "\n".join(lines) + "\n"


def _atomic_writes(contents: dict[Path, bytes]) -> None:
    """Write every file or none: each to a temporary file first, then all renamed into place."""
    staged: list[tuple[Path, Path, bytes | None]] = []
    try:
        for path, data in contents.items():
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            staged.append((path, Path(tmp), path.read_bytes() if path.exists() else None))
        done = []
        try:
            for path, tmp, _ in staged:
                os.replace(tmp, path)
                done.append(path)
        except OSError:
            for path, _, before in staged:  # put back what was replaced
                if path in done and before is None:
                    path.unlink()
                elif path in done:
                    path.write_bytes(before)
            raise
    finally:
        for _, tmp, _ in staged:
            tmp.unlink(missing_ok=True)


def add_text(paths: Paths, source: Path, language: str, kind: str, text_id: str | None = None, encoding: str | None = None) -> AddedText:
    """Copy `source` into the edition and describe it in texts.yaml (provisionally); see the module."""
    source = Path(source)
    if language not in LANGUAGES:
        raise EditionError(source, f"--language must be one of {sorted(LANGUAGES)}, not {language!r}", hint="kk for Kazakh, ru for Russian")
    if kind not in KINDS:
        raise EditionError(source, f"--kind must be one of {sorted(KINDS)}, not {kind!r}", hint="choose the kind that fits the text")
    if not source.is_file():
        raise EditionError(source, "no such file", hint="give the path of the raw text")
    data = source.read_bytes()
    try:
        text = decode_bytes(data, source, encoding or "utf-8")
    except EditionError as exc:
        # the reader's advice is for texts.yaml; here the encoding is an option of add-text
        hint = re.sub(r"`encoding: ([\w-]+)`", r"--encoding \1", exc.hint)
        hint = hint.replace("add --encoding", "pass --encoding").replace(" to the text's entry in source_texts/texts.yaml", " to add-text")
        raise EditionError(exc.path, exc.message, exc.line, exc.column, hint=hint) from None
    metas = load_texts(paths)
    digest = _sha256(data)
    sums_path = paths.sources / "SHA256SUMS"
    sums = sums_path.read_text(encoding="utf-8") if sums_path.exists() else ""
    known = dict(line.split(maxsplit=1) for line in sums.splitlines() if line.strip())  # digest -> file
    if digest in known:
        owner = next((m.id for m in metas if m.file == known[digest].strip()), "?")
        raise EditionError(source, f"this file is already in the edition as text {owner!r} ({known[digest].strip()})", hint="nothing to add")
    ids = [m.id for m in metas]
    text_id = text_id or next_id(ids)
    if text_id in ids:
        raise EditionError(paths.texts_yaml, f"the id {text_id!r} is taken", hint=f"choose another --id, or leave it out for {next_id(ids)!r}")
    siglum = next_siglum([m.siglum for m in metas])
    name = f"{text_id}_{digest[:16]}.txt"
    title = provisional_title(text) or t("add_text.untitled", siglum=siglum)
    fields = {
        "id": text_id,
        "file": name,
        "language": language,
        "kind": kind,
        "title": title,
        "title_en": t("add_text.title_en", siglum=siglum),
        "short_title": provisional_short_title(title, {m.short_title for m in metas}, siglum),
        "siglum": siglum,
        "source_notes_kk": t("add_text.source_notes_kk"),
        "source_notes": t("add_text.source_notes"),
    }
    if encoding and encoding.lower() != "utf-8":
        fields["encoding"] = encoding.lower()
    fields["todo"] = list(PROVISIONAL)
    entry = entry_yaml(fields)
    texts_yaml = paths.texts_yaml.read_text(encoding="utf-8")
    _atomic_writes(
        {
            paths.sources / name: data,
            sums_path: (sums + ("" if not sums or sums.endswith("\n") else "\n") + f"{digest}  {name}\n").encode("utf-8"),
            paths.texts_yaml: (texts_yaml.rstrip("\n") + "\n\n" + entry).encode("utf-8"),
        }
    )
    return AddedText(text_id, name, siglum, entry)
