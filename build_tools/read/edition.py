"""Stage 1 — read: ``source_texts/edition.yaml``, the edition as a publication (version, licence),
with its changelog (``changelog.yaml`` beside it, read by ``read/changelog.py``) and the build's date."""

from __future__ import annotations

import os
import time
from pathlib import Path

from ..core.errors import EditionError
from ..core.model import EditionInfo
from .changelog import VERSION, load_changelog
from .yamlfile import load_yaml

UNVERSIONED = "0.0"  # without an edition.yaml


def build_moment(environ: dict | None = None) -> tuple[int, int, int, int, int, int]:
    """The build's moment (UTC): SOURCE_DATE_EPOCH's when set (reproducible builds; the Makefile sets
    it to the last commit's time), else the start of today, so that builds of one day agree."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return tuple(time.gmtime(int(epoch))[:6])
    return tuple(time.gmtime()[:3]) + (0, 0, 0)


def build_date(environ: dict | None = None) -> str:
    """The build's date (ISO) that every page, PDF, citation and data file names."""
    return "%04d-%02d-%02d" % build_moment(environ)[:3]


def load_edition_info(path: Path, changelog: Path | None = None) -> EditionInfo:
    """The edition's version, licence and changelog, checked (file and line in every message).

    Without the file the edition is unversioned ("0.0"), declares no licence and has no
    changelog. With it, ``changelog`` (default: ``changelog.yaml`` beside it) must exist and its
    newest version must be edition.yaml's ``version``.
    """
    if not Path(path).is_file():  # an edition that has not declared them yet: its title pages say so
        return EditionInfo(version=UNVERSIONED, licence_name="", licence_url="", licence_kk="")
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise EditionError(path, "expected a mapping with `version` and `licence`", hint="see the comments in the file")
    version = data.get("version")
    if not isinstance(version, str) or not VERSION.match(version):
        raise EditionError(
            path,
            f"`version` must be a quoted number such as \"0.1\" or \"1.2.3\", not {version!r}",
            line=data.line_of("version"),
            hint='write it in quotes: version: "0.2"',
        )
    licence = data.get("licence")
    if not isinstance(licence, dict):
        raise EditionError(path, "`licence` must be a mapping with name, url and kk", line=data.line_of("licence"))
    for key in ("name", "url", "kk"):
        value = licence.get(key)
        if not isinstance(value, str) or not value.strip():
            raise EditionError(
                path,
                f"`licence.{key}` is missing or empty",
                line=licence.line_of(key) if key in licence else data.line_of("licence"),
                hint="name (e.g. CC BY 4.0), url (the licence's deed) and kk (the terms in Kazakh)",
            )
    unknown = sorted(set(data) - {"version", "licence"})
    if unknown:
        raise EditionError(path, f"unknown key `{unknown[0]}`", line=data.line_of(unknown[0]), hint="allowed: version, licence")
    changelog_path = Path(changelog) if changelog else Path(path).with_name("changelog.yaml")
    versions = load_changelog(changelog_path)
    newest = versions[0]
    if newest.version != version:
        raise EditionError(
            changelog_path,
            f"the newest version here is {newest.version!r}, but {Path(path).name} (line {data.line_of('version')}) "
            f"says the edition is version {version!r}",
            line=newest.line,
            hint=f"add an entry for version \"{version}\" at the top of {changelog_path.name} (its date and what changed), "
            f"or set `version:` in {Path(path).name} back to \"{newest.version}\"",
        )
    return EditionInfo(
        version=version,
        licence_name=licence["name"].strip(),
        licence_url=licence["url"].strip(),
        licence_kk=" ".join(licence["kk"].split()),
        changelog=versions,
    )
