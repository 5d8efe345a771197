"""The page «Деректер» (``data/``): every file of the open data, its format, the licence.

Written from the same list of :class:`~build_tools.export.data.DataFile` that the site
publishes under ``data/`` (so the page links exactly the files there are), as Markdown with
one-line HTML blocks like the other generated pages (``render/base.py``): Kazakh for the
reader, the English behind the language switch.  It lives here rather than in ``render``
because it is made from the export's data, which ``render`` cannot see.
"""

from __future__ import annotations

import string

from ..core.locale import t, t_keys
from ..core.model import EditionInfo, TextMeta
from ..render.base import Page, english_version, esc, front_matter, md_heading, rel_url
from ..render.names import text_name_html
from .data import CHECKSUMS, DATA_DIR, MANIFEST, README, DataFile, licence_text

DATA_SRC = f"{DATA_DIR}.md"  # the page is data/, the files data/<path>: links are their paths
LANGUAGES = ("kk", "ru", "en")
FORMATS = ("tei", "raw", "clean", "changes", "json", "csv")
TEXT_FILE_ORDER = ("tei", "raw", "clean", "changes")


def human_size(n: int) -> str:
    """A size as a reader wants it: "812 Б", "29,4 КБ", "1,2 МБ" (1 КБ = 1024 Б)."""
    units = t("data.units.b"), t("data.units.kb"), t("data.units.mb")
    if n < 1024:
        return f"{n} {units[0]}"
    value, unit = (n / 1024, units[1]) if n < 1024 * 1024 else (n / (1024 * 1024), units[2])
    return f"{value:.1f}".replace(".", t("data.decimal")) + f"\u00a0{unit}"


def _label(f: DataFile) -> str:
    facts = dict(f.facts)
    if f.description_key == "raw":
        return t("data.links.raw", encoding=facts["encoding"])
    if f.description_key == "archive":
        return t("data.links.archive", name=f.path)
    return t(f"data.links.{f.description_key}")


def file_item(f: DataFile, describe: bool = False) -> str:
    """A file as a list item: its link (named by its kind, never by its path), its size."""
    about = f'<br><span class="data-about">{esc(f.description())}</span>' if describe else ""
    return (
        f'<li data-file="{esc(f.path)}"><a href="{esc(f.path)}" type="{esc(f.media_type)}">{esc(_label(f))}</a> '
        f'<span class="ed-count">{esc(human_size(f.size))}</span>{about}</li>'
    )


def _texts_section(files: list[DataFile], texts: list[TextMeta]) -> str:
    by_text: dict[str, dict[str, DataFile]] = {}
    for f in files:
        if f.text_id:
            by_text.setdefault(f.text_id, {})[f.description_key] = f
    items = []
    for meta in texts:
        mine = by_text.get(meta.id, {})
        links = "".join(file_item(mine[k]) for k in TEXT_FILE_ORDER if k in mine)
        name = text_name_html(meta, rel_url(DATA_SRC, f"{meta.url_dir}/index.md"))
        items.append(f'<li data-text="{esc(meta.id)}"><p class="data-text-name">{name}</p><ul class="data-files">{links}</ul></li>')
    others = "".join(file_item(f, describe=True) for f in files if f.description_key == "texts")
    return (
        md_heading(t("data.texts_heading"), t("data.texts_anchor"))
        + f'<ul class="data-texts" lang="kk">{"".join(items)}</ul>\n\n'
        + (f'<ul class="data-files" lang="kk">{others}</ul>\n\n' if others else "")
    )


def _lists_section(files: list[DataFile]) -> str:
    keys = ("glossary_json", "glossary_csv", "chronology_json", "chronology_csv", "lists_tei")
    items = "".join(file_item(f, describe=True) for key in keys for f in files if f.description_key == key)
    return md_heading(t("data.lists_heading"), t("data.lists_anchor")) + f'<ul class="data-files" lang="kk">{items}</ul>\n\n'


def _archive_section(files: list[DataFile], bundle: DataFile) -> str:
    manifests = "".join(file_item(f, describe=True) for name in (README, MANIFEST, CHECKSUMS) for f in files if f.path == name)
    commands = "\n".join(
        [f"sha256sum {bundle.path}", f"sha256sum -c {CHECKSUMS}", f"python -m build_tools verify-data {bundle.path}"]
    )
    english = english_version(f"<p>{esc(t('data.archive_en'))}</p><p>{esc(t('data.verify_en'))}</p>")
    return (
        md_heading(t("data.archive_heading"), t("data.archive_anchor"))
        + f'<div class="data-archive" lang="kk"><ul class="data-files">{file_item(bundle)}</ul>'
        f'<p>{esc(t("data.checksum_label"))} <code class="data-sha256">{esc(bundle.sha256)}</code></p>'
        f'<p>{esc(t("data.archive_text"))}</p><ul class="data-files">{manifests}</ul>'
        f'<p>{esc(t("data.verify"))}</p></div>\n\n'
        f'<pre class="data-commands"><code>{esc(commands)}</code></pre>\n\n'
        f"{english}\n\n"
    )


