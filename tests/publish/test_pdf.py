"""The printed edition: real PDFs laid out by WeasyPrint, read back with poppler-utils.

The PDFs are made once per session the way `make site` makes them: `EDITION_PDF=1 mkdocs build`
(the hook prints every PDF into <site>/pdf/ after the build and links every text page to them).
Every expectation is derived from the edition (its texts, divisions, changes, glossary), never
from the PDFs' own print documents. Pages are rendered to PNG under test-artifacts/pdf/ for a
person to look at.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from conftest import ROOT, mkdocs_build

from build_tools.core.errors import EditionError
from build_tools.core.kazakh import sort_key
from build_tools.core.locale import t
from build_tools.publish import pdf
from build_tools.render import apparatus
from build_tools.render.citing import edition_title
from build_tools.render.names import short_title, siglum
from build_tools.structure.pages import division_src, page_url

KAZAKH_LETTERS = "әғқңөұүһі"
ARTIFACTS = ROOT / "test-artifacts" / "pdf"
CALL = re.compile(r"[a-z]{1,2}|\d{1,3}")  # a footnote's letter or a commentary note's number


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


_pages: dict[Path, list[str]] = {}


def pages(path: Path) -> list[str]:
    """pdftotext of every page (raw order: table cells and footnotes stay whole), NFC."""
    if path not in _pages:
        out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
        _pages[path] = [unicodedata.normalize("NFC", p) for p in out.split("\f")[: page_count(path)]]
    return _pages[path]


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def tokens(text: str) -> list[str]:
    """Words as a reader reads them: paragraph numbers out, a hyphen at a line's end kept with its word."""
    text = re.sub(r"¶\s*\d+", " ", text)
    # No automatic hyphenation: a hyphen at a line's end is the text's own (ШЫҰ-ның, сын-тегеурін).
    text = re.sub(r"(?<=\w)([-‐])[ \t]*\n\s*", r"\1", text)
    text = re.sub(r"(?<=\w)([–—/])[ \t]*\n(?=\w)", r"\1", text)  # "1991–\n2023", "ШЫҰ/\nШОС": a line may end after a dash or slash
    # A raised call before punctuation ("бастамасы¹,") is read back with a gap after it.
    text = re.sub(r"(?<=[^\s\d])([a-z]{1,2}|\d{1,3})\s+(?=[,.;:!?»)]+(?:\s|$))", r"\1", text)
    return text.split()


def running_footer_pattern() -> str:
    """The running footer's version and build date (render/printed.py running_footer), any version
    and date, as a regular expression: it follows the page number on the foot's line."""
    text = re.escape(t("changelog.running_footer", version="VERSION", date="DATE"))
    return text.replace("VERSION", r"\d+(?:\.\d+)+").replace("DATE", r"\d{4}-\d{2}-\d{2}")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def same_word(expected: str, printed: str) -> bool:
    """The printed token is the word, or the word with note calls after its last letter or digit
    (never inside it: "Д.Қ" may not become "Д.aҚ")."""
    if printed == expected:
        return True
    for k in range(1, len(expected) + 1):
        rest = expected[k:]
        if any(ch.isalnum() for ch in rest) or not printed.startswith(expected[:k]) or not printed.endswith(rest):
            continue
        middle = printed[k : len(printed) - len(rest)]
        if middle and CALL.fullmatch(middle):
            return True
    return False


def edited_words(doc, divisions) -> list[str]:
    """The edited text of the printed divisions, word by word (citation markers as the edition prints them)."""
    from build_tools.render.citing import uniform_label

    text = doc.text
    out = []
    for division in divisions:
        lo, hi = (division.blocks[0].start, division.blocks[-1].end) if division.blocks else (0, 0)
        marks = sorted((s.start, s.end) for s in doc.spans if s.kind == "citation" and lo <= s.start < hi)
        pieces, pos = [], lo
        for s, e in marks:
            pieces.append(text[pos:s] + uniform_label(text[s:e]))
            pos = e
        pieces.append(text[pos:hi])
        out.extend(norm("".join(pieces)).split())
    return out


