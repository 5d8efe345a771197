"""Print and PDF: real PDFs from headless Debian chromium, checked with poppler-utils.

The PDFs are made once per session the way `make site` makes them: `EDITION_PDF=1 mkdocs build`
(the hook prints every PDF into <site>/pdf/ after the build and links every text page to them).
A page of a chapter is rendered to PNG under test-artifacts/pdf/ for a person to look at.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from build_tools.core.errors import EditionError
from build_tools.core.locale import t
from build_tools.publish import pdf
from build_tools.structure.pages import division_src, page_url

KAZAKH_LETTERS = "әғқңөұүһі"
ARTIFACTS = ROOT / "test-artifacts" / "pdf"


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="session")
def pdf_site(tmp_path_factory) -> Path:
    """The site built as `make site` builds it, PDFs included (once per session)."""
    site = tmp_path_factory.mktemp("pdf-site")
    result = mkdocs_build(site, {"EDITION_PDF": "1"})
    assert result.returncode == 0, result.stderr[-3000:]
    return site


@pytest.fixture(scope="session")
def expected_pdfs(edition) -> dict[str, tuple]:
    """File name → (document, divisions printed), derived from the edition independently of pdf.plan."""
    expected = {}
    for doc in edition.documents:
        if len(doc.divisions) == 1:
            expected[f"{doc.meta.id}.pdf"] = (doc, doc.divisions)
        else:
            for division in doc.divisions:
                expected[f"{doc.meta.id}-{division.slug}.pdf"] = (doc, [division])
            expected[f"{doc.meta.id}-full.pdf"] = (doc, doc.divisions)
    return expected


_texts: dict[tuple, str] = {}
# The text area of an A4 page (points) inside print.css's margins: no running head, no page number.
BODY_CROP = ["-x", "0", "-y", "64", "-W", "600", "-H", "718"]


def pdf_text(path: Path, first: int | None = None, last: int | None = None, body: bool = False) -> str:
    """pdftotext of a PDF (or of some pages), whitespace collapsed to single spaces.

    ``body=True`` reads the text as a reader follows it across pages: without the running heads,
    the page numbers and the paragraph numbers in the margin.
    """
    key = (path, first, last, body)
    if key not in _texts:
        cmd = ["pdftotext", "-raw", "-enc", "UTF-8"]  # content order: table cells stay whole
        if first:
            cmd += ["-f", str(first)]
        if last:
            cmd += ["-l", str(last)]
        if body:
            cmd += BODY_CROP
        out = subprocess.run([*cmd, str(path), "-"], capture_output=True, text=True, check=True).stdout
        if body:
            out = re.sub(r"^¶ \d+\n", "", out, flags=re.M)
        # No automatic hyphenation: a hyphen at a line's end is the text's own (ШЫҰ-ның, сын-тегеурін).
        out = re.sub(r"(?<=\w)([-‐])[ \t]*\n\s*", r"\1", out)
        _texts[key] = " ".join(unicodedata.normalize("NFC", out).split())
    return _texts[key]


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def without_change_notes(text: str) -> str:
    """Text with the cleaning stage's inline print notes ("[түпн.: …]" after a changed reading) taken out."""
    return re.sub(r"\s?\[түпн\.: .*?\]", "", text)


def without_commentary_labels(text: str) -> str:
    """Text with the "[Түсініктемеде аталған: …]" back-link labels of cited paragraphs taken out."""
    return re.sub(r"\s?\[Түсініктемеде аталған: .*?\]", "", text)


def printed_paragraph(doc, block) -> str:
    """A paragraph as print shows it: each commentary note's number follows its passage."""
    text = doc.text
    markers = sorted(
        (s.end, s.data.number) for s in doc.spans if s.kind == "note" and block.start <= s.end <= block.end
    )
    pieces, pos = [], block.start
    for end, number in markers:
        pieces.append(text[pos:end])
        pieces.append(f" {number}")
        pos = end
    pieces.append(text[pos : block.end])
    return "".join(pieces)


def without_expansions(text: str, glossary) -> str:
    """Text with every " (full name)" of a glossary entry taken out (applied to source and PDF alike)."""
    names = sorted({n for e in glossary.entries.values() for n in e.name.values() if n}, key=len, reverse=True)
    return re.sub(r" \((?:" + "|".join(re.escape(n) for n in names) + r")\)", "", text)


