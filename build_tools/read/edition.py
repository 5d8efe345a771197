"""Stage 1 — read: ``source_texts/edition.yaml``, the edition as a publication (version, licence)."""

from __future__ import annotations

import re
from pathlib import Path

from ..core.errors import EditionError
from ..core.model import EditionInfo
from .yamlfile import load_yaml

VERSION = re.compile(r"^\d+(\.\d+){1,2}$")
UNVERSIONED = "0.0"  # without an edition.yaml


def load_edition_info(path: Path) -> EditionInfo:
    """The edition's version and licence, checked (file and line in every message).

    Without the file the edition is unversioned ("0.0") and declares no licence.
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
    return EditionInfo(
        version=version,
        licence_name=licence["name"].strip(),
        licence_url=licence["url"].strip(),
        licence_kk=" ".join(licence["kk"].split()),
    )