def substantive(doc, divisions) -> list:
    """The changes of the printed divisions that a footnote owes the reader, in reading order."""
    changes = []
    for division in divisions:
        changes.extend(
            loc for loc in apparatus.located_changes(doc, division)
            if not apparatus.is_trivial(loc.change) and not apparatus.is_whitespace_only(loc.change)
        )
    return changes


def alpha(n: int) -> str:
    """CSS lower-alpha: 1 → a, 26 → z, 27 → aa."""
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def front_page(path: Path, heading: str) -> list[int]:
    """The pages of the front matter (up to the editorial note, its last part) headed by `heading`."""
    texts = pages(path)
    note = t("print.editorial_note")
    last = next((i for i, p in enumerate(texts[:12]) if note in (ln.strip() for ln in p.splitlines())), None)
    assert last is not None, f"{path.name}: no editorial note"
    return [i for i in range(last + 1) if heading in (ln.strip() for ln in texts[i].splitlines())]


def layout(path: Path, page: int) -> str:
    """pdftotext -layout of one page (1-based): leader dots and page numbers stay on their line."""
    cmd = ["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(page), "-l", str(page), str(path), "-"]
    return unicodedata.normalize("NFC", subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)


def body_text(path: Path, doc, divisions, start: int) -> str:
    """The pages from `start` on as one text, without their running heads, page numbers and running
    footers (so that a word hyphenated across two pages reads as one).

    The running heads come together: the text's ("A · short title"), then the section's."""
    total = page_count(path)
    text_head = re.escape(f"{siglum(doc.meta)} · {short_title(doc.meta)}")
    sections = "|".join(re.escape(norm(d.short_title)) for d in sorted(divisions, key=lambda d: -len(d.short_title)))
    furniture = re.compile(rf"{text_head}(?:[ \n](?:{sections}))?[ \n]?")
    texts = []
    for page in pages(path)[start:]:
        page = re.sub(rf"(?m)^\d+ / {total}(?: {running_footer_pattern()})?\n?", "", page, count=1)
        texts.append(furniture.sub("", page, count=1))
    return "\n".join(texts)


def body_start(path: Path, doc, divisions) -> int:
    """The index of the page where the text begins: the one after the editorial note, which ends the front matter."""
    return front_page(path, t("print.editorial_note"))[-1] + 1


# --------------------------------------------------------------------------- the files


@pytest.mark.pdf
def test_every_text_and_division_has_a_pdf_with_a_stable_name(pdf_site, expected_pdfs):
    made = sorted(p.name for p in (pdf_site / "pdf").glob("*.pdf"))
    assert made == sorted(expected_pdfs)
    assert not list((pdf_site / "pdf").glob(".*")), "partial files left behind"
    for name in made:
        assert (pdf_site / "pdf" / name).read_bytes()[:5] == b"%PDF-"


# --------------------------------------------------------------------------- the text


@pytest.mark.pdf
def test_every_word_of_the_edited_text_in_order_none_split(pdf_site, expected_pdfs):
    """Each word of the edited text stands in the PDF, in order, whole: a note's call only after it."""
    window = 600  # running heads, page numbers and footnotes may stand between two words, not more
    for name, (doc, divisions) in expected_pdfs.items():
        path = pdf_site / "pdf" / name
        printed = tokens(body_text(path, doc, divisions, body_start(path, doc, divisions)))
        words = edited_words(doc, divisions)
        assert words, name
        pos = 0
        for n, word in enumerate(words):
            found = find_word(word, printed, pos, window)
            if found is None:
                context = " ".join(words[max(0, n - 8) : n + 3])
                near = " ".join(printed[pos : pos + 20])
                raise AssertionError(f"{name}: word {n} {word!r} not found in order\n  text: {context}\n  pdf:  {near}")
            pos = found


def find_word(word: str, printed: list[str], pos: int, window: int) -> int | None:
    """The position after `word` in `printed`, looking from `pos` on (None if it is not there).

    A word the text itself hyphenates ("НАФТА-ның") may end a page: its second half then
    comes after the page's footnotes and the next page's running heads.
    """
    for k in range(pos, min(pos + window, len(printed))):
        token = printed[k]
        if same_word(word, token):
            return k + 1
        if token[-1:] in "-–/" and len(word) > len(token) and word.startswith(token):
            rest = find_word(word[len(token) :], printed, k + 1, window)
            if rest is not None:
                return rest
    return None


@pytest.mark.pdf
def test_no_original_reading_or_expansion_in_the_body(pdf_site, expected_pdfs, edition):
    names = {n for e in edition.glossary.entries.values() for n in e.name.values() if n}
    for name, (doc, divisions) in expected_pdfs.items():
        path = pdf_site / "pdf" / name
        texts = pages(path)
        end = max([i for i, p in enumerate(texts) if t("notes.heading") in p.splitlines()[:3]], default=len(texts))
        body = " ".join(texts[body_start(path, doc, divisions) : end])
        assert "[түпн" not in body and "түпн.:" not in re.sub(r"\]\s*түпн\.:", "", body), name
        source = norm(" ".join(edited_words(doc, divisions)))
        # the footnotes' reasons may name an entry in full («…қате терілген (Еуропадағы …)»)
        reasons = " ".join(apparatus.reason(loc.change) for loc in substantive(doc, divisions))
        flat = norm(body)
        for full in names:  # "(full name)" no more often than the author or a footnote wrote it
            allowed = source.count(f"({full}") + reasons.count(f"({full}")
            assert flat.count(f"({full}") <= allowed, f"{name}: an expansion ({full}) in the text"


@pytest.mark.pdf
def test_kazakh_letters_and_paragraph_numbers_printed(pdf_site, expected_pdfs):
    for name, (doc, divisions) in expected_pdfs.items():
        whole = " ".join(pages(pdf_site / "pdf" / name))
        numbers = [b.number for d in divisions for b in d.blocks if b.number]
        for number in (numbers[0], numbers[-1]):
            assert re.search(rf"¶ {number}(?!\d)", whole), f"{name}: ¶ {number} not printed"
        if doc.meta.language == "kk":
            used = {ch for ch in KAZAKH_LETTERS if ch in " ".join(edited_words(doc, divisions)).lower()}
            assert used >= set("әғқңөұүі"), name
            assert {ch for ch in KAZAKH_LETTERS if ch in whole.lower()} >= used, name


# --------------------------------------------------------------------------- the apparatus


def footnoted_words(doc, divisions) -> list[list]:
    """The substantive changes grouped by the word they end in (one footnote each), in reading order."""
    text = doc.text
    groups: dict[int, list] = {}
    for loc in substantive(doc, divisions):
        end = loc.out_start + len(loc.change.after)
        while end < len(text) and not text[end].isspace():
            end += 1
        groups.setdefault(end, []).append(loc)
    return [groups[k] for k in sorted(groups)]


_FOOTNOTE = re.compile(r"(?m)^([a-z]{1,2}) (?:(.*?)\] түпн\.:|Түпнұсқада мұнда:)")


@pytest.mark.pdf
def test_substantive_changes_are_footnotes_on_the_page_of_their_call(pdf_site, expected_pdfs):
    """One footnote per changed word, lettered a, b, c… in order, on the page of its call,
    giving the source's reading of every change in the word."""
    footnoted = 0
    for name, (doc, divisions) in expected_pdfs.items():
        path = pdf_site / "pdf" / name
        texts = pages(path)
        start = body_start(path, doc, divisions)
        found = [(m.group(1), i, m.start(), m.group(2) or "") for i in range(start, len(texts)) for m in _FOOTNOTE.finditer(texts[i])]
        groups = footnoted_words(doc, divisions)
        assert [f[0] for f in found] == [alpha(n) for n in range(1, len(groups) + 1)], (name, [f[0] for f in found])
        notes = norm(" ".join(texts[i][at:] for _, i, at, _ in found))
        for locs in groups:
            for loc in locs:
                reading = norm(loc.change.before)[:15]
                assert reading in notes, f"{name}: the source's {reading!r} (¶ {loc.paragraph}) is in no footnote"
        for letter, i, at, lemma in found:
            # the call follows a word of the footnote's lemma («орайдаb», «IIa», «–c»), or any word for a removal
            words = {w.strip(",.;:!?«»()") for w in lemma.split()} - {""}
            calls = [
                tok
                for tok in tokens(texts[i][:at])
                if (m := re.fullmatch(rf"(.+?){letter}[,.;:!?»)]*", tok))
                and (m.group(1).strip(",.;:!?«»()") in words if words else not re.search(r"[a-zA-Z]$", m.group(1)))
            ]
            assert calls, f"{name}: the call {letter} is not on page {i + 1}, where its footnote is"
            footnoted += 1
    assert footnoted > 0


@pytest.mark.pdf
def test_editorial_note_counts_the_unmarked_changes(pdf_site, expected_pdfs):
    for name, (doc, divisions) in expected_pdfs.items():
        path = pdf_site / "pdf" / name
        where = front_page(path, t("print.editorial_note"))
        assert where, f"{name}: no editorial note"
        flat = norm(" ".join(pages(path)[i] for i in where))
        counted = [
            loc.change for d in divisions for loc in apparatus.located_changes(doc, d)
            if apparatus.is_trivial(loc.change) or apparatus.is_whitespace_only(loc.change)
        ]
        if counted:
            m = re.search(r"барлығы (\d+):", flat)
            assert m and int(m.group(1)) == len(counted), (name, m and m.group(1), len(counted))
        n = len(substantive(doc, divisions))
        if n:
            assert f"түзетулер ({n})" in flat, name


@pytest.mark.pdf
def test_commentary_notes_are_numbered_endnotes(pdf_site, expected_pdfs):
    for name, (doc, divisions) in expected_pdfs.items():
        numbers = {b.number for d in divisions for b in d.blocks if b.number}
        notes = [n for n in doc.notes if n.paragraph in numbers]
        texts = pages(pdf_site / "pdf" / name)
        heads = [i for i, p in enumerate(texts) if t("notes.heading") in p.splitlines()[:3]]
        if not notes:
            assert not heads, name
            continue
        assert heads, f"{name}: no endnotes"
        start = heads[-1]
        end = " ".join(texts[start:])
        for note in notes:
            assert re.search(rf"{note.number}\. ¶ {note.paragraph}\.", norm(end)), f"{name}: note {note.number}"


@pytest.mark.pdf
def test_abbreviations_listed_in_kazakh_order(pdf_site, expected_pdfs, edition):
    glossary = edition.glossary
    for name, (doc, divisions) in expected_pdfs.items():
        blocks = [(d.blocks[0].start, d.blocks[-1].end) for d in divisions if d.blocks]
        used = set()
        for s in doc.spans:
            if s.kind == "term" and any(lo <= s.start < hi for lo, hi in blocks):
                form = glossary.form_of(doc.text[s.start : s.end])
                entry = glossary.entries[s.data]
                if form is not None and form.form in entry.acronyms() and entry.display_name(doc.meta.language) != form.form:
                    used.add(form.form)  # an acronym that is its own name («ЭКСПО-2017») needs no line
        texts = pages(pdf_site / "pdf" / name)
        listing = front_page(pdf_site / "pdf" / name, t("print.abbreviations"))
        if listing:  # the list runs on to the editorial note
            listing = list(range(listing[0], front_page(pdf_site / "pdf" / name, t("print.editorial_note"))[-1] + 1))
        if not used:
            assert not listing, name
            continue
        assert listing, f"{name}: no list of abbreviations"
        lines = [ln.strip() for i in listing for ln in texts[i].splitlines()]
        firsts = [ln.split(" ")[0] for ln in lines]
        found = [a for a in sorted(used, key=sort_key) if a.split(" ")[0] in firsts]
        assert len(found) == len(used), (name, sorted(used - set(found)))
        order = [firsts.index(a.split(" ")[0]) for a in found]
        assert order == sorted(order), f"{name}: abbreviations not in Kazakh alphabetical order"


# --------------------------------------------------------------------------- the book


@pytest.mark.pdf
def test_title_page_states_source_version_citation_and_licence(pdf_site, expected_pdfs, edition):
    import os
    import time

    info = edition.info
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))  # as mkdocs_build sets it
    built = time.strftime("%Y-%m-%d", time.gmtime(epoch))
    for name, (doc, divisions) in expected_pdfs.items():
        first = norm(pages(pdf_site / "pdf" / name)[0])
        title = divisions[0].title if len(divisions) == 1 and len(doc.divisions) > 1 else doc.meta.title
        assert norm(title)[:50] in first, name
        assert f"{info.version} · {built}" in first, name
        assert t("print.cite") in first and info.licence_name in first, name
        if doc.meta.source_notes_kk:
            assert norm(doc.meta.source_notes_kk)[:60] in first, name