def acronyms(entry) -> list[str]:
    """An entry's acronyms in every language (a string or a list per language)."""
    out = []
    for value in entry.acronym.values():
        out.extend([value] if isinstance(value, str) else value)
    return [a for a in out if a]


def paragraphs(doc, division):
    return [b for b in division.blocks if b.kind == "paragraph"]


# --------------------------------------------------------------------------- the files


@pytest.mark.pdf
def test_every_text_and_division_has_a_pdf_with_a_stable_name(pdf_site, expected_pdfs):
    made = sorted(p.name for p in (pdf_site / "pdf").glob("*.pdf"))
    assert made == sorted(expected_pdfs)
    assert "002-1-tarau.pdf" in made and "002-full.pdf" in made
    assert not list((pdf_site / "pdf").glob(".*")), "partial files left behind"
    for name in made:
        assert (pdf_site / "pdf" / name).read_bytes()[:5] == b"%PDF-"


@pytest.mark.pdf
def test_first_and_last_paragraphs_with_kazakh_letters_intact(pdf_site, expected_pdfs, edition):
    for name, (doc, divisions) in expected_pdfs.items():
        whole = pdf_text(pdf_site / "pdf" / name)
        text = without_expansions(
            without_commentary_labels(without_change_notes(pdf_text(pdf_site / "pdf" / name, body=True))),
            edition.glossary,
        )
        for division in (divisions[0], divisions[-1]):
            paras = paragraphs(doc, division)
            assert paras, division.title
            for block in (paras[0], paras[-1]):
                body = without_expansions(norm(printed_paragraph(doc, block)), edition.glossary)
                head, tail = body[:70], body[-70:]
                assert head in text, f"{name}: start of ¶ {block.number} not found: {head!r}"
                assert tail in text, f"{name}: end of ¶ {block.number} not found: {tail!r}"
                assert re.search(rf"¶ {block.number}(?!\d)", whole), f"{name}: paragraph number ¶ {block.number} not printed"
        if doc.meta.language == "kk":
            source = "".join(norm(doc.text[b.start : b.end]) for d in divisions for b in paragraphs(doc, d)).lower()
            used = {ch for ch in KAZAKH_LETTERS if ch in source}
            assert used >= set("әғқңөұүі"), name  # the Kazakh texts use them; the PDF must keep them
            assert {ch for ch in KAZAKH_LETTERS if ch in whole.lower()} >= used, name


@pytest.mark.pdf
def test_whole_dissertation_holds_every_division_in_order(pdf_site, expected_pdfs):
    fulls = {n: v for n, v in expected_pdfs.items() if n.endswith("-full.pdf")}
    assert "002-full.pdf" in fulls
    for name, (doc, divisions) in fulls.items():
        text = pdf_text(pdf_site / "pdf" / name)
        positions = [text.find(norm(doc.text[paragraphs(doc, d)[0].start : paragraphs(doc, d)[0].end])[:70]) for d in divisions]
        assert -1 not in positions and positions == sorted(positions), (name, positions)
        parts = sum(page_count(pdf_site / "pdf" / f"{doc.meta.id}-{d.slug}.pdf") for d in divisions)
        assert page_count(pdf_site / "pdf" / name) >= parts  # one document, page numbers running through


@pytest.mark.pdf
def test_page_numbers_bet_n_of_m(pdf_site, expected_pdfs):
    for name in expected_pdfs:
        path = pdf_site / "pdf" / name
        total = page_count(path)
        assert f"Бет 1 / {total}" in pdf_text(path, 1, 1), name
        assert f"Бет {total} / {total}" in pdf_text(path, total, total), name


