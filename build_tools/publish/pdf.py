"""Print: one PDF per chapter or text, and one per multi-part text, from the built site.

The PDFs are printed by a real engine, headless Debian ``chromium --print-to-pdf``, from the
pages of the built site (``file://``), styled by ``docs/assets/print.css`` (A4, DejaVu Serif,
running heads, "Бет N / M"). The whole dissertation is one print-only HTML document made of
the built division pages (the index page first as its title page), so that its page numbers
run through and every division has its own running head (a CSS named page per division);
it is written to a temporary folder with ``<base href>`` pointing into the site and never
becomes part of the site. ``pypdf`` then sets the title, language and author-independent
metadata that chromium does not set.

File names are stable: ``pdf/<id>.pdf`` for a one-page text, ``pdf/<id>-<slug>.pdf`` for a
division and ``pdf/<id>-full.pdf`` for the whole of a text with divisions.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import EditionError
from ..core.locale import t
from ..structure.pages import division_src, page_url

PDF_DIR = "pdf"
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-extensions",
    "--no-pdf-header-footer",
    "--generate-pdf-document-outline",
]
TIMEOUT_S = 600


@dataclass
class Target:
    """One PDF: its file name, its title and the site pages it prints, in order."""

    name: str  # file name under pdf/, e.g. "002-1-tarau.pdf"
    title: str
    language: str
    srcs: list[str]  # Markdown source paths of the printed pages, e.g. ["texts/002/1-tarau.md"]
    kind: str = "text"  # text (a one-page text), part (a division) or full (a text with divisions)
    text_title: str = ""  # the whole text's title (for a division)
    heads: list[str] = field(default_factory=list)  # running head of each page in srcs

    @property
    def combined(self) -> bool:
        return len(self.srcs) > 1


def plan(edition) -> list[Target]:
    """The PDFs of the edition: derived from the texts and their divisions, nothing else."""
    targets = []
    for doc in edition.documents:
        meta = doc.meta
        divisions = doc.divisions
        if len(divisions) == 1:
            src = division_src(doc, divisions[0])
            targets.append(Target(f"{meta.id}.pdf", meta.title, meta.language, [src], "text", meta.title, [meta.title]))
            continue
        for division in divisions:
            src = division_src(doc, division)
            targets.append(
                Target(f"{meta.id}-{division.slug}.pdf", division.title, meta.language, [src], "part", meta.title, [division.title])
            )
        index_src = f"{meta.url_dir}/index.md"
        srcs = [index_src] + [division_src(doc, d) for d in divisions]
        heads = [meta.title] + [d.title for d in divisions]
        targets.append(Target(f"{meta.id}-full.pdf", meta.title, meta.language, srcs, "full", meta.title, heads))
    return targets


def links_for(src_uri: str, targets: list[Target]) -> list[tuple[str, str]]:
    """The PDFs a page offers: (label, file name), most specific first."""
    links = []
    for target in targets:
        if src_uri not in target.srcs:
            continue
        label = t(f"pdf.{target.kind}")
        if target.kind == "full":
            links.append((label, target.name))
        else:
            links.insert(0, (label, target.name))
    return links


def css_string(value: str, limit: int = 90):
    """A CSS string literal (for @page margin boxes), shortened to `limit` characters.

    Quotes, backslashes and ``<>&`` are CSS-escaped, so the literal is safe inside
    ``<style>`` and is returned as markup-safe for Jinja.
    """
    from markupsafe import Markup

    value = " ".join(str(value).split())
    if len(value) > limit:
        value = value[: limit - 1].rstrip(" .,:;–—-") + "…"
    out = []
    for ch in value:
        if ch in '"\\' or ch == "<" or ch == ">" or ch == "&" or ord(ch) < 0x20:
            out.append(f"\\{ord(ch):x} ")
        else:
            out.append(ch)
    return Markup('"' + "".join(out) + '"')


# --------------------------------------------------------------------------- the engine


def find_chromium() -> str | None:
    """The chromium executable: $CHROMIUM, else the first candidate on PATH."""
    env = os.environ.get("CHROMIUM")
    if env:
        return env if Path(env).exists() or shutil.which(env) else None
    for name in CHROMIUM_CANDIDATES:
        path = shutil.which(name)
        if path:
            return path
    return None


def print_to_pdf(chromium: str, url: str, out: Path) -> None:
    """Print one URL with headless chromium into `out` (written atomically)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.part")
    with tempfile.TemporaryDirectory(prefix="edition-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={partial}", url]
        try:
            result = subprocess.run(cmd, capture_output=True, text=True, timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            partial.unlink(missing_ok=True)
            raise EditionError(out, f"chromium did not finish printing {url} in {TIMEOUT_S} s") from None
    if result.returncode != 0 or not partial.exists() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        tail = "\n".join((result.stderr or "").strip().splitlines()[-5:])
        raise EditionError(out, f"chromium failed to print {url}:\n{tail}", hint="run `make system-deps`")
    os.replace(partial, out)


# --------------------------------------------------------------------------- print documents

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_HEAD_STYLE = re.compile(r'<style media="print" class="print-head">.*?</style>', re.S)


def built_page(site_dir: Path, src_uri: str) -> Path:
    path = Path(site_dir) / page_url(src_uri) / "index.html"
    if not path.exists():
        raise EditionError(path, "the built page is missing", hint="build the site first: `make site`")
    return path


_RELATIVE_LINK = re.compile(r'(\s(?:href|src)=")(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"]*)"')


def _absolute_links(body: str, base_uri: str) -> str:
    """Relative links of a page's content made absolute (its pages sit at different depths)."""
    from urllib.parse import urljoin

    return _RELATIVE_LINK.sub(
        lambda m: f'{m.group(1)}{html.escape(urljoin(base_uri, html.unescape(m.group(2))), quote=True)}"', body
    )


def combined_html(site_dir: Path, target: Target, edition_title: str) -> str:
    """One print document of several built pages; each keeps its running head (a named page)."""
    pages = [built_page(site_dir, src) for src in target.srcs]
    shell = pages[-1].read_text(encoding="utf-8")
    parts, styles = [], []
    for n, (path, head) in enumerate(zip(pages, target.heads), start=1):
        match = _ARTICLE.search(path.read_text(encoding="utf-8"))
        if match is None:
            raise EditionError(path, "no <article> in the built page (has the theme changed?)")
        body = _absolute_links(match.group(1), path.parent.resolve().as_uri() + "/")
        if n > 1:  # every page has this heading id; keep the first only
            body = body.replace(f' id="{t("apparatus.anchor")}"', "")
        # The first page (the text's title and contents) uses the unnamed page: a named page
        # there would push it to page 2. Every further division is a named page of its own.
        name = f"division-{n}" if n > 1 else ""
        style = f' style="page: {name}"' if name else ""
        parts.append(f'<section class="print-division"{style}>{body}</section>')
        styles.append(
            f"@page {name} {{ @top-left {{ content: {css_string(edition_title)} }} "
            f"@top-right {{ content: {css_string(head)} }} }}"
        )
    base = (pages[-1].parent.resolve()).as_uri() + "/"
    head_html = f'<base href="{html.escape(base)}"><style media="print">{" ".join(styles)}</style>'
    shell = _HEAD_STYLE.sub("", shell)
    shell = re.sub(r"<title>.*?</title>", f"<title>{html.escape(target.title)}</title>", shell, count=1, flags=re.S)
    shell = shell.replace("<head>", "<head>" + head_html, 1)
    article = f'<article class="md-content__inner md-typeset">{"".join(parts)}</article>'
    return _ARTICLE.sub(lambda _m: article, shell, count=1)


_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)
_HEADERLINK = re.compile(r'<a class="headerlink".*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")


def heading_titles(page_html: str) -> list[str]:
    """The text of every heading of the printed article, in order (for the PDF outline)."""
    match = _ARTICLE.search(page_html)
    body = match.group(1) if match else page_html
    titles = []
    for m in _HEADING.finditer(body):
        text = html.unescape(_TAG.sub("", _HEADERLINK.sub("", m.group(2))))
        titles.append(" ".join(text.split()))
    return titles


def _outline_items(writer) -> list:
    """The outline's items in document order (depth first)."""
    from pypdf.generic import NameObject

    items = []
    root = writer._root_object.get("/Outlines")

    def walk(node):
        while node is not None:
            node = node.get_object()
            items.append(node)
            if NameObject("/First") in node:
                walk(node["/First"])
            node = node.get("/Next")

    if root is not None and "/First" in root.get_object():
        walk(root.get_object()["/First"])
    return items


def published_url(uri: str, site_dir: Path, site_url: str) -> str | None:
    """The address on the published site of a ``file://`` link into the built site (None: drop it)."""
    from urllib.parse import quote, unquote, urlsplit

    parts = urlsplit(uri)
    if parts.scheme != "file":
        return uri
    if not site_url:
        return None
    try:
        rel = Path(unquote(parts.path)).resolve().relative_to(Path(site_dir).resolve()).as_posix()
    except ValueError:
        return None
    if rel == "." or rel.endswith("/index.html") or rel == "index.html":
        rel = rel[: -len("index.html")] if rel.endswith("index.html") else ""
    elif parts.path.endswith("/"):
        rel += "/"
    url = site_url.rstrip("/") + "/" + quote(rel)
    return url + (f"#{parts.fragment}" if parts.fragment else "")


def _relink(writer, site_dir: Path, site_url: str) -> None:
    """Links out of the document point at the published edition, never at the build machine's files."""
    from pypdf.generic import ArrayObject, NameObject, TextStringObject

    for page in writer.pages:
        annots = page.get("/Annots")
        if not annots:
            continue
        keep = ArrayObject()
        for ref in annots.get_object():
            annot = ref.get_object()
            action = annot.get("/A")
            if action is not None and action.get_object().get("/S") == "/URI":
                action = action.get_object()
                url = published_url(str(action["/URI"]), site_dir, site_url)
                if url is None:
                    continue
                action[NameObject("/URI")] = TextStringObject(url)
            keep.append(ref)
        page[NameObject("/Annots")] = keep


def set_metadata(
    path: Path,
    target: Target,
    edition_title: str,
    headings: list[str] | None = None,
    site_dir: Path | None = None,
    site_url: str = "",
) -> None:
    """Title, language, subject and creator in the PDF (chromium sets no /Lang), clean
    bookmark titles (chromium joins the lines of a wrapped heading without a space), and
    links to the published site instead of the ``file://`` addresses chromium printed from."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import BooleanObject, DictionaryObject, NameObject, TextStringObject

    reader = PdfReader(path)
    writer = PdfWriter(clone_from=reader)
    if site_dir is not None:
        _relink(writer, site_dir, site_url)
    items = _outline_items(writer)
    if headings and len(items) == len(headings):
        for item, title in zip(items, headings):
            item[NameObject("/Title")] = TextStringObject(title)
    stamp = {}
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():  # reproducible builds
        when = time.strftime("D:%Y%m%d%H%M%SZ", time.gmtime(int(os.environ["SOURCE_DATE_EPOCH"])))
        stamp = {"/CreationDate": when, "/ModDate": when}
    writer.add_metadata(
        {
            **stamp,
            "/Title": target.title,
            "/Subject": target.text_title if target.text_title != target.title else edition_title,
            "/Creator": f"{edition_title} (build_tools.pdf, chromium)",
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(target.language)
    # Open with the bookmarks shown and the title (not the file name) in the window bar.
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    prefs = writer._root_object.get("/ViewerPreferences")
    prefs = DictionaryObject() if prefs is None else prefs.get_object()
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer._root_object[NameObject("/ViewerPreferences")] = prefs
    partial = path.with_name(f".{path.name}.meta")
    with open(partial, "wb") as fh:
        writer.write(fh)
    os.replace(partial, path)


# --------------------------------------------------------------------------- the build


def build_pdfs(
    site_dir: Path,
    edition,
    edition_title: str,
    out_dir: Path | None = None,
    jobs: int = 2,
    chromium: str | None = None,
    log=print,
    site_url: str = "",
) -> list[Path]:
    """Print every PDF of the edition from the built site into out_dir (default site_dir/pdf).

    Links out of a PDF point at ``site_url`` (the published site); without it they are dropped.
    """
    site_dir = Path(site_dir).resolve()
    out_dir = Path(out_dir) if out_dir else site_dir / PDF_DIR
    chromium = chromium or find_chromium()
    if not chromium or not (Path(chromium).exists() or shutil.which(chromium)):
        raise EditionError(
            "chromium",
            "no chromium found to print the PDFs",
            hint="run `make system-deps` (Debian: apt-get install chromium), or set CHROMIUM=/path/to/chrome",
        )
    targets = plan(edition)
    for target in targets:  # fail early, before any printing, if the site is incomplete
        for src in target.srcs:
            built_page(site_dir, src)
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()

    with tempfile.TemporaryDirectory(prefix="edition-print-") as tmp:

        def one(target: Target) -> Path:
            t0 = time.monotonic()
            if target.combined:
                doc = Path(tmp) / f"{target.name}.html"
                page_html = combined_html(site_dir, target, edition_title)
                doc.write_text(page_html, encoding="utf-8")
            else:
                doc = built_page(site_dir, target.srcs[0])
                page_html = doc.read_text(encoding="utf-8")
            out = out_dir / target.name
            print_to_pdf(chromium, doc.as_uri(), out)
            set_metadata(out, target, edition_title, heading_titles(page_html), site_dir, site_url)
            log(f"pdf: {out.name} ({out.stat().st_size // 1024} KiB, {time.monotonic() - t0:.1f} s)")
            return out

        # The longest first, so that two workers finish together.
        order = sorted(targets, key=lambda t: -len(t.srcs))
        with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(one, order))
    log(f"pdf: {len(results)} PDFs in {out_dir} ({time.monotonic() - started:.1f} s)")
    return [out_dir / t.name for t in targets]
