"""Search proven in the real browser: every query of tests/search_queries.yaml is typed
into the edition's search dialog of the built site (Debian chromium via Playwright) and
its results are checked; so are the index Pagefind wrote (site/pagefind/), its filters,
the marks on a page opened from a result, and the dialog's keyboard use.

One browser page serves the whole table (the index's chunks load once).
"""

from __future__ import annotations

import re

import pytest
import yaml

from benchmarks.search_latency import SearchBox, load_queries
from build_tools.core.locale import t
from build_tools.publish.search_index import KINDS
from build_tools.read.texts import Paths, load_texts
from conftest import ROOT

pytestmark = pytest.mark.browser

QUERIES = load_queries()
TEXTS = load_texts(Paths(ROOT))


@pytest.fixture(scope="module")
def search_box(browser, served_site):
    context = browser.new_context(locale="kk-KZ")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    box = SearchBox(page, served_site)
    box.errors = errors
    yield box
    context.close()


_cache: dict[str, object] = {}


def run(box: SearchBox, query: str, fresh: bool = False):
    """The results of `query` (from a cache, unless the page must show them now)."""
    if fresh or query not in _cache:
        _cache[query] = box.search(query)
    return _cache[query]


def matches(expected: str, page: str) -> bool:
    return page.startswith(expected[:-1]) if expected.endswith("*") else page == expected


def engine(box: SearchBox, script: str, arg=None):
    """Run `script`, an async function of (Pagefind's API, `arg`, the Russian stemmer), in the
    page, on the search script's own Pagefind (window.EditionSearch.load)."""
    return box.page.evaluate(
        """async ([body, arg]) => {
          const e = await window.EditionSearch.load();
          return await (new Function("pf", "arg", "stemmer", "return (" + body + ")(pf, arg, stemmer)"))(e.pagefind, arg, e.stemmer);
        }""",
        [script, arg],
    )


def test_the_table_has_at_least_30_queries_in_three_languages():
    assert len(QUERIES) >= 30
    assert {q["lang"] for q in QUERIES} == {"kk", "ru", "en"}
    assert len({q["query"] for q in QUERIES}) == len(QUERIES)
    for q in QUERIES:
        assert q.get("expect") or q.get("first"), f"{q['query']}: asserts nothing"


@pytest.mark.parametrize("case", QUERIES, ids=[q["query"] for q in QUERIES])
def test_query(search_box, case):
    result = run(search_box, case["query"])
    where = f"{case['query']!r} (sent as {result.rewritten!r}) → {result.all_pages}"
    assert result.all_pages, f"no results: {where}"
    assert result.pages == result.all_pages[: len(result.pages)], "the dialog shows the index's results in order"
    for expected in case.get("expect", []):
        assert any(matches(expected, p) for p in result.all_pages), f"{expected} missing: {where}"
    if "first" in case:
        assert result.pages[0] == case["first"], where
    for form in case.get("marks", []):
        assert form in result.marks, f"{form!r} not highlighted in the results: {result.marks}"
    if "same_as" in case:
        base = run(search_box, case["same_as"])
        assert sorted(result.all_pages) == sorted(base.all_pages), (
            f"{case['query']!r} and {case['same_as']!r} differ: {result.all_pages} vs {base.all_pages}"
        )
    assert not search_box.errors, search_box.errors


def test_an_ending_is_not_searched_as_a_word_of_its_own(search_box):
    # Split at the hyphen and searched as two words, ШЫҰ-ның would also need "ның":
    # every page with any word in -ның.
    result = run(search_box, "ШЫҰ-ның")
    acronym = run(search_box, "ШЫҰ")
    ending = run(search_box, "ның")
    flood = set(acronym.all_pages) | set(ending.all_pages)
    assert result.rewritten == "шыұ"
    assert set(result.all_pages) == set(acronym.all_pages) < flood


def test_the_dialog_says_where_a_query_s_time_went(search_box):
    """state.steps (the benchmark's breakdown): the pause for typing, Pagefind's answer, the shown
    results' fragments and their rendering, one after the other within the time to results; and
    how many results Pagefind found."""
    result = run(search_box, "саясаттың", fresh=True)
    steps = search_box.page.evaluate("() => window.EditionSearch.state.steps")
    assert steps["results"] == len(result.all_pages) > 0
    parts = [steps[k] for k in ("waited", "answered", "fragments", "render")]
    assert all(part >= 0 for part in parts) and steps["answered"] > 0, steps
    assert sum(parts) <= result.latency_ms + 1, (steps, result.latency_ms)
    assert steps["waited"] >= 100, steps  # DEBOUNCE_MS, 120: the query was typed key by key