@pytest.mark.pdf
def test_every_page_names_the_version_and_build_date(pdf_site, expected_pdfs, edition):
    """The title page's colophon, and the foot of every other page beside its number."""
    import os
    import time

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))  # as mkdocs_build sets it
    built = time.strftime("%Y-%m-%d", time.gmtime(epoch))
    version = edition.info.version
    stamp = t("changelog.running_footer", version=version, date=built)
    for name in expected_pdfs:
        path = pdf_site / "pdf" / name
        texts = pages(path)
        assert t("print.version", version=version, date=built) in norm(texts[0]), name
        assert stamp not in texts[0], f"{name}: the title page has no running footer"
        total = page_count(path)
        for n in range(2, total + 1):
            assert texts[n - 1].count(stamp) == 1, f"{name}: page {n} lacks {stamp!r}"


@pytest.mark.pdf
def test_contents_page_numbers_are_where_the_headings_stand(pdf_site, expected_pdfs):
    """Each heading the contents list names stands on the page it gives (first 30 characters)."""
    checked = set()
    for name, (doc, divisions) in expected_pdfs.items():
        path = pdf_site / "pdf" / name
        where = front_page(path, t("print.contents"))
        if not where:
            continue
        listing = " ".join(layout(path, i + 1) for i in where)
        flat = norm(listing)
        texts = pages(path)
        titles = [d.title for d in divisions] + [d.short_title for d in divisions]
        titles += [doc.text[b.start : b.end] for d in divisions for b in d.blocks if b.kind == "heading"]
        found = 0
        for title in dict.fromkeys(norm(x) for x in titles):
            at = flat.find(title[:30])
            if at < 0:
                continue
            m = re.compile(r"\.(?: ?\.){2,} ?(\d+)").search(flat, at)
            assert m, f"{name}: no page number after {title!r}"
            number = int(m.group(1))
            assert title[:30] in norm(texts[number - 1]), f"{name}: {title!r} is not on page {number}"
            found += 1
        assert found >= 2, f"{name}: the contents list names {found} headings"
        checked.add(name)
    assert any(n.endswith("-full.pdf") for n in checked), checked


