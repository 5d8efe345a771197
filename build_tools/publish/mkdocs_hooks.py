"""MkDocs hooks: plain `mkdocs build`, `serve` and `gh-deploy` run the pipeline.

The pipeline (publish/pipeline.py) writes the generated pages, one text at a time,
into a folder of this build's own under ``build/`` (``.pages-<pid>-…``), and MkDocs
is handed each page by its path: neither the pipeline nor these hooks hold every
page's Markdown.  Nothing is written into ``docs/``, so `mkdocs serve` can watch the
raw texts and YAML without a rebuild loop; the folder goes when the build ends.

A large edition (more than ``MANY_TEXTS`` texts, render/names.py) keeps every text in
the navigation (so the previous and next page links read through the whole edition)
but shows each page only part of it: the list of texts and, on a text's pages, that
text and its divisions (``on_page_context``).
"""

from __future__ import annotations

import copy
import os
import shutil
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[2]
if str(_ROOT) not in sys.path:  # MkDocs loads hooks by path, not as a package
    sys.path.insert(0, str(_ROOT))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.structure.nav import Section  # noqa: E402

from build_tools.core.errors import EditionError  # noqa: E402
from build_tools.core.locale import t  # noqa: E402
from build_tools.publish.pipeline import FolderSink, build_edition  # noqa: E402
from build_tools.publish.script_data import data_preamble  # noqa: E402
from build_tools.render.collection import fill_home_page, site_description  # noqa: E402
from build_tools.render.names import MANY_TEXTS  # noqa: E402
from build_tools.read.texts import Paths  # noqa: E402

_state: dict = {}
PAGES_PREFIX = ".pages-"  # build/.pages-<pid>-<random>: one build's generated Markdown


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    _remove_pages()  # a previous build's (serve rebuilds in one process)
    _remove_orphaned_pages(root / "build")
    try:
        sink = FolderSink(root / "build", prefix=f"{PAGES_PREFIX}{os.getpid()}-")
    except OSError:  # a project folder we may not write to: the system's temporary folder
        import tempfile

        sink = FolderSink(Path(tempfile.gettempdir()), prefix=f"edition{PAGES_PREFIX}{os.getpid()}-")
    try:
        # the documents are kept only for the PDFs, which are printed from them
        edition = build_edition(Paths(root), sink=sink, keep_documents=_pdf_wanted())
    except EditionError as exc:
        sink.discard()
        raise PluginError(f"edition build failed:\n{exc}") from None
    except BaseException:
        sink.discard()
        raise
    _state["edition"] = edition
    _state["pages"] = sink
    _state["generated"] = {entry.src_uri for entry in edition.page_index}
    _state["raw_html"] = {}
    config["site_description"] = site_description(edition.texts)  # counted, never written by hand
    _state["root"] = root
    config.nav = edition.nav()
    config.extra["edition"] = edition_footer(edition.info)
    if _state.get("dirty"):
        _keep_unchanged_times(sink, edition, config)
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


# --------------------------------------------------------------------------- `mkdocs serve --dirty`
# MkDocs's dirty reload renders again only the pages whose source is newer than the page it
# wrote.  The generated pages are written anew by every build, so each keeps the time of the
# build that last changed it (its digest is remembered); everything a page shows besides its
# own Markdown — the navigation (every page's title), mkdocs.yml, the theme's overrides, the
# counted site description — is part of a signature, and when that changes every page counts
# as changed.  The hand-written pages whose parts come from the data (home, about) are always
# rendered again.  So a dirty rebuild is exact, and MkDocs's warning that it may not be is
# left out (in strict mode it would stop every rebuild).


def on_startup(command, dirty):
    _state["dirty"] = command == "serve" and dirty
    if _state["dirty"]:
        import logging

        logging.getLogger("mkdocs.commands.build").addFilter(_exact_dirty_builds)


def _exact_dirty_builds(record) -> bool:
    return not (record.getMessage().startswith("A 'dirty' build is being performed"))


def _signature(config) -> str:
    import json

    theme = [Path(d) for d in config.theme.dirs[:1]]  # the project's overrides (custom_dir)
    times = [p.stat().st_mtime_ns for d in theme if d.is_dir() for p in sorted(d.rglob("*")) if p.is_file()]
    return json.dumps(
        [config.nav, Path(config.config_file_path).stat().st_mtime_ns, times, config["site_description"]],
        ensure_ascii=False,
    )


def _keep_unchanged_times(sink, edition, config) -> None:
    """Give each page that is as the last build wrote it that build's time (the others are new)."""
    import hashlib

    signature = _signature(config)
    previous = _state.get("written") if _state.get("signature") == signature else None
    written = {}
    for entry in edition.page_index:
        path = sink.path(entry.src_uri)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        before = (previous or {}).get(entry.src_uri)
        if before is not None and before[0] == digest:
            os.utime(path, ns=(before[1], before[1]))
        written[entry.src_uri] = (digest, path.stat().st_mtime_ns)
    _state["written"], _state["signature"] = written, signature


def _remove_pages() -> None:
    sink = _state.pop("pages", None)
    if sink is not None:
        sink.discard()


def _remove_orphaned_pages(build: Path) -> None:
    """The page folders of builds whose process is gone (killed before it could remove them)."""
    if not build.is_dir():
        return
    for folder in build.glob(f"{PAGES_PREFIX}*"):
        pid = folder.name[len(PAGES_PREFIX):].split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def on_files(files, config):
    """The generated pages, each handed to MkDocs by its path (MkDocs reads it when it renders it)."""
    edition, sink = _state["edition"], _state["pages"]
    for entry in edition.page_index:
        existing = files.get_file_from_path(entry.src_uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, entry.src_uri, abs_src_path=str(sink.path(entry.src_uri))))
    _add_data(files, config, edition)
    if _state.get("dirty"):  # home and about take parts from the data: rendered every time
        for src in ("index.md", "about.md"):
            page = files.get_file_from_path(src)
            if page is not None and page.generated_by is None:
                files.remove(page)
                files.append(File.generated(config, src, content=page.content_string))
    _prepend_script_data(files, config)
    _add_fonts(files, config)
    return files