def test_results_show_the_text_and_section_they_come_from(search_box):
    result = run(search_box, "Тоқаевтың", fresh=True)
    page = search_box.page
    items = page.locator(".edition-search__result")
    assert items.count() >= 1
    # the glossary entry of a person may rank first (its title is the name); take the first text result
    shorts = {m.id: m.short_title for m in TEXTS}
    named = re.compile("^(" + "|".join(map(re.escape, shorts.values())) + ")( · .+)?$")
    first = items.filter(has=page.locator(".edition-search__source", has_text=named)).first
    # the text it comes from, by its short title (texts.yaml), from the index's `text` filter; never its id
    source = first.locator(".edition-search__source").inner_text()
    assert source.split(" · ")[0] == shorts["002"], source
    # the section's heading (a text is indexed by sections, named by their headings and paragraphs)
    assert first.locator(".edition-search__title").inner_text().strip()
    headings = [h.strip() for h in page.locator(".edition-search__title, .edition-search__section-link").all_inner_texts()]
    assert any(re.match(r"^\d+\.\d+ ", h) for h in headings), headings  # dissertation sections "2.1 …"
    headings = [re.sub(r"\s*¶ [\d–]+$", "", h) for h in headings]  # the paragraphs a block spans
    assert all("\\" not in h and "¶" not in h for h in headings), headings  # no stray ¶ of a heading's link
    assert source in result.sources
    assert re.search(r"¶ \d+", first.locator(".edition-search__title").inner_text()), "the paragraphs it spans"
    # an excerpt shows the match marked
    assert first.locator(".edition-search__excerpt mark").count() >= 1


def test_the_term_is_highlighted_on_the_page_opened_from_a_result(search_box, served_site):
    run(search_box, "саясаттың", fresh=True)
    page = search_box.page
    link = page.locator(".edition-search__link").first
    href = link.get_attribute("href")
    assert "h=" in href, href  # the search keys go with the link
    link.click()
    page.wait_for_load_state()
    marks = page.locator("article mark[data-search-highlight]")
    marks.first.wait_for(timeout=10_000)
    texts = {t.lower() for t in marks.all_inner_texts()}
    assert texts and all(t.startswith("саясат") for t in texts), texts
    # not in what the index leaves out (the notes on changes, the citation box)
    assert page.locator("[data-pagefind-ignore] mark[data-search-highlight]").count() == 0
    page.goto(served_site)  # back to a page with the search box for the next tests
    page.wait_for_function("() => window.EditionSearch && window.EditionSearch.state")


def test_a_page_marks_the_words_the_index_found_by_the_key(search_box, served_site):
    """The key белгіл (of белгілі, known) finds the words filed under a key it begins: белгілі,
    белгіленбейді; not белгілер, белгілері (signs), which begin with its letters but are filed
    under белгі. The page marks the same words."""
    page = search_box.page
    page.goto(served_site + "texts/002/1-tarau/?h=белгіл")
    marks = page.locator("article mark[data-search-highlight]")
    marks.first.wait_for(timeout=10_000)
    texts = {t.lower() for t in marks.all_inner_texts()}
    assert "белгілі" in texts, texts
    text = page.locator("article").inner_text().lower()
    assert "белгілері" in text and not {"белгілер", "белгілері"} & texts, texts
    page.goto(served_site)  # back to a page with the search box for the next tests
    page.wait_for_function("() => window.EditionSearch && window.EditionSearch.state")


def test_results_show_text_not_table_headings_or_timeline_digits(search_box):
    """Excerpts show the words of a page, not its furniture: a table's column headings, the
    labels of a glossary entry's names, the years under the chronology's axis."""
    headings = [t(f"glossary.columns.{c}") for c in ("name", "acronym", "variants")]
    ids = "|".join(re.escape(m.id) for m in TEXTS)
    for query in ("ШЫҰ", "1991", "Назарбаев"):
        run(search_box, query, fresh=True)
        shown = " ".join(search_box.page.locator(".edition-search__results").inner_text().split())
        assert " ".join(headings) not in shown, (query, shown[:300])
        assert not re.search(r"1995\s*2000\s*2005", shown), (query, shown[:300])
        assert not re.search(rf"(?<![\w.,/])({ids})(?![\w/])", shown), (query, shown[:300])  # texts by name


def test_a_note_of_the_commentary_is_a_result_of_its_own(search_box):
    """Each note is indexed at its anchor (kind commentary), named by its number and its text."""
    result = run(search_box, "Бейбітшілік жолындағы әріптестік", fresh=True)
    notes = [p for p in result.all_pages if "#cm-" in p] or [
        s for s in search_box.page.locator(".edition-search__link").evaluate_all("as => as.map(a => a.href)") if "#cm-" in s
    ]
    assert notes, result.all_pages
    label = t("search.kinds.commentary")
    assert any(s.endswith(" · " + label) for s in result.sources), result.sources