@pytest.mark.pdf
def test_page_numbers_n_of_m_and_running_heads(pdf_site, expected_pdfs):
    for name, (doc, divisions) in expected_pdfs.items():
        path = pdf_site / "pdf" / name
        total = page_count(path)
        texts = pages(path)
        for n in range(2, total + 1):
            foot = rf"(?m)^{n} / {total}(?: {running_footer_pattern()})?$"
            assert re.search(foot, texts[n - 1]), f"{name}: page {n} lacks '{n} / {total}'"
        assert f"/ {total}" not in texts[0], f"{name}: the title page is numbered"
        head = f"{siglum(doc.meta)} · {short_title(doc.meta)}"
        assert head in texts[-1], name
        if len(divisions) > 1 or len(doc.divisions) > 1:  # the section's own short title, right
            last_division = divisions[-1]
            body_pages = [p for p in texts if norm(last_division.short_title) in p]
            assert body_pages, f"{name}: no running head names {last_division.short_title!r}"


@pytest.mark.pdf
def test_fonts_embedded_and_covering_kazakh(pdf_site, expected_pdfs):
    charset = " ".join(f"{ord(c):x}" for c in KAZAKH_LETTERS + KAZAKH_LETTERS.upper())
    covering = subprocess.run(["fc-list", f":charset={charset}", "postscriptname"], capture_output=True, text=True, check=True).stdout
    covering_names = set(re.findall(r"postscriptname=(\S+)", covering))
    assert "PTSerif-Regular" in covering_names
    for name in expected_pdfs:
        out = subprocess.run(["pdffonts", str(pdf_site / "pdf" / name)], capture_output=True, text=True, check=True).stdout
        rows = out.splitlines()[2:]
        bases = set()
        for row in rows:
            emb, sub, uni = row.split()[-5:-2]
            assert emb == "yes" and uni == "yes", f"{name}: {row}"
            bases.add(row.split()[0].split("+", 1)[-1])
        assert "PT-Serif" in bases, (name, bases)  # the text's type


