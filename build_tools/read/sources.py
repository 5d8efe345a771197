"""Stage 1 — read: the only place where bytes become text.

Every other module of the pipeline works on ``str``.

What is read, and what is refused (each refusal names the file and the fix):

* UTF-8, with or without a BOM, and UTF-16 with a BOM are read.  The BOM, an
  encoding signature, is not part of the text.
* A legacy Cyrillic code page (``cp1251``, ``kz1048``) is read only when
  ``texts.yaml`` declares it.  Undeclared, the file is refused with a message
  saying which code page it looks like and a sample of how it reads; a
  declaration that does not fit the bytes (a UTF-8 file declared ``cp1251``,
  Kazakh KZ-1048 text declared ``cp1251``) is refused too.  Never a guess.
* UTF-16 without a BOM, binary files (PDF, Word, ZIP, images, files full of
  control bytes), empty files and files holding only white space are refused.
* CR and CRLF line ends and a few stray control characters (NUL included) are
  kept as read; the cleaning rules ``normalize_line_ends`` and
  ``remove_control_characters`` turn them into logged changes, so the change
  log stays exact relative to the text as read.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..core.errors import EditionError
from ..core.language import language
from ..core.model import Source, TextMeta

# Encodings an editor may declare in texts.yaml for a source.
# The encodings a raw text may be declared in: the name a reader knows and the IANA charset
# (the data downloads name them so, export/data.py; the text pages' links too, render/citations.py).
ENCODING_NAMES = {
    "utf-8": ("UTF-8", "utf-8"),
    "utf-16": ("UTF-16", "utf-16"),
    "cp1251": ("Windows-1251", "windows-1251"),
    "kz1048": ("KZ-1048", "KZ-1048"),
}
KNOWN_ENCODINGS = set(ENCODING_NAMES)
LEGACY_ENCODINGS = ("cp1251", "kz1048")
LEGACY_NAMES = {"cp1251": "Windows-1251 (cp1251)", "kz1048": "KZ-1048 (kz1048)"}

# Letters of the Kazakh and Russian alphabets: what a correctly decoded text is made of.
GOOD_CYRILLIC = set(language().letters)
_CYRILLIC_WORD = re.compile(r"[\u0400-\u04ff]{3,}")
# The Cyrillic block (U+0400-U+04FF), compared as characters (no ord() per character).
_CYRILLIC_FIRST, _CYRILLIC_LAST = chr(0x0400), chr(0x04FF)

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A text whose control characters exceed this share is treated as binary.
BINARY_CONTROL_SHARE = 0.01

# Signatures of formats an editor might save instead of plain text.
BINARY_SIGNATURES = [
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (a Word .docx or OpenDocument .odt file is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word .doc (OLE) file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
]

SAVE_AS_UTF8 = "open it in a text editor and save it as plain text, UTF-8"


def _line_of(data: bytes | str, offset: int) -> int:
    newline = b"\n" if isinstance(data, bytes) else "\n"
    return data.count(newline, 0, offset) + 1


def _sample(text: str, words: int = 8) -> str:
    return " ".join(_CYRILLIC_WORD.findall(text)[:words])


def cyrillic_score(text: str) -> tuple[int, int]:
    """(letters of the Kazakh/Russian alphabets, other Cyrillic letters) in text.

    Decoded with the wrong code page, Kazakh letters turn into letters that
    neither language uses (KZ-1048 ``Қ`` read as cp1251 is ``Ќ``).
    """
    good = bad = 0
    for ch in text:
        if ch in GOOD_CYRILLIC:
            good += 1
        elif _CYRILLIC_FIRST <= ch <= _CYRILLIC_LAST:
            bad += 1
    return good, bad


def _plausible(text: str) -> bool:
    good, bad = cyrillic_score(text)
    letters = sum(1 for ch in text if ch.isalpha())
    # Mostly letters of the two alphabets, hardly any others.
    return good >= 3 and bad * 50 <= good and good * 2 >= letters


def guess_legacy_encoding(data: bytes) -> tuple[list[str], str]:
    """The legacy code pages under which ``data`` reads as Kazakh/Russian text.

    Returns (encodings, sample).  Several encodings are returned when they give
    the same text (the file uses no letter on which cp1251 and KZ-1048 differ);
    none when no code page gives plausible Cyrillic.  Used only to word an
    error message, never to decode.
    """
    results = []
    for encoding in LEGACY_ENCODINGS:
        text = data.decode(encoding, errors="replace")
        if _plausible(text):
            good, bad = cyrillic_score(text)
            results.append((bad, -good, encoding, text))
    if not results:
        return [], ""
    results.sort()
    best = results[0]
    same = [r[2] for r in results if r[3] == best[3] or (r[0], r[1]) == (best[0], best[1])]
    return same, _sample(best[3])


def _binary_kind(data: bytes) -> str:
    for signature, kind in BINARY_SIGNATURES:
        if data.startswith(signature):
            return kind
    return ""


def _common_script_share(text: str) -> float:
    """Share of characters from the scripts a source of this edition is written in."""
    if not text:
        return 0.0
    common = sum(
        1
        for ch in text
        if ch < "\u0250" or _CYRILLIC_FIRST <= ch <= _CYRILLIC_LAST or "\u2000" <= ch <= "\u206f" or ch == "\ufeff"
    )
    return common / len(text)


def _utf16_without_bom(data: bytes) -> str:
    """'little'/'big' when the bytes read as UTF-16 text without a BOM."""
    head = data[: 8192 - 8192 % 2] if len(data) > 8192 else data[: len(data) - len(data) % 2]
    if len(head) < 8:
        return ""
    try:  # plain UTF-8 text (no NUL, no control bytes) is never taken for UTF-16
        if not _CONTROL_RE.search(head.decode("utf-8", errors="ignore")) and data.decode("utf-8"):
            return ""
    except UnicodeDecodeError:
        pass
    for order, codec in (("little", "utf-16-le"), ("big", "utf-16-be")):
        try:
            text = head.decode(codec)
        except UnicodeDecodeError:
            continue
        letters = [ch for ch in text if ch.isalpha()]
        known = sum(1 for ch in letters if ch in GOOD_CYRILLIC or ch.isascii())
        if (
            _common_script_share(text) > 0.95
            and len(letters) * 3 >= len(text)
            and known * 10 >= len(letters) * 9
            and not _CONTROL_RE.search(text)
        ):
            return order
    return ""


def _refuse_undecodable(data: bytes, path, exc: UnicodeDecodeError):
    line = _line_of(data, exc.start)
    where = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
    encodings, sample = guess_legacy_encoding(data)
    if len(encodings) == 1:
        enc = encodings[0]
        looks = (
            f" It looks like Cyrillic text in the legacy code page {LEGACY_NAMES[enc]}"
            + (", with Kazakh letters that only KZ-1048 encodes" if enc == "kz1048" else "")
            + f"; decoded so it reads: «{sample}»."
        )
        hint = f"if that reads right, add `encoding: {enc}` to the text's entry in source_texts/texts.yaml; or {SAVE_AS_UTF8}"
    elif encodings:
        looks = (
            " It looks like Cyrillic text in a legacy code page; cp1251 and KZ-1048 read it alike: "
            f"«{sample}»."
        )
        hint = (
            "if that reads right, add `encoding: cp1251` (or `encoding: kz1048` for a Kazakh text) "
            f"to the text's entry in source_texts/texts.yaml; or {SAVE_AS_UTF8}"
        )
    else:
        looks = " It does not read as Cyrillic text in cp1251 or KZ-1048 either."
        hint = f"find out the file's encoding and {SAVE_AS_UTF8}"
    raise EditionError(path, f"not valid UTF-8 ({where}).{looks}", line, hint=hint) from None


def _refuse_if_utf8(data: bytes, encoding: str, path) -> None:
    """A file declared in a legacy code page that is in fact UTF-8 would turn into mojibake."""
    if data.isascii():
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return
    raise EditionError(
        path,
        f"`encoding: {encoding}` is declared in texts.yaml, but the file is UTF-8 "
        f"(read as {encoding} it would turn into mojibake)",
        hint="remove the `encoding:` line of this text from source_texts/texts.yaml",
    )


def _check_declared_legacy(data: bytes, text: str, encoding: str, path) -> None:
    """Refuse a declared code page under which the text has letters no Kazakh or Russian text has."""
    good, bad = cyrillic_score(text)
    if bad and bad * 50 > good:
        others = [e for e in LEGACY_ENCODINGS if e != encoding]
        better = [e for e in others if cyrillic_score(data.decode(e, errors="replace"))[1] == 0]
        strange = "".join(sorted({ch for ch in text if _CYRILLIC_FIRST <= ch <= _CYRILLIC_LAST and ch not in GOOD_CYRILLIC}))
        raise EditionError(
            path,
            f"decoded as {encoding} (declared in texts.yaml) "
            f"the text has letters that Kazakh and Russian do not use ({strange[:20]})",
            _line_of(text, next(i for i, ch in enumerate(text) if ch in strange)),
            hint=(f"declare `encoding: {better[0]}` instead" if better else "declare the right encoding")
            + " in source_texts/texts.yaml",
        )


def _check_controls(text: str, path) -> None:
    controls = _CONTROL_RE.findall(text)
    if not controls:
        return
    if len(controls) > max(1, len(text) * BINARY_CONTROL_SHARE):
        first = _CONTROL_RE.search(text).start()
        nul = " (NUL bytes among them)" if "\x00" in controls else ""
        raise EditionError(
            path,
            f"looks like a binary file, not text: {len(controls)} control characters{nul} "
            f"in {len(text)} characters",
            _line_of(text, first),
            hint=f"{SAVE_AS_UTF8}; if it is text, check the declared encoding",
        )
    # A few stray control characters are kept; the cleaning rule
    # `remove_control_characters` removes them as logged changes.


def decode_bytes(data: bytes, path: Path | str, encoding: str = "utf-8") -> str:
    """Decode a source file's bytes, or raise an EditionError that says what to do."""
    encoding = (encoding or "utf-8").lower()
    if encoding not in KNOWN_ENCODINGS:
        raise EditionError(
            path,
            f"unknown encoding {encoding!r}",
            hint=f"declare one of {', '.join(sorted(KNOWN_ENCODINGS))} in source_texts/texts.yaml",
        )
    kind = _binary_kind(data)
    if kind:
        raise EditionError(path, f"this is {kind}, not a plain text file", hint=SAVE_AS_UTF8)
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        if encoding in LEGACY_ENCODINGS:
            raise EditionError(
                path,
                f"`encoding: {encoding}` is declared in texts.yaml, but the file starts with a UTF-16 signature (BOM)",
                hint="remove the `encoding:` line of this text from source_texts/texts.yaml",
            )
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise EditionError(
                path, f"broken UTF-16 at byte {exc.start}", hint=f"re-export the file; {SAVE_AS_UTF8}"
            ) from None
    elif encoding in ("utf-8", "utf-16"):
        order = _utf16_without_bom(data)
        if encoding == "utf-16" and not order:
            raise EditionError(
                path,
                "`encoding: utf-16` is declared in texts.yaml, but the file does not start with a UTF-16 "
                "byte order mark (BOM)",
                hint="remove the `encoding:` line if the file is UTF-8; otherwise save it as UTF-16 with a BOM",
            )
        if order:
            raise EditionError(
                path,
                f"looks like UTF-16 text ({order}-endian) without a byte order mark (BOM): "
                "without it the byte order is a guess",
                hint=f"{SAVE_AS_UTF8} (or as UTF-16 with a BOM)",
            )
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            _refuse_undecodable(data, path, exc)
    else:
        if data.startswith(codecs.BOM_UTF8):
            data = data[len(codecs.BOM_UTF8) :]
        _refuse_if_utf8(data, encoding, path)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as exc:
            raise EditionError(
                path,
                f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not a character in {encoding} "
                "(declared in texts.yaml)",
                _line_of(data, exc.start),
                hint="check the declared encoding in source_texts/texts.yaml",
            ) from None
        _check_declared_legacy(data, text, encoding, path)
    _check_controls(text, path)
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
    data = path.read_bytes()
    if not data:
        raise EditionError(path, "the file is empty (0 bytes)", hint="add the text, or remove its entry from source_texts/texts.yaml")
    raw = decode_bytes(data, path, meta.encoding)
    if not raw.strip():
        raise EditionError(
            path,
            "the file holds only white space",
            hint="add the text, or remove its entry from source_texts/texts.yaml",
        )
    return Source(meta=meta, path=path, raw=raw)
