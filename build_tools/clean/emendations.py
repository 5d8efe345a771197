"""Manual emendations: corrections no rule should guess, kept as data.

``source_texts/emendations.yaml`` lists them::

    emendations:
      - text: "001"                                # the text's id in texts.yaml
        original: Сыртқы істер министлігі          # the raw reading, with enough context to be unique
        corrected: Сыртқы істер министрлігі        # what the edition prints
        note: «министрлігі» деп түзетілді          # optional: why (shown to the reader)

Each entry must match exactly one place of the raw text; an entry that
matches nothing or more than one place fails the build, naming the YAML file
and the entry's line.  The cleaner applies the entries first (rule
``emendation``), so ``original`` is always a reading of the raw text as
received, and records each as a change whose note is the entry's note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable

from ..core.errors import EditionError, EditionErrors
from ..core.model import TextMeta
from ..core.yamlio import Mapping
from ..read.yamlfile import load_yaml
from .edits import Edit

FIELDS_REQUIRED = ("text", "original", "corrected")
FIELDS_OPTIONAL = ("note",)
FILENAME = "emendations.yaml"


@dataclass(frozen=True)
class Emendation:
    text: str  # text id
    original: str
    corrected: str
    note: str = ""
    path: Path | None = None
    line: int = 0

    def error(self, message: str, hint: str) -> EditionError:
        return EditionError(self.path, message, self.line, hint=hint)


def parse_emendations(data, path: Path, known_ids: Iterable[str] | None = None) -> list[Emendation]:
    """Validate the parsed YAML; raise EditionErrors listing every problem."""
    if data is None:
        return []
    if not isinstance(data, Mapping) or not isinstance(data.get("emendations"), list):
        raise EditionError(
            path,
            "expected a top-level `emendations:` list",
            getattr(data, "line", 0),
            hint="start the file with `emendations:` and give one `- text: ...` item per correction",
        )
    known = set(known_ids) if known_ids is not None else None
    items = data["emendations"]
    lines = getattr(items, "item_lines", [])
    errors: list[EditionError] = []
    result: list[Emendation] = []
    seen: dict[tuple[str, str], int] = {}
    for index, item in enumerate(items):
        line = lines[index] if index < len(lines) else getattr(items, "line", 0)
        if not isinstance(item, Mapping):
            errors.append(EditionError(path, f"emendation {index + 1} is not a mapping", line, hint="write `- text: ...`"))
            continue
        label = f"emendation {index + 1}"
        bad = False
        for key in FIELDS_REQUIRED:
            if key not in item:
                errors.append(EditionError(path, f"{label}: missing required field `{key}`", item.line, hint=f"add `{key}:`"))
                bad = True
        for key in sorted(set(item) - set(FIELDS_REQUIRED) - set(FIELDS_OPTIONAL), key=str):
            errors.append(
                EditionError(
                    path,
                    f"{label}: unknown field `{key}`",
                    item.line_of(key),
                    hint="known fields: " + ", ".join(FIELDS_REQUIRED + FIELDS_OPTIONAL),
                )
            )
            bad = True
        if bad:
            continue
        text_id = item["text"]
        text_id = str(text_id) if isinstance(text_id, int) else text_id
        for key in ("original", "corrected"):
            if not isinstance(item[key], str) or (key == "original" and not item[key]):
                errors.append(
                    EditionError(path, f"{label}: `{key}` must be a string", item.line_of(key), hint="quote the reading")
                )
                bad = True
        note = item.get("note", "")
        if not isinstance(note, str):
            errors.append(EditionError(path, f"{label}: `note` must be a string", item.line_of("note")))
            bad = True
        if not isinstance(text_id, str) or (known is not None and text_id not in known):
            errors.append(
                EditionError(
                    path,
                    f"{label}: unknown text id {text_id!r}",
                    item.line_of("text"),
                    hint="use an `id` from texts.yaml, quoted if it is a number (text: \"001\")",
                )
            )
            bad = True
        if bad:
            continue
        if item["original"] == item["corrected"]:
            errors.append(
                EditionError(
                    path, f"{label}: `corrected` is the same as `original`", item.line_of("corrected"), hint="remove the entry"
                )
            )
            continue
        key = (text_id, item["original"])
        if key in seen:
            errors.append(
                EditionError(
                    path,
                    f"{label}: the same original reading is emended twice (first on line {seen[key]})",
                    item.line,
                    hint="keep one entry",
                )
            )
            continue
        seen[key] = item.line
        result.append(Emendation(text_id, item["original"], item["corrected"], note.strip(), path, item.line))
    if errors:
        raise EditionErrors(errors)
    return result


def load_emendations(sources: Path, known_ids: Iterable[str] | None = None) -> list[Emendation]:
    """Read ``source_texts/emendations.yaml`` (a missing file means no emendations)."""
    path = Path(sources) / FILENAME
    if not path.is_file():
        return []
    return parse_emendations(load_yaml(path), path, known_ids)


def attach(meta: TextMeta, emendations: list[Emendation]) -> TextMeta:
    """The text's metadata with its emendations attached (for the ``emendation`` rule)."""
    mine = tuple(e for e in emendations if e.text == meta.id)
    return replace(meta, emendations=mine) if mine else meta


def word_edits(original: str, corrected: str) -> list[tuple[int, int, str]]:
    """The changed words only, as (start, end, replacement) in ``original``.

    The reader sees each corrected word marked, not the whole quoted context.
    """
    import difflib

    a = re.findall(r"\w+|\W", original)
    b = re.findall(r"\w+|\W", corrected)
    starts = [0]
    for tok in a:
        starts.append(starts[-1] + len(tok))
    result = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op != "equal":
            start, end, after = starts[i1], starts[i2], "".join(b[j1:j2])
            # «державаларә» → «державалар»»: the word stays, only the mark after it is new
            cuts = [len("".join(b[j1:k])) for k in range(j1 + 1, j2)]
            keep = max((n for n in cuts if original[start : start + n] == after[:n]), default=0)
            result.append((start + keep, end, after[keep:]))
    return result


def locate(entry: Emendation, text: str, meta: TextMeta):
    """The edit of one emendation in ``text``; EditionError unless it matches exactly once."""
    count = text.count(entry.original)
    where = f"text {entry.text} ({meta.file})"
    if count == 0:
        raise entry.error(
            f"emendation: the original reading {entry.original!r} does not occur in {where}",
            "copy the reading exactly from the raw text (letters, spaces, punctuation)",
        )
    if count > 1:
        raise entry.error(
            f"emendation: the original reading {entry.original!r} occurs {count} times in {where}",
            "quote more of the surrounding text so that it matches one place only",
        )
    at = text.find(entry.original)
    for start, end, after in word_edits(entry.original, entry.corrected):
        yield Edit(at + start, at + end, after, entry.note)


__all__ = ["Emendation", "load_emendations", "parse_emendations", "attach", "locate"]