def column_names(pattern: str, text_ids: list[str]) -> list[str]:
    """The columns a documented name stands for: ``name_{lang}`` → name_kk, name_ru, name_en;
    ``occurrences_{id}`` → one column per text."""
    fields = {f for _, f, _, _ in string.Formatter().parse(pattern) if f}
    if "lang" in fields:
        return [pattern.format(lang=lang) for lang in LANGUAGES]
    if "id" in fields:
        return [pattern.format(id=i) for i in text_ids]
    return [pattern]


def _shown_name(pattern: str) -> str:
    """How the page shows a documented column: name_kk, name_ru, name_en; occurrences_… for a text's."""
    if "{lang}" in pattern:
        return ", ".join(pattern.format(lang=lang) for lang in LANGUAGES)
    return pattern.replace("{id}", "\u2026")


def _field_list(keys: list[str], describe) -> str:
    """Documented names (fields, columns) with what ``describe(key)`` says of each."""
    return "".join(f"<li><code>{esc(_shown_name(key))}</code> \u2014 {esc(describe(key))}</li>" for key in keys)


def _formats_section(files: list[DataFile]) -> str:
    kk, en = [], []
    for key in FORMATS:
        title = esc(t(f"data.formats.{key}.title"))
        kk.append(f"<dt>{title}</dt><dd>{esc(t(f'data.formats.{key}.kk'))}</dd>")
        en.append(f"<dt>{title}</dt><dd>{esc(t(f'data.formats.{key}.en'))}</dd>")
    fields = t_keys("data.fields")
    kk.append(f'<dt>{esc(t("data.fields_heading"))}</dt><dd><ul>{_field_list(fields, lambda k: t(f"data.fields.{k}.kk"))}</ul></dd>')
    en.append(f'<dt>{esc(t("data.fields_heading_en"))}</dt><dd><ul>{_field_list(fields, lambda k: t(f"data.fields.{k}.en"))}</ul></dd>')
    for table in t_keys("data.columns"):
        name = f"{table}.csv"
        columns = t_keys(f"data.columns.{table}")
        kk_columns = _field_list(columns, lambda k: t(f"data.columns.{table}.{k}.kk"))
        en_columns = _field_list(columns, lambda k: t(f"data.columns.{table}.{k}.en"))
        kk.append(f'<dt>{esc(t("data.columns_heading", name=name))}</dt><dd><ul>{kk_columns}</ul></dd>')
        en.append(f'<dt>{esc(t("data.columns_heading_en", name=name))}</dt><dd><ul>{en_columns}</ul></dd>')
    return (
        md_heading(t("data.formats_heading"), t("data.formats_anchor"))
        + f'<dl class="data-formats" lang="kk">{"".join(kk)}</dl>\n\n'
        + english_version(f'<dl class="data-formats">{"".join(en)}</dl>')
        + "\n\n"
    )


def _licence_section(info: EditionInfo | None) -> str:
    link = ""
    if info and info.licence_url:
        link = f' <a href="{esc(info.licence_url)}">{esc(info.licence_name)}</a>'
    return (
        md_heading(t("data.licence_heading"), t("data.licence_anchor"))
        + f'<div class="data-licence" lang="kk"><p>{esc(licence_text(info, "kk"))}{link}</p>'
        f'<p>{esc(t("data.authors.kk"))}</p></div>\n\n'
        + english_version(f"<p>{esc(licence_text(info, 'en'))}</p><p>{esc(t('data.authors.en'))}</p>")
        + "\n"
    )


def data_page(files: list[DataFile], bundle: DataFile, texts: list[TextMeta], info: EditionInfo | None, date: str = "") -> Page:
    """The page that lists every data file (``files`` as published, ``bundle`` the archive)."""
    title = t("data.title")
    version = info.version if info else ""
    intro = (
        f'<div class="data-intro" lang="kk"><p>{esc(t("data.intro"))}</p>'
        f'<p>{esc(t("data.version", version=version, date=date))}</p></div>\n\n'
        + english_version(f"<p>{esc(t('data.intro_en'))}</p><p>{esc(t('data.version_en', version=version, date=date))}</p>")
        + "\n\n"
    )
    content = (
        front_matter(title, "kk")
        + f"# {title}\n\n"
        + intro
        + _texts_section(files, texts)
        + _lists_section(files)
        + _archive_section(files, bundle)
        + _formats_section(files)
        + _licence_section(info)
    )
    return Page(DATA_SRC, title, content)