@pytest.mark.pdf
def test_tagged_pdf_with_title_language_and_bookmarks(pdf_site, expected_pdfs):
    from pypdf import PdfReader

    for name, (doc, divisions) in expected_pdfs.items():
        path = pdf_site / "pdf" / name
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.search(r"^Tagged:\s+yes", info, re.M), name
        reader = PdfReader(path)
        title = doc.meta.title if len(divisions) > 1 or len(doc.divisions) == 1 else divisions[0].title
        assert reader.metadata.title == title, name
        root = reader.trailer["/Root"]
        assert root["/Lang"] == doc.meta.language, name
        assert root["/PageMode"] == "/UseOutlines" and root["/ViewerPreferences"]["/DisplayDocTitle"], name
        subject = doc.meta.title if len(divisions) == 1 and len(doc.divisions) > 1 else edition_title()
        assert reader.metadata.subject == subject and edition_title() in reader.metadata.creator, name
        assert reader.metadata.creation_date is not None, name
        tops = [item.title for item in reader.outline if not isinstance(item, list)]
        if len(doc.divisions) == 1:
            assert norm(doc.meta.title) in tops, (name, tops)
        for division in divisions if len(doc.divisions) > 1 else []:
            assert norm(division.title) in tops, (name, tops)
    reader = PdfReader(pdf_site / "pdf" / "002-1-tarau.pdf")
    nested = [i for i in reader.outline if isinstance(i, list)]
    assert nested and any(x.title.startswith("1.1 ") for x in nested[-1] if not isinstance(x, list))


