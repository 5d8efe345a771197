"""Stage 1 — read: ``source_texts/changelog.yaml``, the edition's numbered versions and what each changed.

The file is a list of versions, newest first::

    versions:
      - version: "0.2"
        date: 2027-01-15
        changes:
          - kind: text          # optional: text, apparatus, glossary, commentary, software
            kk: Екі түзету қосылды.
            en: Two emendations added.

Checked here, each problem an ``EditionError`` naming the file, the line and what to do:
versions well-formed (``X.Y`` or ``X.Y.Z``, quoted), unique and in descending order; dates ISO
and never later than the version above them; every version with at least one change, every change
with Kazakh and English text. ``read/edition.py`` then requires edition.yaml's ``version`` to be
the newest entry's, so that raising the version forces a changelog entry.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from ..core.errors import EditionError, EditionErrors
from ..core.model import VersionChange, VersionEntry
from .yamlfile import load_yaml

VERSION = re.compile(r"^\d+\.\d+(\.\d+)?$")
CHANGE_KINDS = ("text", "apparatus", "glossary", "commentary", "software")
ENTRY_KEYS = {"version", "date", "changes"}
CHANGE_KEYS = {"kk", "en", "kind"}


def version_key(version: str) -> tuple[int, int, int]:
    """'0.1' -> (0, 1, 0): versions compared as numbers, "0.1" and "0.1.0" the same."""
    parts = [int(p) for p in version.split(".")]
    return tuple(parts + [0] * (3 - len(parts)))  # type: ignore[return-value]


def load_changelog(path: Path) -> tuple[VersionEntry, ...]:
    """The versions of ``changelog.yaml``, newest first, checked (every problem listed at once)."""
    path = Path(path)
    if not path.is_file():
        raise EditionError(
            path,
            "the changelog is missing",
            hint="create it with `versions:` and one entry for edition.yaml's version (see README, 'Versions and releases')",
        )
    data = load_yaml(path)
    if not isinstance(data, dict) or "versions" not in data:
        raise EditionError(path, "expected a mapping with a `versions:` list", line=getattr(data, "line", 0),
                           hint="start the file with `versions:` and list the versions under it, newest first")
    unknown = sorted(set(data) - {"versions"})
    if unknown:
        raise EditionError(path, f"unknown key `{unknown[0]}`", line=data.line_of(unknown[0]), hint="allowed: versions")
    items = data["versions"]
    if not isinstance(items, list) or not items:
        raise EditionError(path, "`versions` must be a non-empty list", line=data.line_of("versions"),
                           hint="give at least the current version, with its date and changes")
    errors: list[EditionError] = []
    entries: list[VersionEntry] = []
    for n, item in enumerate(items):
        line = items.item_lines[n]
        entry = _entry(path, item, line, errors)
        if entry is not None:
            entries.append(entry)
    _check_order(path, entries, errors)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise EditionErrors(errors)
    return tuple(entries)


def _entry(path: Path, item, line: int, errors: list[EditionError]) -> VersionEntry | None:
    if not isinstance(item, dict):
        errors.append(EditionError(path, "a version must be a mapping with version, date and changes", line=line,
                                   hint='write it as `- version: "0.2"`, then `date:` and `changes:` beneath'))
        return None
    ok = True
    unknown = sorted(set(item) - ENTRY_KEYS)
    if unknown:
        errors.append(EditionError(path, f"unknown key `{unknown[0]}` in a version", line=item.line_of(unknown[0]),
                                   hint="allowed: version, date, changes"))
        ok = False
    version = item.get("version")
    if not isinstance(version, str) or not VERSION.match(version):
        errors.append(EditionError(
            path,
            f"`version` must be a quoted number such as \"0.2\" or \"1.2.3\", not {version!r}",
            line=item.line_of("version"),
            hint='write it in quotes: version: "0.2"',
        ))
        ok = False
    date = _iso_date(item.get("date"))
    if date is None:
        errors.append(EditionError(
            path,
            f"`date` must be an ISO date such as 2026-12-02, not {item.get('date')!r}",
            line=item.line_of("date"),
            hint="write the day the version was made as YYYY-MM-DD",
        ))
        ok = False
    changes = item.get("changes")
    if not isinstance(changes, list) or not changes:
        errors.append(EditionError(path, f"version {version!r}: `changes` must be a non-empty list", line=item.line_of("changes"),
                                   hint="list what the version changed, each with `kk:` and `en:`"))
        return None
    found = []
    for k, change in enumerate(changes):
        found.append(_change(path, change, changes.item_lines[k], errors))
    if not ok or None in found:
        return None
    return VersionEntry(version=version, date=date, changes=tuple(found), line=line)


def _change(path: Path, change, line: int, errors: list[EditionError]) -> VersionChange | None:
    if not isinstance(change, dict):
        errors.append(EditionError(path, "a change must be a mapping with `kk:` and `en:`", line=line,
                                   hint="write what changed in Kazakh (kk) and English (en)"))
        return None
    ok = True
    unknown = sorted(set(change) - CHANGE_KEYS)
    if unknown:
        errors.append(EditionError(path, f"unknown key `{unknown[0]}` in a change", line=change.line_of(unknown[0]),
                                   hint="allowed: kk, en, kind"))
        ok = False
    for key in ("kk", "en"):
        value = change.get(key)
        if not isinstance(value, str) or not value.strip():
            errors.append(EditionError(path, f"a change's `{key}` is missing or empty", line=change.line_of(key),
                                       hint="every change says what changed in Kazakh (kk) and in English (en)"))
            ok = False
    kind = change.get("kind", "")
    if kind != "" and kind not in CHANGE_KINDS:
        errors.append(EditionError(path, f"a change's `kind` must be one of {list(CHANGE_KINDS)}, not {kind!r}",
                                   line=change.line_of("kind"), hint="choose the nearest kind, or leave `kind:` out"))
        ok = False
    if not ok:
        return None
    return VersionChange(kk=" ".join(change["kk"].split()), en=" ".join(change["en"].split()), kind=kind, line=line)


def _iso_date(value) -> str | None:
    """'2026-12-02' (a YAML date or a string in that form), or None."""
    if isinstance(value, _dt.datetime):
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return _dt.date.fromisoformat(value).isoformat()
        except ValueError:
            return None
    return None


def _check_order(path: Path, entries: list[VersionEntry], errors: list[EditionError]) -> None:
    """Versions unique and descending, dates never later than the version above."""
    seen: dict[tuple, VersionEntry] = {}
    for above, entry in zip([None, *entries], entries):
        key = version_key(entry.version)
        if key in seen:
            errors.append(EditionError(
                path,
                f"version {entry.version!r} is listed twice (first on line {seen[key].line})",
                line=entry.line,
                hint="each version has one entry: merge the two",
            ))
            continue
        seen[key] = entry
        if above is None:
            continue
        if key > version_key(above.version):
            errors.append(EditionError(
                path,
                f"version {entry.version!r} comes after {above.version!r} (line {above.line}), but the list runs newest first",
                line=entry.line,
                hint="put the newest version at the top and each older one below it",
            ))
        elif entry.date > above.date:
            errors.append(EditionError(
                path,
                f"version {entry.version!r} is dated {entry.date}, later than the newer {above.version!r} ({above.date}, line {above.line})",
                line=entry.line,
                hint="a version is never dated later than the one above it: correct the dates",
            ))
