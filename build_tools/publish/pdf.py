"""Print: one PDF per chapter or text, and one per multi-part text, made by WeasyPrint.

Each PDF is a print document written from the model (``render/printed.py``: title page,
contents, abbreviations, editorial note, the text with its changes as footnotes, the
commentary as endnotes), laid out by CSS Paged Media (``build_tools/data/print/edition.css``)
and made into a tagged PDF by WeasyPrint. WeasyPrint was chosen over Paged.js in chromium
after both printed the whole dissertation (README, "Print and PDF"): it puts footnotes at
the foot of their page and page numbers into the contents list natively, in a fraction of
the time and memory, with no browser. The PDF is tagged; it opens with its bookmarks shown
and its title in the window bar.

File names are stable: ``pdf/<id>.pdf`` for a one-page text, ``pdf/<id>-<slug>.pdf`` for a
division and ``pdf/<id>-full.pdf`` for the whole of a text with divisions.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..core.errors import EditionError
from ..core.locale import t
from ..core.model import EditionInfo
from ..read.edition import build_date
from ..render.printed import PrintPlan, print_document
from ..structure.pages import division_src, page_url

PDF_DIR = "pdf"
STYLESHEET = Path(__file__).resolve().parents[1] / "data" / "print" / "edition.css"


@dataclass
class Target:
    """One PDF: its file name, the site pages it stands for and what it prints."""

    name: str  # file name under pdf/, e.g. "002-1-tarau.pdf"
    srcs: list[str]  # Markdown source paths of the site pages it prints, e.g. ["texts/002/1-tarau.md"]
    kind: str  # text (a one-page text), part (a division) or full (a text with divisions)
    printed: PrintPlan = field(repr=False, compare=False)


def plan(edition) -> list[Target]:
    """The PDFs of the edition: derived from the texts and their divisions, nothing else."""
    targets = []
    for doc in edition.documents:
        meta = doc.meta
        divisions = doc.divisions
        if len(divisions) == 1:
            src = division_src(doc, divisions[0])
            printed = PrintPlan(doc, tuple(divisions), "text")
            targets.append(Target(f"{meta.id}.pdf", [src], "text", printed))
            continue
        for division in divisions:
            src = division_src(doc, division)
            printed = PrintPlan(doc, (division,), "part")
            targets.append(
                Target(f"{meta.id}-{division.slug}.pdf", [src], "part", printed)
            )
        srcs = [f"{meta.url_dir}/index.md"] + [division_src(doc, d) for d in divisions]
        printed = PrintPlan(doc, tuple(divisions), "full")
        targets.append(Target(f"{meta.id}-full.pdf", srcs, "full", printed))
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


def engine_version() -> str | None:
    """WeasyPrint's version, or None when it cannot be loaded (a missing system library)."""
    try:
        import weasyprint
    except (ImportError, OSError):
        return None
    return weasyprint.__version__


MAX_REPAIRS = 12  # page breaks added to keep footnotes with their calls, per PDF


def footnotes_off_their_page(pages) -> list[tuple[int, int]]:
    """(note number, page index of its call) for each footnote laid out on another page than its call.

    ``pages`` are WeasyPrint's laid-out pages; a print document marks each footnote's call with
    the anchor ``call-N`` and the note with ``fn-N`` (render/printed.py).
    """
    where = {name: i for i, page in enumerate(pages) for name in page.anchors}
    off = []
    for name, call_page in where.items():
        if name.startswith("call-"):
            n = int(name[5:])
            if where.get(f"fn-{n}", call_page) != call_page:
                off.append((n, call_page))
    return sorted(off, key=lambda item: item[1])


def last_paragraph_on(page) -> str | None:
    """The id of the last paragraph (``p<N>``) that begins on a laid-out page."""
    starts = [(box[1], name) for name, box in page.anchors.items() if name[:1] == "p" and name[1:].isdigit()]
    return max(starts)[1] if starts else None


def lay_out(document: Path, repairs: int = MAX_REPAIRS):
    """Lay out a print document; keep every footnote on the page of its call.

    WeasyPrint (70) may move a page's last footnote to the next page to fit one more line
    of text at the page's foot (its orphans and widows logic). When a footnote ends up
    away from its call, the last paragraph that begins on the call's page is sent to the
    next page (a forced page break, at most a few lines of white) and the document laid
    out again, until every footnote stands with its call.
    """
    from weasyprint import CSS, HTML

    html = HTML(filename=str(document))
    breaks: list[str] = []
    for _ in range(repairs + 1):
        sheets = [CSS(string=" ".join(f"#{pid} {{ break-before: page; }}" for pid in breaks))] if breaks else None
        rendered = html.render(stylesheets=sheets, pdf_tags=True)
        off = footnotes_off_their_page(rendered.pages)
        if not off:
            return rendered, breaks
        note, page = off[0]
        pid = last_paragraph_on(rendered.pages[page])
        if pid is None or pid in breaks:
            break
        breaks.append(pid)
    raise EditionError(
        document,
        f"footnote {note} stays away from its call on page {page + 1} after {len(breaks)} page break(s)",
        hint="shorten the footnote's reason in source_texts/emendations.yaml, or report the text to the maintainers",
    )


