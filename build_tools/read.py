"""Stage 1 — read: the only place where bytes become text.

Every other module of the pipeline works on ``str``.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from .errors import EditionError
from .model import Source, TextMeta

# Encodings an editor may declare in texts.yaml for a legacy source.
KNOWN_ENCODINGS = {"utf-8", "utf-16", "cp1251", "kz1048"}


def _looks_like_legacy_cyrillic(data: bytes) -> str:
    """Describe undecodable bytes that look like a Cyrillic code page."""
    high = sum(1 for b in data if b >= 0xC0)
    if high and high / max(1, sum(1 for b in data if b >= 0x80)) > 0.6:
        return " It looks like a legacy Cyrillic code page (cp1251 or KZ-1048)."
    return ""


def decode_bytes(data: bytes, path: Path | str, encoding: str = "utf-8") -> str:
    """Decode a source file's bytes, or raise an EditionError that says what to do.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are recognised; a legacy
    code page is used only when declared.  The BOM, an encoding signature, is
    not part of the text.
    """
    encoding = (encoding or "utf-8").lower()
    if encoding not in KNOWN_ENCODINGS:
        raise EditionError(
            path,
            f"unknown encoding {encoding!r}",
            hint=f"declare one of {', '.join(sorted(KNOWN_ENCODINGS))} in source_texts/texts.yaml",
        )
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EditionError(
                path, f"broken UTF-16 at byte {exc.start}", hint="re-export the file as UTF-8"
            ) from None
    elif encoding in ("utf-8", "utf-16"):
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = data.count(b"\n", 0, exc.start) + 1
            raise EditionError(
                path,
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})."
                + _looks_like_legacy_cyrillic(data),
                line,
                hint="save the file as UTF-8, or declare its encoding in source_texts/texts.yaml "
                "(for example `encoding: cp1251` or `encoding: kz1048`)",
            ) from None
    else:
        text = data.decode(encoding)
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise EditionError(
            path,
            "contains NUL characters: this is a binary file or a wrongly declared encoding",
            line,
            hint="convert the file to plain UTF-8 text (UTF-16 files need a BOM)",
        )
    return text


def read_source(meta: TextMeta, directory: Path) -> Source:
    """Read one raw text named in texts.yaml."""
    path = Path(directory) / meta.file
    if not path.is_file():
        raise EditionError(
            directory / "texts.yaml",
            f"text {meta.id!r}: file {meta.file!r} does not exist",
            meta.source_line,
            hint=f"put the raw text at {path} or correct `file:`",
        )
    raw = decode_bytes(path.read_bytes(), path, meta.encoding)
    if not raw.strip():
        raise EditionError(
            path, "the file is empty or holds only white space", hint="add the text or remove its entry"
        )
    return Source(meta=meta, path=path, raw=raw)
