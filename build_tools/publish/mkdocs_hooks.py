"""MkDocs hooks: plain `mkdocs build`, `serve` and `gh-deploy` run the pipeline.

The generated pages are added as in-memory files (nothing is written into
``docs/``), so `mkdocs serve` can watch the raw texts and YAML without a
rebuild loop.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # MkDocs loads hooks by path, not as a package
    sys.path.insert(0, str(_ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402

from build_tools.core.errors import EditionError  # noqa: E402
from build_tools.publish.pipeline import build_edition  # noqa: E402
from build_tools.publish.script_data import data_preamble  # noqa: E402
from build_tools.render.collection import fill_home_page, site_description  # noqa: E402
from build_tools.read.texts import Paths  # noqa: E402

_state: dict = {}


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    try:
        edition = build_edition(Paths(root))
    except EditionError as exc:
        raise PluginError(f"edition build failed:\n{exc}") from None
    _state["edition"] = edition
    config["site_description"] = site_description(edition.texts)  # counted, never written by hand
    _state["root"] = root
    config.nav = edition.nav()
    config.extra["edition"] = edition_footer(edition.info)
    return config


def edition_footer(info) -> dict:
    """What every page's footer says about the edition (overrides/partials/copyright.html):
    the version and build date (the same EditionInfo the PDFs and citations name), linked to
    the changelog page."""
    from build_tools.core.locale import t
    from build_tools.render.changelog import CHANGELOG_SRC
    from build_tools.structure.pages import page_url

    return {
        "version": info.version,
        "date": info.date,
        "label": t("changelog.footer", version=info.version, date=info.date),
        "changelog_url": page_url(CHANGELOG_SRC),
        "changelog_title": t("changelog.title"),
    }


def on_files(files, config):
    edition = _state["edition"]
    for page in edition.pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, page.src_uri, content=page.content))
    _add_data(files, config, edition)
    _prepend_script_data(files, config)
    _add_fonts(files, config)
    return files


def _add_data(files, config, edition) -> None:
    """The open data (export/data.py): every file and the archive, under data/ as they are."""
    from build_tools.export.data import DATA_DIR

    for data in edition.data:
        uri = f"{DATA_DIR}/{data.path}"
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, content=data.content))


def _add_fonts(files, config) -> None:
    """The self-hosted fonts (build_tools/data/fonts.yaml): woff2 files, licences, fonts.css."""
    from build_tools.publish import fonts

    try:
        plan = fonts.load_font_plan(_state["root"])
    except EditionError as exc:
        raise PluginError(f"fonts:\n{exc}") from None
    if fonts.CSS_URI not in [str(css) for css in config.extra_css]:
        raise PluginError(f"mkdocs.yml: extra_css must list {fonts.CSS_URI} (the self-hosted fonts), first")
    for uri, source in plan.files():
        files.append(File.generated(config, uri, abs_src_path=str(source)))
    files.append(File.generated(config, fonts.CSS_URI, content=fonts.fonts_css(plan)))


def _prepend_script_data(files, config) -> None:
    """Put the data preamble (window.EditionData) at the start of the first script.

    The first of ``extra_javascript`` runs before the others, so the search
    script finds its tables; no page gets a new script tag.
    """
    scripts = [str(script) for script in config.extra_javascript]
    first = files.get_file_from_path(scripts[0]) if scripts else None
    if first is None:
        raise PluginError(f"the first script of extra_javascript ({scripts[:1]}) is not in docs/")
    first.content_string = data_preamble() + first.content_string


def on_page_markdown(markdown, page, config, files):
    """The about page gets its parts derived from the data (texts, changes, reference)."""
    if page.file.src_uri == "index.md" and "edition" in _state:
        return fill_home_page(markdown, _state["edition"].texts)
    if page.file.src_uri == "about.md" and "edition" in _state:
        from build_tools.render.about import fill_about_page

        edition = _state["edition"]
        return fill_about_page(markdown, edition.documents, config.site_url or "", edition.proofreading, edition.info)
    return markdown


def on_page_content(html, page, config, files):
    """Scroll boxes for generated tables; a class on headings set in capitals (publish/page_html.py)."""
    from build_tools.publish.page_html import finish_page

    return finish_page(html)


def on_serve(server, config, builder):
    root = _state.get("root") or Path(config.config_file_path).resolve().parent
    server.watch(str(root / "source_texts"))
    return server


def on_post_build(config):
    """The PDFs, when the build makes them (the search index: publish/search_hooks.py)."""
    _build_pdfs(config)


# --------------------------------------------------------------------------- print and PDF
# `EDITION_PDF=1 mkdocs build` (what `make site` runs) also prints the PDFs into site/pdf/
# and links every text page to its PDFs; plain `mkdocs build`/`serve` make neither, so
# no page links to a PDF that is not there (see README, "Print and PDF").


def _pdf_mode() -> str:
    import os

    return os.environ.get("EDITION_PDF", "0").strip().lower()


def on_env(env, config, files):
    from build_tools.publish.pdf import css_string

    env.filters["css_string"] = css_string
    return env


def _pdf_wanted() -> bool:
    from build_tools.publish.pdf import engine_version

    mode = _pdf_mode()
    return mode == "1" or (mode == "auto" and engine_version() is not None)


def on_page_context(context, page, config, nav):
    from build_tools.publish import pdf

    if _pdf_wanted():
        edition = _state["edition"]
        if _state.get("pdf_plan_of") is not edition:  # a new build (serve) has a new edition
            _state["pdf_targets"], _state["pdf_plan_of"] = pdf.plan(edition), edition
        page.meta["pdf_links"] = pdf.links_for(page.file.src_uri, _state["pdf_targets"])
    return context


def _build_pdfs(config):
    from build_tools.publish import pdf

    if not _pdf_wanted():
        return
    try:
        pdf.build_pdfs(Path(config.site_dir), _state["edition"], site_url=config.site_url or "")
    except EditionError as exc:
        raise PluginError(f"PDF build failed:\n{exc}") from None