@pytest.mark.pdf
def test_running_head_has_edition_and_chapter_titles(pdf_site, edition):
    from mkdocs.config import load_config

    site_name = load_config(str(ROOT / "mkdocs.yml")).site_name
    doc = next(d for d in edition.documents if len(d.divisions) > 1)
    for division in doc.divisions:
        path = pdf_site / "pdf" / f"{doc.meta.id}-{division.slug}.pdf"
        last = page_count(path)
        page_text = pdf_text(path, last, last)  # a page without the heading on it
        assert site_name in page_text
        # the page's title: the division's editorial navigation title, or its heading
        assert norm(division.short_title)[:40] in page_text, division.short_title
    # in the whole text each division keeps its own head: the last page names the last division
    full = pdf_site / "pdf" / f"{doc.meta.id}-full.pdf"
    total = page_count(full)
    assert norm(doc.divisions[-1].title)[:40] in pdf_text(full, total, total)


@pytest.mark.pdf
def test_glossary_terms_expanded_at_first_use(pdf_site, expected_pdfs, edition):
    """After the first use of an acronym on a page, its full name follows (e.g. ШЫҰ → Шанхай ынтымақтастық ұйымы)."""
    checked = []
    for name, (doc, divisions) in expected_pdfs.items():
        if name.endswith("-full.pdf"):
            continue
        blocks = [b for d in divisions for b in d.blocks if b.kind != "heading"]  # headings carry no links
        text = without_change_notes(pdf_text(pdf_site / "pdf" / name, body=True))
        first: dict[str, tuple[int, int]] = {}
        terms = (s for s in doc.spans if s.kind == "term" and any(b.start <= s.start < b.end for b in blocks))
        for span in sorted(terms, key=lambda s: s.start):
            first.setdefault(span.data, (span.start, span.end))
        for entry_id, (s, e) in first.items():
            entry = edition.glossary.entries[entry_id]
            used = doc.text[s:e]
            if not any(re.fullmatch(re.escape(a) + r"(?:[-‐]?[а-яёәғқңөұүһі]{1,8})?", used) for a in acronyms(entry)):
                continue  # first used by name or a variant ("START I"): no expansion is owed
            full = entry.name.get(doc.meta.language) or entry.display_name("kk")
            pattern = re.escape(norm(used)) + r"\W{0,4}(" + re.escape(full) + "|" + re.escape(entry.display_name("kk")) + ")"
            assert re.search(pattern, text), f"{name}: {used!r} is not followed by {full!r}"
            checked.append((name, entry_id))
    assert ("002-2-tarau.pdf", "sco") in checked, checked  # ШЫҰ in the dissertation's second chapter
    assert len({e for _, e in checked}) >= 3, checked


@pytest.mark.pdf
def test_editorial_changes_printed_as_notes(pdf_site, expected_pdfs):
    """Every change of letters or punctuation in a chapter's text is printed with its original reading:
    as a numbered note at the end (print.js), or, when the build lists the changes itself, as the
    cleaning stage's bracketed note after the reading ("[түпн.: …]")."""
    noted = 0
    for name, (doc, divisions) in expected_pdfs.items():
        if name.endswith("-full.pdf"):
            continue
        blocks = [b for d in divisions for b in d.blocks if b.kind != "heading"]
        changes = [
            s
            for s in doc.spans
            if s.kind == "change"
            and s.data.before.strip()
            and any(b.start <= s.start and s.end <= b.end for b in blocks)
        ]
        text = pdf_text(pdf_site / "pdf" / name)
        html_page = (pdf_site / page_url(division_src(doc, divisions[0])) / "index.html").read_text(encoding="utf-8")
        build_lists_changes = 'class="ed-note-ref"' in html_page
        if not changes:
            assert "Редакторлық түзетулер" not in text, name
            continue
        if build_lists_changes:
            compact = re.sub(r"\s", "", text)
            page_notes = compact[compact.rindex("Редакциялықескертпелер") :]
            for span in changes:  # inline after the reading, or in the page's notes under its paragraph
                reading = re.sub(r"\s", "", span.data.before)
                block = next(b for b in blocks if b.start <= span.start and span.end <= b.end)
                assert f"түпн.:{reading}]" in compact or re.search(rf"¶{block.number}(?!\d)", page_notes), (
                    f"{name}: {span.data.before!r} (¶ {block.number}) not printed"
                )
                noted += 1
            continue
        notes = text[text.rindex("Редакторлық түзетулер") :]
        for n, span in enumerate(sorted(changes, key=lambda s: s.start), start=1):
            block = next(b for b in blocks if b.start <= span.start and span.end <= b.end)
            expected = f"{n}. ¶ {block.number}. Түпнұсқада: «{norm(span.data.before)}»"
            assert expected in notes, f"{name}: note {expected!r} missing"
            noted += 1
    assert noted > 0