def _add_data(files, config, edition) -> None:
    """The open data (export/data.py): every file and the archive, under data/ as they are,
    each handed to MkDocs by its path in the build's folder (where the pipeline wrote it)."""
    from build_tools.export.data import DATA_DIR

    for data in edition.data:
        uri = f"{DATA_DIR}/{data.path}"
        existing = files.get_file_from_path(uri)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, uri, abs_src_path=str(_state["pages"].data_folder / data.path)))


def on_build_error(error):
    _remove_pages()


def on_shutdown():
    _remove_pages()


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
    """The about page gets its parts derived from the data (texts, changes, reference); a
    generated page's raw HTML blocks are set aside until it is converted (publish/raw_html.py)."""
    if page.file.src_uri == "index.md" and "edition" in _state:
        return fill_home_page(markdown, _state["edition"].texts)
    if page.file.src_uri == "about.md" and "edition" in _state:
        from build_tools.render.about import fill_about_page

        edition = _state["edition"]
        return fill_about_page(markdown, edition.records, config.site_url or "", edition.proofreading, edition.info)
    if page.file.src_uri in _state.get("generated", ()):
        from build_tools.publish.raw_html import set_aside

        markdown, _state["raw_html"][page.file.src_uri] = set_aside(markdown)
    return markdown


@event_priority(-100)  # after every other plugin's: the content is final
def on_page_content(html, page, config, files):
    """A generated page's raw HTML blocks back (publish/raw_html.py: the project has no plugin
    that would read the content before); scroll boxes for generated tables; a class on headings
    set in capitals (publish/page_html.py).

    MkDocs renders every page before it writes any, and would hold every page's Markdown
    and HTML until the last is written: the Markdown is let go here (it has been
    rendered), the HTML put aside in this build's folder until the page is written
    (``on_page_context``, ``on_post_page``).
    """
    from build_tools.publish.page_html import finish_page
    from build_tools.publish.raw_html import put_back

    raw = _state.get("raw_html", {}).pop(page.file.src_uri, None)
    if raw is not None:  # set aside by on_page_markdown: back, and its ids known to MkDocs's link check
        html = put_back(html, raw)
        page.present_anchor_ids = (page.present_anchor_ids or set()) | raw.anchors
    html = finish_page(html)
    sink = _state.get("pages")
    if sink is None:
        return html
    page.markdown = ""  # not None: MkDocs reads None as "not read yet"
    path = _aside(sink, page)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html, encoding="utf-8")
    return ""


def _aside(sink, page) -> Path:
    return sink.folder / ".html" / (page.file.src_uri + ".html")


def _take_back(page) -> None:
    """The page's HTML, put aside by ``on_page_content``, back for its template."""
    sink = _state.get("pages")
    if sink is not None and not page.content:
        path = _aside(sink, page)
        if path.is_file():
            page.content = path.read_text(encoding="utf-8")


def on_post_page(output, page, config):
    """The page is written next: its HTML is let go (only its anchors are kept, for MkDocs's link check)."""
    sink = _state.get("pages")
    if sink is not None:
        page.content = ""
        _aside(sink, page).unlink(missing_ok=True)
    return output


def on_serve(server, config, builder):
    root = _state.get("root") or Path(config.config_file_path).resolve().parent
    server.watch(str(root / "source_texts"))
    return server


def on_post_build(config):
    """The PDFs, when the build makes them (the search index: publish/search_hooks.py)."""
    _remove_pages()  # MkDocs has read every page and data file
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


@event_priority(100)  # before any plugin reads the page's content (search)
def on_page_context(context, page, config, nav):
    from build_tools.publish import pdf

    _take_back(page)
    if len(_state["edition"].texts) > MANY_TEXTS:
        context["nav"] = nav_view(nav, page)
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


# --------------------------------------------------------------------------- a large edition's navigation


def on_template_context(context, template_name, config):
    """The theme's own pages (404) show a large edition's navigation as every other page does."""
    if "edition" in _state and len(_state["edition"].texts) > MANY_TEXTS and context.get("nav") is not None:
        context["nav"] = nav_view(context["nav"], None)
    return context


def nav_view(nav, page):
    """The navigation as one page of a large edition shows it.

    The «Мәтіндер» section holds the list of texts (which names every text) and, on a
    text's page, that text with its divisions (open, the page marked); every other
    section is as it is.  Each page's navigation stays the size of one text's, however
    many texts the edition has.  The navigation itself keeps every text (MkDocs reads
    the previous and next page from it), and nothing of it is changed: the page gets a
    copy of the top level with a section of its own in the place of «Мәтіндер».
    """
    texts = next((item for item in nav.items if item.is_section and item.title == t("nav.texts")), None)
    if texts is None:
        return nav
    index, own = texts.children[:1], []
    item = page  # None: a page of the theme's own (404)
    while item is not None and item.parent is not None and item.parent is not texts:
        item = item.parent
    if item is not None and item.parent is texts and item not in index:
        own = [item]
    section = Section(texts.title, index + own)
    section.active = texts.active
    view = copy.copy(nav)
    view.items = [section if item is texts else item for item in nav.items]
    return view
