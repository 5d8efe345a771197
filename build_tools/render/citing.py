"""Citations both ways: the sources' own citation markers, and how to cite the edition.

* :func:`uniform_label` turns a source's citation marker (``[12]``, ``[96-98]``,
  ``[96–98]``, ``/3/``) into the edition's one form (``[12]``, ``[96–98]``, ``[3]``).
* :func:`gost_reference` and :func:`bibtex_entry` give a ready reference to a page
  of the edition (GOST 7.1-2003 style, the standard readers in Kazakhstan use, and
  BibTeX), from texts.yaml metadata.  What is not known is said, not invented.
  Both name the edition's version and its build date (edition.yaml, changelog.yaml),
  so that a citation says which state of the text it quotes.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from ..core.locale import t, t_label
from ..core.model import EditionInfo, TextMeta

PROJECT_ROOT = Path(__file__).resolve().parents[2]


# The edition as a whole (the host publication of every page): mkdocs.yml's site_name.
@functools.lru_cache(maxsize=None)
def edition_title(root: Path = PROJECT_ROOT) -> str:
    """The site's name as mkdocs.yml gives it (one place for it), or the locale file's fallback."""
    try:
        text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        return t("cite_this.edition_title_fallback")
    m = re.search(r"^site_name:\s*(.+?)\s*$", text, flags=re.M)
    return m.group(1).strip("\"'") if m else t("cite_this.edition_title_fallback")


_MARKER_RE = re.compile(r"^\[(?P<body>[^\]]*)\]$|^/(?P<slash>\d+)/$")


def uniform_label(source: str) -> str:
    """'[96-98]' -> '[96–98]', '/3/' -> '[3]', '[12, 14]' -> '[12, 14]'."""
    m = _MARKER_RE.match(source.strip())
    if not m:
        return source
    body = m.group("body") if m.group("body") is not None else m.group("slash")
    parts = []
    for part in re.split(r"\s*[,;]\s*", body.strip()):
        r = re.match(r"^(\d+)\s*[-–—]\s*(\d+)$", part)
        if r:
            parts.append(f"{int(r.group(1))}–{int(r.group(2))}")
        else:
            parts.append(str(int(part)) if part.strip().isdigit() else part.strip())
    return "[" + ", ".join(p for p in parts if p) + "]"


# --------------------------------------------------------------------------- citing the edition


def _authors(meta: TextMeta) -> str:
    return meta.author or t("cite_this.unknown_author")


def _year(meta: TextMeta) -> str:
    return meta.year or t("cite_this.unknown_year")


ACCESS_DATE_PLACEHOLDER = "__.__.____"  # in cite_this.gost; docs/assets/structure.js fills in today's date


def gost_date(iso: str) -> str:
    """'2026-12-02' -> '02.12.2026', as GOST writes a date."""
    year, month, day = iso.split("-")
    return f"{day}.{month}.{year}"


def _versioned(info: EditionInfo | None) -> bool:
    """Whether the edition has numbered versions to cite (an edition.yaml and its changelog)."""
    return info is not None and bool(info.changelog)


def gost_version(info: EditionInfo | None) -> str:
    """The edition area of a GOST reference: " — Нұсқа 0.1 (02.12.2026)." ("" when unversioned)."""
    if not _versioned(info):
        return ""
    if info.date:
        return t("cite_this.gost_version_dated", version=info.version, date=gost_date(info.date))
    return t("cite_this.gost_version", version=info.version)


def bibtex_version(info: EditionInfo | None) -> str:
    """What follows the edition's name in BibTeX's howpublished: ", нұсқа 0.1, 2026-12-02"."""
    if not _versioned(info):
        return ""
    if info.date:
        return t("cite_this.bibtex_version_dated", version=info.version, date=info.date)
    return t("cite_this.bibtex_version", version=info.version)


def gost_reference(
    meta: TextMeta, part_title: str = "", url: str = "", accessed: str = "", info: EditionInfo | None = None
) -> str:
    """A reference in the manner of GOST 7.1-2003 (analytic entry, remote electronic resource).

    The edition's version and build date stand in the edition area ("— Нұсқа 0.1 (02.12.2026).")
    when ``info`` names a version. The access date is ``accessed`` (ISO, e.g. a printed
    edition's date), else left as ``__.__.____`` for the page script to fill in with today's date.
    """
    title = meta.title
    if part_title and part_title != meta.title:
        title += f". {part_title.rstrip('.')}"
    reference = t(
        "cite_this.gost",
        author=_authors(meta).rstrip("."),
        title=title,
        kind=t_label("cite_this.kinds", meta.kind),
        edition=edition_title(),
        edition_kind=t("cite_this.edition_kind"),
        year=_year(meta),
        url=url or t("cite_this.url_placeholder"),
        language=t_label("cite_this.languages", meta.language),
        version=gost_version(info),
    )
    if accessed:
        reference = reference.replace(ACCESS_DATE_PLACEHOLDER, gost_date(accessed))
    return reference


_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "#": r"\#",
    "$": r"\$",
    "_": r"\_",
}


def bibtex_escape(value: str) -> str:
    """Escape LaTeX's special characters in a BibTeX field value."""
    return "".join(_BIBTEX_SPECIAL.get(ch, ch) for ch in value)


def bibtex_key(meta: TextMeta, slug: str = "") -> str:
    """``kzfp-C-1-tarau``: the edition, the text's siglum (as readers cite it), the division."""
    key = f"kzfp-{meta.siglum or meta.id}" + (f"-{slug}" if slug else "")
    return re.sub(r"[^A-Za-z0-9-]", "-", key)


def bibtex_entry(meta: TextMeta, part_title: str = "", slug: str = "", url: str = "", info: EditionInfo | None = None) -> str:
    """A BibTeX @misc entry; unknown author and year are stated in braces and a note.

    With a versioned ``info``, ``version`` (biblatex) names the edition's version, and
    ``howpublished`` (which classic BibTeX styles print) the version and its build date too.
    """
    title = meta.title + (f". {part_title.rstrip('.')}" if part_title and part_title != meta.title else "")
    published = edition_title() + bibtex_version(info)
    fields = [
        ("author", "{" + bibtex_escape(_authors(meta)) + "}"),  # braced: not a person's name to split
        ("title", "{" + bibtex_escape(title) + "}"),
        ("howpublished", bibtex_escape(published)),
        ("type", bibtex_escape(t_label("cite_this.kinds", meta.kind))),
        ("language", {"kk": "kazakh", "ru": "russian"}.get(meta.language, meta.language)),
    ]
    if _versioned(info):
        fields.append(("version", bibtex_escape(info.version)))
    if meta.year:
        fields.append(("year", bibtex_escape(meta.year)))
    notes = []
    if not meta.author:
        notes.append(t("cite_this.bibtex_unknown_author"))
    if not meta.year:
        notes.append(t("cite_this.bibtex_unknown_year"))
    if notes:
        fields.append(("note", bibtex_escape("; ".join(notes))))
    fields.append(("url", url or t("cite_this.url_placeholder")))
    fields.append(("urldate", "____-__-__"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{bibtex_key(meta, slug)},\n{body}\n}}"