@pytest.mark.pdf
def test_fonts_are_embedded_and_cover_kazakh(pdf_site, expected_pdfs):
    charset = " ".join(f"{ord(c):x}" for c in KAZAKH_LETTERS + KAZAKH_LETTERS.upper())
    covering = subprocess.run(
        ["fc-list", f":charset={charset}", "postscriptname"], capture_output=True, text=True, check=True
    ).stdout
    covering_names = set(re.findall(r"postscriptname=(\S+)", covering))
    assert "DejaVuSerif" in covering_names
    for name in expected_pdfs:
        out = subprocess.run(["pdffonts", str(pdf_site / "pdf" / name)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        assert rows, f"{name}: no fonts"
        for row in rows:
            font = row.split()[0]
            base = font.split("+", 1)[-1]  # drop the subset tag
            emb, sub, uni = row.split()[-5:-2]
            assert emb == "yes" and uni == "yes", f"{name}: {row}"
            assert base.startswith("DejaVu"), f"{name}: unexpected font {base}"
            assert base in covering_names, f"{name}: {base} lacks Kazakh letters"


@pytest.mark.pdf
def test_metadata_title_language_and_outline(pdf_site, expected_pdfs):
    from pypdf import PdfReader

    for name, (doc, divisions) in expected_pdfs.items():
        reader = PdfReader(pdf_site / "pdf" / name)
        title = doc.meta.title if len(divisions) > 1 or len(doc.divisions) == 1 else divisions[0].title
        assert reader.metadata.title == title, name
        assert reader.trailer["/Root"]["/Lang"] == doc.meta.language, name
        outline = [item for item in reader.outline if not isinstance(item, list)]
        assert outline, f"{name}: no bookmarks"
        tops = [item.title for item in outline]
        for division in divisions:  # every division's heading is a top-level bookmark, spelled right
            assert norm(division.title) in tops, (name, tops)
    # the dissertation's chapters have their sections as nested bookmarks
    reader = PdfReader(pdf_site / "pdf" / "002-1-tarau.pdf")
    nested = [i for i in reader.outline if isinstance(i, list)]
    assert nested and any(t.title.startswith("1.1 ") for t in nested[0])


@pytest.mark.pdf
def test_links_in_the_pdfs_point_at_the_published_site(pdf_site, expected_pdfs):
    """Chromium prints from file:// pages; no PDF may keep a link to the build machine's files."""
    from mkdocs.config import load_config
    from pypdf import PdfReader

    site_url = load_config(str(ROOT / "mkdocs.yml")).site_url
    assert site_url
    for name in expected_pdfs:
        uris = [
            str(annot.get_object()["/A"]["/URI"])
            for page in PdfReader(pdf_site / "pdf" / name).pages
            for annot in (page.get("/Annots") or [])
            if "/A" in annot.get_object() and annot.get_object()["/A"].get("/S") == "/URI"
        ]
        assert uris, name
        assert all(u.startswith(site_url) for u in uris), (name, [u for u in uris if not u.startswith(site_url)][:3])
        if name == "002-2-tarau.pdf":
            assert site_url + "glossary/sco/" in uris


@pytest.mark.pdf
def test_every_text_page_links_its_pdfs(pdf_site, edition, expected_pdfs):
    linked = set()
    for doc in edition.documents:
        srcs = {division_src(doc, d) for d in doc.divisions} | {f"{doc.meta.url_dir}/index.md"}
        for src in srcs:
            page = pdf_site / page_url(src) / "index.html"
            hrefs = re.findall(r'<a class="pdf-link" href="([^"]+)"', page.read_text(encoding="utf-8"))
            assert hrefs, f"{src} offers no PDF"
            for href in hrefs:
                target = (page.parent / href).resolve()
                assert target.is_file(), f"{src}: {href} does not resolve"
                linked.add(target.name)
    assert linked == set(expected_pdfs)


@pytest.mark.pdf
def test_pdf_links_resolve_over_http_under_a_sub_path(pdf_site):
    """The site as `make site` builds it passes the link check, PDF links included."""
    from build_tools.publish.linkcheck import check_site, serve

    with serve(pdf_site, "/kz-edition/") as base_url:
        report = check_site(pdf_site, base_url)
    assert report.ok, report.summary()
    fetched_pdfs = {url.rsplit("/", 1)[-1] for url, status in report.targets.items() if url.endswith(".pdf") and status == 200}
    assert fetched_pdfs == {p.name for p in (pdf_site / "pdf").glob("*.pdf")}


@pytest.mark.pdf
def test_page_rendered_to_png_for_a_person_to_look_at(pdf_site):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = pdf_site / "pdf" / "002-2-tarau.pdf"
    for page in (1, 13):
        stem = ARTIFACTS / f"002-2-tarau-page{page}"
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(source), str(stem)], check=True)
        png = stem.with_suffix(".png")
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # not blank: a fair share of dark pixels in a greyscale rendering of page 1
    pgm = subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-f", "1", "-l", "1", "-singlefile", str(source)], capture_output=True, check=True
    ).stdout
    header_end = pgm.index(b"255\n") + 4
    pixels = pgm[header_end:]
    dark = sum(1 for b in pixels if b < 128) / len(pixels)
    assert 0.02 < dark < 0.5, dark
    (ARTIFACTS / "all").mkdir(exist_ok=True)
    for path in (pdf_site / "pdf").glob("*.pdf"):  # the PDFs themselves, for a closer look
        (ARTIFACTS / "all" / path.name).write_bytes(path.read_bytes())