# --------------------------------------------------------------------------- the index


def test_there_is_one_index_and_it_is_pagefind_s(built_site):
    assert not (built_site / "search").exists()  # no second index (Material's search_index.json)
    entry = (built_site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8")
    assert '"languages":{"kk"' in entry.replace(" ", "")  # one index for every page (force_language)
    assert list((built_site / "pagefind" / "index").glob("*.pf_index"))
    for page in ("index.html", "texts/003/index.html", "glossary/sco/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        assert "data-pagefind-body" in html, page
        assert "search_index.json" not in html, page


def test_filters_exist_for_every_text_language_and_kind(search_box):
    filters = engine(search_box, "async (pf) => await pf.filters()")
    assert set(filters["text"]) == {m.short_title for m in TEXTS}
    assert set(filters["language"]) >= {m.language for m in TEXTS}
    assert set(filters["kind"]) == set(KINDS)


def test_filters_narrow_the_results(search_box):
    page = search_box.page
    search_box.open()
    page.locator(".edition-search__filters summary").click()
    russian = next(m for m in TEXTS if m.language == "ru")
    text_select = page.locator("select[data-filter='text']")
    page.wait_for_function("() => document.querySelector(\"select[data-filter='text']\").options.length > 1")
    labels = text_select.locator("option").all_inner_texts()
    assert set(labels[1:]) == {m.short_title for m in TEXTS}, labels
    kinds = page.locator("select[data-filter='kind'] option").all_inner_texts()
    assert kinds[1:] == [t(f"search.kinds.{k}") for k in KINDS], kinds
    try:
        page.locator("select[data-filter='kind']").select_option("glossary")
        result = search_box.search("ШЫҰ")
        assert result.all_pages and all(p.startswith("glossary/") for p in result.all_pages), result.all_pages
        page.locator("select[data-filter='kind']").select_option("")
        text_select.select_option(russian.short_title)
        result = search_box.search("безопасности")
        assert result.all_pages and all(p.startswith(russian.url_dir + "/") for p in result.all_pages), result.all_pages
    finally:
        text_select.select_option("")
        page.locator("select[data-filter='kind']").select_option("")
        page.locator(".edition-search__filters summary").click()
    _cache.clear()


def test_every_form_of_the_word_table_is_found_on_its_page_by_its_key(search_box, built_site):
    """The index keeps word forms as written and the query's search key must be a prefix of
    every form: each form of source_texts/search/kazakh_word_forms.yaml that a text page holds
    is found there by the key the search makes of that form, and by the key of its group's stem."""
    table = yaml.safe_load((ROOT / "source_texts" / "search" / "kazakh_word_forms.yaml").read_text(encoding="utf-8"))
    pages = {}
    for path in (built_site / "texts").rglob("index.html"):
        pages[path.parent.relative_to(built_site).as_posix() + "/"] = indexed_text(path).lower()
    checks = []
    for group in table["groups"]:
        for form in group["forms"]:
            where = [p for p, body in pages.items() if re.search(rf"(?<![\w-]){re.escape(form.lower())}(?!\w)", body)]
            if where:
                checks.append((form, group["stem"], where[0]))
    assert len(checks) >= 50, checks
    found = engine(
        search_box,
        """async (pf, checks, stemmer) => {
          const out = [];
          for (const [form, stem, page] of checks) {
            for (const word of [form, stem]) {
              const key = window.EditionSearch.rewriteQuery(word, stemmer);
              const res = await pf.search(key);
              const urls = await Promise.all(res.results.map(r => r.data().then(d => d.url)));
              out.push([word, key, page, urls.some(u => u.split('#')[0].endsWith('/' + page))]);
            }
          }
          return out;
        }""",
        checks,
    )
    missing = [(word, key, page) for word, key, page, ok in found if not ok]
    assert not missing, missing


def test_words_at_the_edges_of_chunks_find_every_page_they_are_filed_on(search_box, built_site):
    """Pagefind's own search in chromium, not a model of it (tests/pagefind_index.py reads
    Pagefind's source for which chunks a query loads): the words on both sides of every edge
    between two chunks of the index, and what they have in common, as queries, find exactly the
    pages the index files every word they begin on: every indexed word of SHARED letters or
    more, which is what the chunk rule promises (a prefix that is no indexed word, бан of банк
    and бань, is not covered: README, "How the index is made")."""
    import os

    from build_tools.publish.index_files import SHARED
    from pagefind_index import index_contents

    contents = index_contents(built_site / "pagefind")["kk"]
    words, held = contents["words"], contents["chunk_words"]
    terms = set()
    for before, after in zip(held, held[1:]):
        last, first = before[-1], after[0]
        common = os.path.commonprefix([last, first])
        terms.update(t for t in (last, first, common) if len(t) >= SHARED and t in words)
    assert len(terms) >= len(held) - 1, terms

    def expected(term: str) -> int:
        pages = set()
        for word, (found, variants) in words.items():
            if word.startswith(term):
                pages.update(found)
                for more in variants.values():
                    pages.update(more)
        return len(pages)

    terms = sorted(terms)
    counts = engine(
        search_box,
        """async (pf, terms) => {
          const out = [];
          for (const term of terms) out.push((await pf.search(term)).results.length);
          return out;
        }""",
        terms,
    )
    wrong = [(term, expected(term), got) for term, got in zip(terms, counts) if got != expected(term)]
    assert not wrong, wrong


def indexed_text(path) -> str:
    """The words of a built page that the index holds: its data-pagefind-body, without what
    is marked data-pagefind-ignore, the commentary (indexed note by note), the ¶ links, and
    the elements Pagefind never indexes (nav: a text's list of divisions; label, form, svg …)."""
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(path.read_text(encoding="utf-8"))
    body = tree.xpath("//*[@data-pagefind-body]")[0]
    never = " | ".join(f".//{tag}" for tag in ("nav", "label", "form", "svg", "footer", "script", "style", "noscript"))
    for node in body.xpath(".//*[@data-pagefind-ignore] | .//*[contains(@class, 'cm-notes')] | .//*[contains(@class, 'headerlink')] | " + never):
        node.drop_tree()
    return " ".join(body.text_content().split())


def test_the_index_leaves_out_headings_of_tables_and_the_axis(search_box):
    """What Pagefind keeps of a page (its fragment) has no table headings, years of the axis,
    ¶ signs of the headings; a glossary entry's own acronyms are its `acronyms` field, nobody else's."""
    headings = " ".join(t(f"glossary.columns.{c}") for c in ("name", "acronym", "variants"))
    data = engine(
        search_box,
        """async (pf) => {
          const out = [];
          for (const q of ["шыұ", "1991", "корпус"]) {
            const res = await pf.search(q);
            for (const r of res.results) {
              const d = await r.data();
              out.push({url: d.url, content: d.content, meta: d.meta});
            }
          }
          return out;
        }""",
    )
    assert data
    for page in data:
        assert headings not in page["content"], page["url"]
        assert not re.search(r"1995\s*2000\s*2005", page["content"]), page["url"]
        assert "¶" not in page["meta"].get("title", ""), page["url"]
    corpus = [p["content"] for p in data if p["url"].endswith("/glossary/corpus/")]
    assert corpus and not re.search(r"\)\s*\d+\s+\d+", corpus[0]), corpus[0][:300]
    acronyms = {p["url"].split("/kz-edition/")[-1]: p["meta"].get("acronyms") for p in data}
    assert acronyms["glossary/sco/"] == "ШЫҰ ШОС SCO"
    assert "ШЫҰ" not in (acronyms.get("glossary/sco-rats/") or "")
    assert not [u for u, a in acronyms.items() if a and not u.startswith("glossary/")]


# --------------------------------------------------------------------------- the dialog


def test_the_dialog_is_used_with_the_keyboard(browser, served_site):
    context = browser.new_context(locale="kk-KZ")
    page = context.new_page()
    try:
        page.goto(served_site + "texts/003/")
        page.locator("body").press("/")  # the shortcut opens the dialog, the box takes the focus
        page.locator(".edition-search__dialog[open]").wait_for()
        assert page.evaluate("document.activeElement.classList.contains('edition-search__input')")
        assert not page.evaluate("document.getElementById('__search').checked")  # the theme's search is not opened
        page.keyboard.type("SCO")
        page.wait_for_function(DONE_JS, arg="SCO", timeout=30_000)
        page.keyboard.press("ArrowDown")  # down to the first result
        assert page.evaluate("document.activeElement.classList.contains('edition-search__link')")
        page.keyboard.press("ArrowUp")  # and back to the box
        assert page.evaluate("document.activeElement.classList.contains('edition-search__input')")
        page.keyboard.press("Escape")  # closes, and the focus returns to the header's button
        page.locator(".edition-search__dialog[open]").wait_for(state="detached")
        assert page.evaluate("document.activeElement.classList.contains('edition-search__open')")
        page.locator(".edition-search__open").press("Enter")  # the button opens it again
        page.locator(".edition-search__dialog[open]").wait_for()
        page.keyboard.press("Enter")  # Enter in the box opens the first result
        page.wait_for_url(re.compile(r".*/glossary/sco/\?h=sco.*"))
    finally:
        context.close()


DONE_JS = """(q) => { const s = window.EditionSearch.state; return s.typed === q && s.completed === s.started; }"""