@pytest.mark.pdf
def test_nothing_points_at_the_build_machine(pdf_site, expected_pdfs):
    from pypdf import PdfReader

    for name in expected_pdfs:
        for page in PdfReader(pdf_site / "pdf" / name).pages:
            for annot in page.get("/Annots") or []:
                action = annot.get_object().get("/A")
                if action is not None and action.get("/S") == "/URI":
                    assert not str(action["/URI"]).startswith("file:"), name


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
def test_pages_rendered_to_png_for_a_person_to_look_at(pdf_site):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for name in ("002-3-tarau.pdf", "000.pdf", "002-full.pdf"):
        source = pdf_site / "pdf" / name
        if not source.exists():
            continue
        for page in (1, 2, 3):
            stem = ARTIFACTS / f"{source.stem}-page{page}"
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", str(page), "-l", str(page), "-singlefile", str(source), str(stem)], check=True)
            assert stem.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        middle = str(page_count(source) // 2 + 1)
        pgm = subprocess.run(["pdftoppm", "-gray", "-r", "30", "-f", middle, "-l", middle, "-singlefile", str(source)], capture_output=True, check=True).stdout
        pixels = pgm[pgm.index(b"255\n") + 4 :]
        dark = sum(1 for b in pixels if b < 128) / len(pixels)
        assert 0.005 < dark < 0.5, (name, dark)  # a page of text, not blank, not black
    (ARTIFACTS / "all").mkdir(exist_ok=True)
    for path in (pdf_site / "pdf").glob("*.pdf"):
        (ARTIFACTS / "all" / path.name).write_bytes(path.read_bytes())


@pytest.mark.pdf
@pytest.mark.browser
def test_pdf_links_leave_the_title_its_width_on_a_phone(pdf_site, browser, edition):
    """At 390 px the links stand above the title, so a long capitals heading keeps its words whole."""
    from build_tools.publish.linkcheck import serve

    doc = next(d for d in edition.documents if len(d.divisions) > 1)
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    with serve(pdf_site, "/") as base_url:
        for division in doc.divisions:
            page.goto(base_url + page_url(division_src(doc, division)))
            links = page.locator(".pdf-links").bounding_box()
            title = page.locator("article h1").first.bounding_box()
            assert links["y"] + links["height"] <= title["y"] + 1, division.slug
            assert title["width"] > 300, division.slug
    context.close()


# --------------------------------------------------------------------------- without the engine


def test_plain_mkdocs_build_makes_no_pdf_and_links_none(built_site):
    """`mkdocs build`/`serve` alone do not print; so no page may link to a PDF."""
    assert not (built_site / "pdf").exists()
    page = (built_site / "texts" / "002" / "1-tarau" / "index.html").read_text(encoding="utf-8")
    assert 'class="pdf-link"' not in page
    assert "@top-right" in page  # the running head is still there for the browser's own print


def test_missing_engine_is_a_clear_error(edition, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "engine_version", lambda: None)
    with pytest.raises(EditionError) as err:
        pdf.build_pdfs(tmp_path, edition, out_dir=tmp_path, log=lambda *_: None)
    assert "WeasyPrint" in err.value.format() and "make setup" in err.value.format()
    assert not list(tmp_path.glob("*.pdf"))


def test_a_failed_layout_is_a_clear_error_and_leaves_no_partial_file(tmp_path):
    out = tmp_path / "out.pdf"
    with pytest.raises(EditionError) as err:
        pdf.write_pdf(tmp_path / "missing.html", out)
    assert "missing.html" in err.value.format() and "WeasyPrint" in err.value.format()
    assert not out.exists() and not list(tmp_path.glob(".*"))


def test_css_string_is_safe_in_a_style_element():
    assert pdf.css_string('a "b" \\ </style>') == '"a \\22 b\\22  \\5c  \\3c /style\\3e "'
    long = pdf.css_string("Ә" * 200, limit=20)
    assert len(long) == 22 and long.endswith('…"')


def test_links_offer_part_then_whole(edition):
    targets = pdf.plan(edition)
    divided = next(d for d in edition.documents if len(d.divisions) > 1)
    single = next(d for d in edition.documents if len(d.divisions) == 1)
    first = divided.divisions[0]
    assert pdf.links_for(division_src(divided, first), targets) == [
        (t("pdf.part"), f"{divided.meta.id}-{first.slug}.pdf"),
        (t("pdf.full"), f"{divided.meta.id}-full.pdf"),
    ]
    assert pdf.links_for(f"{divided.meta.url_dir}/index.md", targets) == [(t("pdf.full"), f"{divided.meta.id}-full.pdf")]
    assert pdf.links_for(f"{single.meta.url_dir}/index.md", targets) == [(t("pdf.text"), f"{single.meta.id}.pdf")]
    assert pdf.links_for("glossary/index.md", targets) == []


def test_stylesheets_fetch_nothing_and_hyphenate_nothing(root):
    for path in (root / "docs" / "assets" / "print.css", pdf.STYLESHEET):
        css = path.read_text(encoding="utf-8")
        assert not re.search(r"hyphens\s*:\s*auto", css), path  # no good Kazakh hyphenation patterns
        assert "@import" not in css and not re.search(r"url\(\s*['\"]?(https?:)?//", css), path
        assert "counter(pages)" in css, path
    printed = pdf.STYLESHEET.read_text(encoding="utf-8")
    assert "float: footnote" in printed and "target-counter(" in printed and '"PT Serif"' in printed


class FakePage:
    def __init__(self, anchors):
        self.anchors = {name: (0, y, 100, y + 10) for name, y in anchors.items()}


def test_footnotes_away_from_their_call_are_found_with_the_calls_page():
    pages = [FakePage({"p1": 10, "call-1": 20, "fn-1": 700, "p2": 300, "call-2": 400}), FakePage({"fn-2": 700, "p3": 50})]
    assert pdf.footnotes_off_their_page(pages) == [(2, 0)]
    assert pdf.last_paragraph_on(pages[0]) == "p2" and pdf.last_paragraph_on(FakePage({"call-1": 5})) is None


def test_a_footnote_that_cannot_join_its_call_is_a_clear_error(tmp_path, monkeypatch):
    """If no page break brings a note to its call's page, the build says so and names the note."""
    document = tmp_path / "d.html"
    document.write_text("<p id='p1'>x</p>", encoding="utf-8")
    monkeypatch.setattr(pdf, "footnotes_off_their_page", lambda pages: [(3, 0)])
    monkeypatch.setattr(pdf, "last_paragraph_on", lambda page: "p1")
    with pytest.raises(EditionError) as err:
        pdf.write_pdf(document, tmp_path / "d.pdf")
    assert "footnote 3" in err.value.format() and "page 1" in err.value.format()
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*"))