# --------------------------------------------------------------------------- without the engine


def test_plain_mkdocs_build_makes_no_pdf_and_links_none(built_site):
    """`mkdocs build`/`serve` alone do not print; so no page may link to a PDF."""
    assert not (built_site / "pdf").exists()
    page = (built_site / "texts" / "002" / "1-tarau" / "index.html").read_text(encoding="utf-8")
    assert 'class="pdf-link"' not in page
    assert "@top-right" in page  # the running head is still there for the browser's own print


def test_missing_engine_is_a_clear_error(built_site, edition, tmp_path):
    with pytest.raises(EditionError) as err:
        pdf.build_pdfs(built_site, edition, "E", out_dir=tmp_path, chromium=str(tmp_path / "no-chromium"), log=lambda *_: None)
    assert "chromium" in err.value.format()
    with pytest.raises(EditionError) as err:
        pdf.build_pdfs(tmp_path / "no-site", edition, "E", out_dir=tmp_path, chromium="/bin/true", log=lambda *_: None)
    assert "make site" in err.value.format()
    assert not list(tmp_path.glob("*.pdf"))


def test_css_string_is_safe_in_a_style_element():
    assert pdf.css_string('a "b" \\ </style>') == '"a \\22 b\\22  \\5c  \\3c /style\\3e "'
    long = pdf.css_string("Ә" * 200, limit=20)
    assert len(long) == 22 and long.endswith('…"')


def test_links_offer_part_then_whole(edition):
    targets = pdf.plan(edition)
    assert pdf.links_for("texts/002/1-tarau.md", targets) == [
        (t("pdf.part"), "002-1-tarau.pdf"),
        (t("pdf.full"), "002-full.pdf"),
    ]
    assert pdf.links_for("texts/002/index.md", targets) == [(t("pdf.full"), "002-full.pdf")]
    assert pdf.links_for("texts/000/index.md", targets) == [(t("pdf.text"), "000.pdf")]
    assert pdf.links_for("glossary/index.md", targets) == []


def test_print_stylesheet_uses_local_fonts_and_no_automatic_hyphenation(root):
    css = (root / "docs" / "assets" / "print.css").read_text(encoding="utf-8")
    assert not re.search(r"hyphens\s*:\s*auto", css)  # no good Kazakh hyphenation patterns
    assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css)  # nothing fetched
    assert '"DejaVu Serif"' in css and "counter(pages)" in css
    assert re.search(r"@media screen\s*{\s*\.term-expansion", css)  # expansions are for print only