def write_pdf(document: Path, out: Path) -> list[str]:
    """Lay out one print document with WeasyPrint into `out` (written atomically, tagged).

    Returns the paragraphs given a page break to keep footnotes with their calls."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(f".{out.name}.part")
    try:
        rendered, breaks = lay_out(document)
        rendered.write_pdf(partial, finisher=viewer_preferences, pdf_tags=True)
    except EditionError:
        partial.unlink(missing_ok=True)
        raise
    except Exception as exc:  # WeasyPrint raises many kinds; none may leave a half-written PDF
        partial.unlink(missing_ok=True)
        raise EditionError(out, f"WeasyPrint could not lay out {document.name}: {exc}") from None
    os.replace(partial, out)
    return breaks


def page_address(site_url: str, src: str) -> str:
    """The published address of a site page ("" without a site URL)."""
    return site_url.rstrip("/") + "/" + page_url(src) if site_url else ""


def viewer_preferences(document, pdf) -> None:
    """WeasyPrint's finisher: open the PDF with its bookmarks shown and its title (not its file
    name) in the window bar. Title, subject, creator, dates and language come from the print
    document's ``<title>``, ``<meta>`` and ``lang``."""
    import pydyf

    pdf.catalog["PageMode"] = "/UseOutlines"
    pdf.catalog["ViewerPreferences"] = pydyf.Dictionary({"DisplayDocTitle": "true"})


# --------------------------------------------------------------------------- the build


def print_documents(edition, info: EditionInfo, folder: Path, site_url: str = "") -> list[tuple[Target, Path]]:
    """Write every PDF's print document into `folder`: gather everything, then lay out."""
    stylesheets = [STYLESHEET.as_uri()]
    documents = []
    for target in plan(edition):
        url = page_address(site_url, target.srcs[-1] if target.kind != "full" else target.srcs[0])
        printed = dataclasses.replace(target.printed, url=url)
        path = Path(folder) / f"{Path(target.name).stem}.html"
        path.write_text(print_document(printed, edition.glossary, info, stylesheets), encoding="utf-8")
        documents.append((target, path))
    return documents


def _lay_out(document: Path, out: Path) -> tuple[str, int, float, list[str]]:
    t0 = time.monotonic()
    breaks = write_pdf(document, out)
    return out.name, out.stat().st_size, time.monotonic() - t0, breaks


def build_pdfs(
    site_dir: Path,
    edition,
    out_dir: Path | None = None,
    jobs: int = 2,
    log=print,
    site_url: str = "",
    info: EditionInfo | None = None,
) -> list[Path]:
    """Print every PDF of the edition into out_dir (default site_dir/pdf), `jobs` at a time.

    ``info`` is the edition's version and licence (source_texts/edition.yaml, read by the
    pipeline); the title pages name ``site_url``'s pages as the places to cite.
    """
    if engine_version() is None:
        raise EditionError(
            "weasyprint",
            "WeasyPrint cannot be loaded, so no PDF can be made",
            hint="run `make setup` (installs WeasyPrint) and `make system-deps` (its Pango library and the fonts)",
        )
    info = info or edition.info
    info = dataclasses.replace(info, date=info.date or build_date())
    out_dir = Path(out_dir) if out_dir else Path(site_dir) / PDF_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="edition-print-") as tmp:
        documents = print_documents(edition, info, Path(tmp), site_url)
        # The longest first, so that the workers finish together.
        order = sorted(documents, key=lambda item: -item[1].stat().st_size)
        with ProcessPoolExecutor(max_workers=max(1, min(jobs, len(order)))) as pool:
            futures = [(target, pool.submit(_lay_out, path, out_dir / target.name)) for target, path in order]
            for target, future in futures:
                name, size, seconds, breaks = future.result()
                kept = f", page breaks before {' '.join(breaks)} keep footnotes with their calls" if breaks else ""
                log(f"pdf: {name} ({size // 1024} KiB, {seconds:.1f} s{kept})")
    log(f"pdf: {len(documents)} PDFs in {out_dir} ({time.monotonic() - started:.1f} s)")
    return [out_dir / target.name for target, _ in documents]
