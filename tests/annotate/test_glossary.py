"""The glossary: validation, matching, collation, entry pages and cross-references."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import textwrap
import threading
from collections import Counter
from pathlib import Path

import pytest
import yaml

from build_tools.annotate import glossary as glossary_mod
from build_tools.annotate.glossary import (
    Entry,
    Glossary,
    load_glossary,
    load_term_exceptions,
)
from build_tools.annotate.spans import annotate, unlinked_ranges
from build_tools.core.errors import EditionError, EditionErrors
from build_tools.core.kazakh import ALPHABET, first_letter, sort_key, sorted_kk
from build_tools.core.language import language

# --------------------------------------------------------------------------- helpers

GOOD = """\
entries:
  - id: sco
    kind: organisation
    name: {kk: Шанхай ынтымақтастық ұйымы, ru: Шанхайская организация сотрудничества, en: Shanghai Cooperation Organisation}
    acronym: {kk: ШЫҰ, ru: ШОС, en: SCO}
    description: {kk: Ұйым., en: Organisation.}
"""


def write(tmp_path, name: str, text: str):
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(textwrap.dedent(text), encoding="utf-8")
    return tmp_path / name


def errors_of(directory) -> list[EditionError]:
    with pytest.raises(EditionError) as info:
        load_glossary(directory)
    exc = info.value
    return exc.errors if isinstance(exc, EditionErrors) else [exc]


def entry(entry_id: str, kk: str, ru: str = "", en: str = "", acronym=None, variants=None, kind="organisation") -> Entry:
    name = {"kk": kk}
    if ru:
        name["ru"] = ru
    if en:
        name["en"] = en
    return Entry(
        id=entry_id,
        kind=kind,
        name=name,
        acronym={k: [v] for k, v in (acronym or {}).items()},
        variants=variants or {},
        description={"kk": "-", "en": "-"},
    )


@pytest.fixture(scope="module")
def small():
    return Glossary(
        [
            entry("sco", "Шанхай ынтымақтастық ұйымы", "Шанхайская организация сотрудничества",
                  "Shanghai Cooperation Organisation", {"kk": "ШЫҰ", "ru": "ШОС", "en": "SCO"}),
            entry("un", "Біріккен Ұлттар Ұйымы", "Организация Объединённых Наций", "United Nations",
                  {"kk": "БҰҰ", "ru": "ООН", "en": "UN"}),
            entry("eaeu", "Еуразиялық экономикалық одақ", "Евразийский экономический союз", "", {"kk": "ЕАЭО", "ru": "ЕАЭС"}),
            entry("csto", "Ұжымдық қауіпсіздік туралы шарт ұйымы", "", "", {"kk": "ҰҚШҰ", "ru": "ОДКБ"}),
            entry("cst", "Ұжымдық қауіпсіздік туралы шарт", kind="treaty"),
            entry("eu", "Еуропалық Одақ", "Европейский союз", "", {"kk": "ЕО", "ru": "ЕС"}),
            entry("usa", "Америка Құрама Штаттары", acronym={"kk": "АҚШ"}, kind="state"),
            entry("caspian", "Каспий теңізі", variants={"kk": ["Каспий"]}, kind="place"),
            entry("nazarbayev", "Нұрсұлтан Назарбаев", variants={"kk": ["Назарбаев"]}, kind="person"),
        ]
    )


def found(g: Glossary, text: str) -> list[tuple[str, str]]:
    return [(text[s:e], eid) for s, e, eid in g.find(text)]


# --------------------------------------------------------------------------- validation


def test_the_good_file_loads(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    g = load_glossary(tmp_path)
    assert list(g.entries) == ["sco"]


def test_duplicate_ids_are_refused_with_both_places(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(tmp_path, "b.yaml", GOOD.replace("ШЫҰ, ru: ШОС, en: SCO", "ЖЖЖ").replace("Шанхай", "Басқа").replace("Шанхайская", "Другая").replace("Shanghai", "Other"))
    errs = errors_of(tmp_path)
    assert len(errs) == 1
    assert "duplicate entry id 'sco'" in errs[0].message
    assert errs[0].path.name == "b.yaml" and errs[0].line == 2
    assert "a.yaml:2" in errs[0].message


def test_duplicate_yaml_keys_are_refused(tmp_path):
    write(tmp_path, "a.yaml", GOOD + "    kind: treaty\n")
    errs = errors_of(tmp_path)
    assert len(errs) == 1
    assert errs[0].path.name == "a.yaml" and errs[0].line == 7
    assert "duplicate key 'kind'" in errs[0].message and "first given on line 3" in errs[0].message


def test_the_same_form_claimed_by_two_entries(tmp_path):
    write(tmp_path, "a.yaml", GOOD)
    write(
        tmp_path,
        "b.yaml",
        """\
        entries:
          - id: other
            kind: organisation
            name: {kk: Басқа ұйым}
            acronym: {ru: ШОС}
            description: {kk: Ұйым., en: Organisation.}
        """,
    )
    errs = errors_of(tmp_path)
    assert len(errs) == 1
    assert errs[0].path.name == "b.yaml" and errs[0].line == 2
    assert "form 'ШОС' is already claimed by entry 'sco'" in errs[0].message


def test_forms_that_match_the_same_words_count_as_the_same_form(tmp_path):
    """«шанхай ынтымақтастық ұйымы» differs only in case: it would match the same words."""
    write(tmp_path, "a.yaml", GOOD)
    write(
        tmp_path,
        "b.yaml",
        """\
        entries:
          - id: other
            kind: organisation
            name: {kk: шанхай ынтымақтастық ұйымы}
            description: {kk: Ұйым., en: Organisation.}
        """,
    )
    errs = errors_of(tmp_path)
    assert len(errs) == 1 and "already claimed by entry 'sco'" in errs[0].message
    assert "matches the same words" in errs[0].message


def test_missing_required_fields(tmp_path):
    write(
        tmp_path,
        "a.yaml",
        """\
        entries:
          - id: x
            name: {kk: Бір нәрсе}
        """,
    )
    errs = errors_of(tmp_path)
    messages = sorted(e.message for e in errs)
    assert messages == ["entry 'x': missing required field `description`", "entry 'x': missing required field `kind`"]
    assert all(e.line == 2 and e.hint for e in errs)


def test_description_needs_kazakh_and_english(tmp_path):
    write(tmp_path, "a.yaml", GOOD.replace("description: {kk: Ұйым., en: Organisation.}", "description: {kk: Ұйым.}"))
    errs = errors_of(tmp_path)
    assert [e.message for e in errs] == ["entry 'sco': `description` needs `en:`"]
    assert errs[0].line == 6


def test_unknown_fields_name_their_line(tmp_path):
    write(tmp_path, "a.yaml", GOOD + "    acronyms: {kk: ШЫҰ}\n")
    errs = errors_of(tmp_path)
    assert len(errs) == 1
    assert errs[0].message == "entry 'sco': unknown field `acronyms`"
    assert errs[0].line == 7 and "known fields" in errs[0].hint


def test_unknown_kind_language_and_reserved_id(tmp_path):
    text = GOOD.replace("kind: organisation", "kind: club").replace("en: SCO", "de: SZO").replace("id: sco", "id: persons")
    write(tmp_path, "a.yaml", text)
    messages = " | ".join(e.message for e in errors_of(tmp_path))
    assert "unknown kind 'club'" in messages
    assert "unknown language `de` in `acronym`" in messages
    assert "the id 'persons' is reserved" in messages


def test_not_terms_are_validated(tmp_path):
    write(
        tmp_path,
        "n.yaml",
        """\
        not_terms:
          - {form: ХХІ, reason: Roman numeral}
          - {form: ХХІ, reason: again}
          - {form: ЖОО, why: common noun}
        """,
    )
    messages = [e.message for e in errors_of(tmp_path)]
    assert any("'ХХІ' is listed twice" in m for m in messages)
    assert "not_terms: unknown field `why`" in messages
    assert "not_terms: missing required field `reason`" in messages


def test_all_problems_of_all_files_are_reported_together(tmp_path):
    write(tmp_path, "a.yaml", GOOD + "    acronyms: {}\n")
    write(tmp_path, "b.yaml", "entries:\n  - id: y\n")
    errs = errors_of(tmp_path)
    assert {e.path.name for e in errs} == {"a.yaml", "b.yaml"}


def test_the_real_glossary_is_valid_and_covers_every_kind(root):
    g = load_glossary(root / "source_texts" / "glossary")
    kinds = Counter(e.kind for e in g.entries.values())
    for kind in ("organisation", "treaty", "programme", "person", "place", "concept", "state"):
        assert kinds[kind] >= 1, kind
    assert all(e.description.get("kk") and e.description.get("en") for e in g.entries.values())


# --------------------------------------------------------------------------- matching


@pytest.mark.parametrize(
    "text, surface, entry_id",
    [
        ("ШЫҰ-ның саммиті", "ШЫҰ-ның", "sco"),
        ("ЕАЭО-ға кірді", "ЕАЭО-ға", "eaeu"),
        ("ҰҚШҰ-дан шықты", "ҰҚШҰ-дан", "csto"),
        ("ЕОдан көмек", "ЕОдан", "eu"),
        ("Шанхай ынтымақтастық ұйымының мүшесі", "Шанхай ынтымақтастық ұйымының", "sco"),
        ("Шанхай ынтымақтастық ұйымына кірді", "Шанхай ынтымақтастық ұйымына", "sco"),
        ("Шанхай Ынтымақтастық Ұйымы", "Шанхай Ынтымақтастық Ұйымы", "sco"),
        ("Еуразиялық экономикалық одағының", "Еуразиялық экономикалық одағының", "eaeu"),
        ("Еуразиялық экономикалық одаққа", "Еуразиялық экономикалық одаққа", "eaeu"),
        ("Біріккен Ұлттар Ұйымындағы", "Біріккен Ұлттар Ұйымындағы", "un"),
        ("сессии Организации Объединенных Наций", "Организации Объединенных Наций", "un"),
        ("Шанхайской организации сотрудничества", "Шанхайской организации сотрудничества", "sco"),
        ("в рамках Евразийского экономического союза", "Евразийского экономического союза", "eaeu"),
        ("Назарбаевтың сөзі", "Назарбаевтың", "nazarbayev"),
        ("президент Н. Назарбаева", "Назарбаева", "nazarbayev"),
        ("Қазақстан-АҚШ қатынастары", "АҚШ", "usa"),
        ("Каспий теңізінің", "Каспий теңізінің", "caspian"),
    ],
)
def test_inflected_forms_are_matched(small, text, surface, entry_id):
    assert (surface, entry_id) in found(small, text)


def test_russian_and_kazakh_forms_land_on_the_same_entry(small):
    text = "ШЫҰ, ШОС, SCO, Шанхай ынтымақтастық ұйымы, Шанхайская организация сотрудничества"
    ids = [eid for _, eid in found(small, text)]
    assert ids == ["sco"] * 5


def test_the_longest_form_wins(small):
    assert found(small, "Ұжымдық қауіпсіздік туралы шарт ұйымының") == [("Ұжымдық қауіпсіздік туралы шарт ұйымының", "csto")]
    assert found(small, "Ұжымдық қауіпсіздік туралы шартқа") == [("Ұжымдық қауіпсіздік туралы шартқа", "cst")]


@pytest.mark.parametrize(
    "text",
    [
        "ЕОС",  # a longer capitalised word
        "ШЫҰХ",
        "АШЫҰ",
        "бірШЫҰ",
        "ЕСЛИ",
        "Транс-Каспий",  # the second half of a hyphenated word
        "шанхайлық ынтымақтастық",
        "ООН2",
        "https://example.org/ШЫҰ-ның",  # inside a URL
        "www.sco.org/ООН",
    ],
)
def test_no_match_inside_longer_words_or_urls(small, text):
    assert found(small, text) == []


def test_no_term_inside_a_heading(edition):
    for doc in edition.documents:
        headings = [(b.start, b.end) for div in doc.divisions for b in div.blocks if b.kind == "heading"]
        for span in doc.spans:
            if span.kind == "term":
                assert not any(s <= span.start < e for s, e in headings), (doc.meta.id, doc.text[span.start : span.end])


def test_a_thousand_entry_glossary_builds_one_matcher(monkeypatch):
    """However many entries, the glossary compiles exactly one regular expression."""
    letters = "абвгдежзиклмнопрстуфхцшыіәғқңөұүһ"

    def word(i: int, length: int) -> str:
        chars = []
        for _ in range(length):
            i, r = divmod(i, len(letters))
            chars.append(letters[r])
        return "".join(chars)

    entries = [
        entry(
            f"e{i}",
            f"{word(i, 5).capitalize()} {word(i * 7 + 3, 6)} ұйымы",
            f"Организация {word(i * 11 + 5, 6)}",
            acronym={"kk": "Ж" + word(i, 3).upper()},
        )
        for i in range(1000)
    ]
    compiled = []
    real_compile = re.compile
    here = threading.get_ident()  # the site's walk compiles its own in a thread of the session

    def counting_compile(pattern, flags=0):
        if threading.get_ident() == here:
            compiled.append(pattern)
        return real_compile(pattern, flags)

    monkeypatch.setattr(glossary_mod.re, "compile", counting_compile)
    g = Glossary(entries)
    monkeypatch.undo()
    assert len(compiled) == 1
    assert isinstance(g.regex, re.Pattern)
    target = entries[777]
    kk = target.name["kk"].replace("ұйымы", "ұйымының")
    text = f"Мәтін: {kk}, {target.acronyms()[0]}-ның және {target.name['ru']}и."
    assert [eid for _, eid in found(g, text)] == ["e777", "e777", "e777"]


# The table of Kazakh word forms the search stemmer is tested against
# (tests/publish/test_search_stemmer.py) tests the glossary matcher too: both
# take their letters from build_tools/data/language.yaml.
WORD_FORMS = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "source_texts" / "search" / "kazakh_word_forms.yaml").read_text(encoding="utf-8")
)


@pytest.mark.parametrize("group", WORD_FORMS["groups"], ids=lambda group: group["stem"])
def test_a_kazakh_name_matches_every_form_of_its_word_form_group(group):
    base = group["forms"][0]
    glossary = Glossary([entry("word", base, kind="concept")])
    missed = [form for form in group["forms"] if [(s, e) for s, e, _ in glossary.matches(form)] != [(0, len(form))]]
    assert not missed, f"{base}: {missed}"


VOICED = {voiced: voiceless for voiceless, voiced in language().voicing.items()}


@pytest.mark.parametrize(
    "group", [g for g in WORD_FORMS["groups"] if g["stem"][-1] in VOICED], ids=lambda group: group["stem"]
)
def test_a_kazakh_name_matches_the_forms_with_its_voiced_final_consonant(group):
    base = group["stem"][:-1] + VOICED[group["stem"][-1]]  # ынтымақтастығ- is a form of ынтымақтастық
    glossary = Glossary([entry("word", base, kind="concept")])
    missed = [form for form in group["forms"] if [(s, e) for s, e, _ in glossary.matches(form)] != [(0, len(form))]]
    assert not missed, f"{base}: {missed}"


# --------------------------------------------------------------------------- collation


def test_kazakh_alphabetical_order():
    words = ["Яр", "Ыдыс", "Ішкі", "Үй", "Ұл", "Өзен", "Оңтүстік", "Ңа", "Қала", "Кеден", "Ғалым", "Гүл", "Әлем", "Ата", "Бала", "Һ", "Х", "Ф"]
    expected = ["Ата", "Әлем", "Бала", "Гүл", "Ғалым", "Кеден", "Қала", "Ңа", "Оңтүстік", "Өзен", "Ұл", "Үй", "Ф", "Х", "Һ", "Ыдыс", "Ішкі", "Яр"]
    assert sorted_kk(words) == expected
    assert sorted(words) != expected  # code-point order is wrong for Kazakh


def test_collation_details():
    assert [w for w in sorted_kk(["аралды", "Арал теңізі", "«Астана»", "Азия"])] == ["Азия", "Арал теңізі", "аралды", "«Астана»"]
    assert sort_key("ы") < sort_key("і") < sort_key("ь")
    assert sort_key("е") < sort_key("ё") < sort_key("ж")
    assert sort_key("Я") < sort_key("A")  # Latin after Cyrillic
    assert first_letter("«Астана» халықаралық") == "А"
    assert len(ALPHABET) == 42


# --------------------------------------------------------------------------- pages


def _entry_page(edition, entry_id):
    return next(p for p in edition.pages if p.src_uri == f"glossary/{entry_id}.md")


def matcher_counts(edition) -> dict[str, Counter]:
    """Occurrences counted by running the matcher over every annotatable block."""
    counts: dict[str, Counter] = {}
    g = edition.glossary
    for doc in edition.documents:
        unlinked = unlinked_ranges(doc, g)  # passages the glossary declares `not_linked_in`
        for div in doc.divisions:
            for b in div.blocks:
                if b.kind == "heading":
                    continue
                for s, e, eid in g.find(doc.text[b.start : b.end], doc.meta.language):
                    if any(lo <= b.start + s and b.start + e <= hi for lo, hi in unlinked.get(eid, ())):
                        continue
                    counts.setdefault(eid, Counter())[doc.meta.id] += 1
    return counts


def test_every_entry_page_lists_every_occurrence(edition):
    counts = matcher_counts(edition)
    assert sum(sum(c.values()) for c in counts.values()) > 1500
    for entry_id in edition.glossary.entries:
        page = _entry_page(edition, entry_id).content
        expected = counts.get(entry_id, Counter())
        # every occurrence is one <mark> of one line; the line says which text it is from
        rows = re.findall(r'<tr class="kwic-line" data-text="([^"]+)" lang="\w+">(.*?)</tr>', page)
        marks = Counter()
        for text_id, row in rows:
            marks[text_id] += row.count("<mark>")
        assert marks == expected, entry_id
        if expected:
            assert f'data-pagefind-ignore data-count="{sum(expected.values())}"' in page


def test_concordance_lines_link_to_the_paragraph_and_highlight_the_term(edition):
    page = _entry_page(edition, "sco").content
    rows = re.findall(
        r'<tr class="kwic-line" data-text="([^"]+)" lang="\w+"><td class="kwic-where" lang="kk">'
        r'<a href="([^"]+)" title="([^"]+)">¶&nbsp;(\d+)</a>.*?<mark>([^<]+)</mark>',
        page,
    )
    assert rows
    sigla = {d.meta.id: d.meta.siglum for d in edition.documents}
    for text_id, href, title, number, term in rows:
        assert href.startswith(f"../../texts/{text_id}/") and href.endswith(f"#p{number}")
        assert title == f"{sigla[text_id]} ¶ {number}"  # the reader's name of the place, never the id
    terms = {t for *_, t in rows}
    assert "ШЫҰ" in terms and any(t.startswith("Шанхай ынтымақтастық") for t in terms)


def test_entry_page_has_names_description_and_chart(edition):
    page = _entry_page(edition, "csto").content
    for text in ("Ұжымдық қауіпсіздік туралы шарт ұйымы", "Организация Договора о коллективной безопасности",
                 "Collective Security Treaty Organisation", "ҰҚШҰ", "ОДКБ", "CSTO", "<table class=\"term-chart\""):
        assert text in page
    # The chart has one bar per text, the longest for the text that uses the term most,
    # each row named by the text's siglum and short title.
    chart = page[page.index('<table class="term-chart"') :].split("</table>")[0]
    bars = re.findall(r'<rect width="([\d.]+)"', chart)
    assert len(bars) == len(edition.documents) and max(map(float, bars)) == 100
    for doc in edition.documents:
        assert f">{doc.meta.siglum}</span> <span" in chart and doc.meta.short_title in chart


def test_russian_and_kazakh_texts_share_entries(edition):
    """The Russian text's ОДКБ and the dissertation's ҰҚШҰ are one entry, counted on one page."""
    counts = matcher_counts(edition)
    for entry_id in ("csto", "cica", "un", "cis", "usa", "china"):
        assert counts[entry_id]["003"] >= 1 and counts[entry_id]["002"] >= 1, entry_id


def test_index_is_in_kazakh_order_and_lists_foreign_forms(edition):
    page = next(p for p in edition.pages if p.src_uri == "glossary/index.md").content
    main = page.split("## Орысша және ағылшынша атаулар")[0]
    # persons by surname ("Назарбаев, Нұрсұлтан"), as on the persons page
    names = [edition.glossary.entries[eid].index_label() for eid in re.findall(r'<li class="gl-item" data-kind="\w+"><a href="([\w-]+)/">', main)]
    assert len(names) == len(edition.glossary.entries)
    assert names == sorted_kk(names)
    assert ">Назарбаев, Нұрсұлтан</a>" in main and ">Нұрсұлтан Назарбаев</a>" not in main
    for form in ("ШОС", "Shanghai Cooperation Organisation", "ОДКБ", "CSTO", "Организация Объединённых Наций"):
        assert f">{form}</a>" in page


def test_persons_places_and_corpus_pages(edition):
    by_src = {p.src_uri: p.content for p in edition.pages}
    assert "Назарбаев, Нұрсұлтан" in by_src["glossary/persons.md"]
    assert "Байқоңыр" in by_src["glossary/places.md"]
    corpus = by_src["glossary/corpus.md"]
    assert "Шанхай ынтымақтастық ұйымы (ШЫҰ)" in corpus and "<table class=\"corpus-table\">" in corpus
    nav = edition.nav()
    glossary_nav = next(item["Глоссарий"] for item in nav if "Глоссарий" in item)
    assert "glossary/index.md" in glossary_nav and {"Корпусқа шолу": "glossary/corpus.md"} in glossary_nav


def test_text_pages_list_their_terms_and_the_other_texts(edition):
    page = next(p for p in edition.pages if p.src_uri == "texts/003/index.md").content
    section = page.split('<section class="text-terms"')[1]
    # ОДКБ in the Russian text: the entry, and the dissertation as another text discussing it.
    row = next(r for r in section.split("<tr>") if "glossary/csto/" in r)
    assert 'href="../002/"' in row


def test_a_term_is_never_expanded_in_the_text_and_its_tooltip_explains_it(edition, small):
    """Abbreviations stay as the author wrote them: the tooltip (screen) and the PDFs' list of
    abbreviations (print) explain them, never words inserted into the author's sentence."""
    from build_tools.annotate.spans import term_spans
    from build_tools.render.base import RenderContext
    from build_tools.render.inline import render_inline

    for page in edition.pages:
        assert "term-expansion" not in page.content, page.src_uri
    page = next(p for p in edition.pages if p.src_uri == "texts/000/index.md").content
    link = re.search(r'<a class="term" data-term="un" href="([^"]+)" title="([^"]+)">БҰҰ</a>', page)
    assert link and link.group(1) == "../../glossary/un/"
    assert "Біріккен Ұлттар Ұйымы" in link.group(2) and "Организация Объединённых Наций" in link.group(2)
    text = "ШЫҰ мен ШЫҰ"
    html = render_inline(text, 0, len(text), term_spans(text, small, "kk"), RenderContext("texts/x/index.md", small, "kk", text=text))
    assert html.count('class="term"') == 2 and re.sub(r"<[^>]+>", "", html) == text  # nothing inserted


# --------------------------------------------------------------------------- coverage


def test_check_reports_uncovered_acronyms(root, tmp_path):
    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    path = tmp_path / "source_texts" / "glossary" / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("acronym: {kk: ХВҚ, ru: МВФ, en: IMF}", "acronym: {ru: МВФ, en: IMF}"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(tmp_path), "check"],
        cwd=root, capture_output=True, text=True, encoding="utf-8",
    )
    # an editorial to-do, not an error: the check passes and lists it; --strict fails on it
    assert result.returncode == 0, result.stderr
    assert re.search(r"000_[0-9a-f]+\.txt:\d+: to-do: capitalised word 'ХВҚ' \(1 time\(s\), text\(s\) 000\)", result.stderr), result.stderr
    assert "not_terms" in result.stderr
    strict = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(tmp_path), "check", "--strict"],
        cwd=root, capture_output=True, text=True, encoding="utf-8",
    )
    assert strict.returncode == 1 and "'ХВҚ'" in strict.stderr


def test_every_capitalised_word_of_the_finished_texts_is_covered(edition, finished):
    assert finished, "no finished text: the test would prove nothing"
    documents = [d for d in edition.documents if d.meta.id in finished]
    assert glossary_mod.uncovered_acronyms(documents, edition.glossary) == {}


# --------------------------------------------------------------------------- properties

from hypothesis import assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

ACRONYMS = st.lists(st.text(alphabet="ШЫҰОСАҚЕ", min_size=2, max_size=4), min_size=1, max_size=12, unique=True)
NAMES = st.lists(
    st.lists(st.text(alphabet="абқұыш", min_size=3, max_size=6), min_size=1, max_size=3).map(" ".join),
    max_size=6,
    unique=True,
)


@settings(max_examples=200, deadline=None)
@given(ACRONYMS, NAMES, st.data())
def test_every_inserted_occurrence_is_found_with_its_entry(acronyms, names, data):
    """Random forms, random endings, random filler: the one matcher finds exactly what was put in."""
    entries = [entry(f"a{i}", f"Атау{i}", acronym={"kk": a}) for i, a in enumerate(acronyms)]
    entries += [entry(f"n{i}", "Ж" + n) for i, n in enumerate(names)]
    # two names that match the same words ("Жшаа" and "Жшааы": a possessive vowel is dropped)
    # are refused by load_glossary; such a glossary is not a valid input here either
    atoms = [glossary_mod.form_atoms(f, mode) for e in entries for f, mode in e.form_specs()]
    assume(len(set(atoms)) == len(atoms))
    g = Glossary(entries)
    forms = [(a, f"a{i}") for i, a in enumerate(acronyms)] + [("Ж" + n, f"n{i}") for i, n in enumerate(names)]
    pieces, expected, pos = [], [], 0
    for _ in range(data.draw(st.integers(1, 8))):
        filler = data.draw(st.text(alphabet="xyz", min_size=1, max_size=5)) + " "
        form, eid = data.draw(st.sampled_from(forms))
        ending = data.draw(st.sampled_from(["", "-ның", "ға", "-дан"])) if eid.startswith("a") else data.draw(st.sampled_from(["", "ның", "ына"]))
        pieces += [filler, form + ending, ", "]
        start = pos + len(filler)
        expected.append((start, start + len(form + ending), eid))
        pos = start + len(form + ending) + 2
    text = "".join(pieces)
    assert list(g.find(text)) == expected


def test_every_occurrence_in_the_texts_is_rendered_as_a_term_mark(edition):
    """Each occurrence is marked (a link where it is the first in its section, see render/terms.py)."""
    spans = sum(1 for d in edition.documents for s in d.spans if s.kind == "term")
    texts = [p.content for p in edition.pages if p.src_uri.startswith("texts/")]
    links = sum(c.count('<a class="term" data-term=') for c in texts)
    quiet = sum(c.count('<span class="term" data-term=') for c in texts)
    assert spans == links + quiet > 2000
    assert 0 < links < quiet


# --------------------------------------------------------------------------- not_linked_in


def test_a_form_naming_something_else_is_not_linked_there(edition):
    """002 also calls the 2003 UN declaration on landlocked countries «Алматы декларациясы»."""
    doc = next(d for d in edition.documents if d.meta.id == "002")
    places = [m.start() for m in re.finditer("Алматы декларация", doc.text)]
    assert len(places) == 2
    for pos in places:
        assert not [s for s in doc.spans if s.kind == "term" and s.data == "almaty-declaration" and s.start <= pos < s.end]
    page = _entry_page(edition, "almaty-declaration").content
    assert "002 ¶" not in page


def test_an_exception_quote_must_occur_once(tmp_path, edition):
    write(tmp_path / "glossary", "orgs.yaml", GOOD)
    write(
        tmp_path,
        "term_exceptions.yaml",
        """\
        exceptions:
          - entry: sco
            text: "001"
            quote: "сөздер мәтінде жоқ"
            reason: a test
        """,
    )
    g = load_glossary(tmp_path / "glossary")
    load_term_exceptions(tmp_path / "term_exceptions.yaml", g)
    doc = next(d for d in edition.documents if d.meta.id == "001")
    with pytest.raises(EditionError) as info:
        annotate(doc, g)
    assert "term_exceptions.yaml:2" in str(info.value) and "occurs 0 times" in str(info.value)


def test_term_exceptions_are_validated(tmp_path):
    write(tmp_path / "glossary", "orgs.yaml", GOOD)
    write(
        tmp_path,
        "term_exceptions.yaml",
        """\
        exceptions:
          - {entry: sco, text: "001"}
          - {entry: nowhere, text: "001", quote: x, reason: y}
        """,
    )
    g = load_glossary(tmp_path / "glossary")
    with pytest.raises(EditionErrors) as info:
        load_term_exceptions(tmp_path / "term_exceptions.yaml", g)
    first, second = info.value.errors
    assert first.line == 2 and "exactly `entry`, `text`, `quote` and `reason`" in first.message
    assert second.line == 3 and "unknown glossary entry 'nowhere'" in second.message


# --------------------------------------------------------------------------- plurals, hyphenated names


@pytest.mark.parametrize(
    "name, text, surface",
    [
        ("Қытай Халық Республикасы", "Қытай Халық Республикалары мен", "Қытай Халық Республикалары"),
        ("Қытай Халық Республикасы", "Қытай Халық Республикаларының", "Қытай Халық Республикаларының"),
        ("Қытай Халық Республикасы", "Қытай Халық Республикасының", "Қытай Халық Республикасының"),
        ("Ресей Федерациясы", "Ресей Федерацияларына", "Ресей Федерацияларына"),
        # a voiced final consonant turns back before the plural (одағ-ы, одақ-тар-ы)
        ("Кеден одағы", "Кеден одақтарының", "Кеден одақтарының"),
        ("Сыртқы істер министрлігі", "сыртқы істер министрліктерінің", "сыртқы істер министрліктерінің"),
        ("Шанхай ынтымақтастық ұйымы", "Шанхай ынтымақтастық ұйымдарының", "Шанхай ынтымақтастық ұйымдарының"),
    ],
)
def test_a_kazakh_plural_on_the_last_word_of_a_name(name, text, surface):
    g = Glossary([entry("x", name)])
    assert found(g, text) == [(surface, "x")]


@pytest.mark.parametrize(
    "name, text",
    [
        ("Қытай Халық Республикасы", "Қытай Халық Республикалық"),  # an adjective, not a plural
        ("Қытай Халық Республикасы", "Қытай Халық Республикада"),  # the name keeps its possessive
        ("Кеден одағы", "Кеден одақшыл"),
    ],
)
def test_the_plural_opens_no_other_ending(name, text):
    assert found(Glossary([entry("x", name)]), text) == []


@pytest.mark.parametrize(
    "text, surface, entry_id",
    [
        ("прошёл в Нур-Султане", "Нур-Султане", "astana"),
        ("столица Нур-Султана", "Нур-Султана", "astana"),
        ("Нур-Султан", "Нур-Султан", "astana"),
        ("в Акмоле", "Акмоле", "astana"),
        ("из Алма-Аты", "Алма-Аты", "almaty"),
        ("в Алма-Ате", "Алма-Ате", "almaty"),
        ("Нұр-Сұлтанда өтті", "Нұр-Сұлтанда", "astana"),
        ("в Центральной Азии", "Центральной Азии", "central-asia"),
        ("страны Средней Азии", "Средней Азии", "central-asia"),
        ("Алма-Атинская декларация", "Алма-Атинская декларация", "almaty-declaration"),
    ],
)
def test_russian_endings_on_hyphenated_and_short_place_names(root, text, surface, entry_id):
    g = load_glossary(root / "source_texts" / "glossary")
    assert found(g, text) == [(surface, entry_id)]


@pytest.mark.parametrize("text", ["Нур-Султановскому", "Транс-Нур-Султан", "нур султан"])
def test_a_hyphenated_name_matches_only_as_a_whole_word(root, text):
    g = load_glossary(root / "source_texts" / "glossary")
    assert [eid for _, eid in found(g, text)] == []


def test_a_hyphenated_name_is_a_name_not_an_acronym():
    assert glossary_mod._mode("Нұр-Сұлтан", "kk") == "kk"
    assert glossary_mod._mode("Нур-Султан", "ru") == "ru"
    assert glossary_mod._mode("ЭКСПО-2017", "kk") == "acronym"
    assert glossary_mod._mode("ЕврАзЭС", "ru") == "acronym"


def test_the_real_texts_link_the_new_place_forms(edition):
    """002's «Нұр-Сұлтанда» and 003's «в Центральной Азии» (a four-letter Russian word: Азия → Азии)."""
    docs = {d.meta.id: d for d in edition.documents}
    for text_id, surface, entry_id in (("002", "Нұр-Сұлтанда", "astana"), ("003", "Центральной Азии", "central-asia")):
        doc = docs[text_id]
        pos = doc.text.index(surface)
        assert any(s.kind == "term" and s.data == entry_id and (s.start, s.end) == (pos, pos + len(surface)) for s in doc.spans)


# --------------------------------------------------------------------------- context

MFA = """\
entries:
  - id: mfa-kazakhstan
    kind: organisation
    name: {kk: Қазақстан Республикасы Сыртқы істер министрлігі, ru: Министерство иностранных дел Республики Казахстан}
    acronym: {kk: СІМ, ru: МИД}
    variants: {kk: [Сыртқы істер министрлігі]}
    context:
      - forms: [Сыртқы істер министрлігі]
        require: {kk: [Қазақстан, еліміз], ru: [Казахстан]}
      - forms: [СІМ, МИД]
        forbid: {kk: [Ресей], ru: [Россия, российский]}
    description: {kk: Министрлік., en: Ministry.}
"""


@pytest.fixture
def mfa(tmp_path):
    write(tmp_path, "organisations.yaml", MFA)
    return load_glossary(tmp_path)


@pytest.mark.parametrize(
    "text",
    [
        "заявление главы российского МИД",
        "МИД России сообщил",
        "по данным МИД Российской Федерации",
        "Ресей СІМ-і мәлімдеді",
        "Ресейдің СІМ басшысы",
    ],
)
def test_a_generic_name_next_to_russia_is_not_linked(mfa, text):
    assert found(mfa, text) == []


@pytest.mark.parametrize(
    "text, surface",
    [
        ("глава МИД Казахстана", "МИД"),
        ("МИД Республики Казахстан", "МИД"),
        ("министр. МИД сообщил", "МИД"),  # no state named: the abbreviation is Kazakhstan's
        ("Қазақстанның Сыртқы істер министрлігі", "Сыртқы істер министрлігі"),
        ("Қазақстанның сыртқы істер министрлігіне", "сыртқы істер министрлігіне"),
        ("еліміздің Сыртқы істер министрлігі", "Сыртқы істер министрлігі"),
        ("Сыртқы істер министрлігі, Қазақстан", "Сыртқы істер министрлігі"),  # after the form too
    ],
)
def test_the_same_generic_name_next_to_kazakhstan_is_linked(mfa, text, surface):
    assert found(mfa, text) == [(surface, "mfa-kazakhstan")]


def test_a_required_word_must_stand_within_the_window(mfa):
    assert found(mfa, "Қазақстан бір екі Сыртқы істер министрлігі") != []  # 3 words before
    assert found(mfa, "Қазақстан бір екі үш Сыртқы істер министрлігі") == []  # 4
    assert found(mfa, "Сыртқы істер министрлігі туралы") == []  # no Kazakhstan at all
    # the plural is matched, and a context rule still applies to it
    assert found(mfa, "Орталық Азия мемлекеттері сыртқы істер министрліктерінің") == []
    # a full name needs no context
    assert found(mfa, "Қазақстан Республикасы Сыртқы істер министрлігі") == [
        ("Қазақстан Республикасы Сыртқы істер министрлігі", "mfa-kazakhstan")
    ]


def test_the_window_counts_words_not_punctuation():
    text = "а – «б», в г МИД д, – е ж з"
    start = text.index("МИД")
    assert glossary_mod.context_window(text, start, start + 3, 2) == ("в г ", " д, – е")
    assert glossary_mod.context_window(text, start, start + 3, 3) == ("«б», в г ", " д, – е ж")


def test_a_rejected_occurrence_leaves_the_words_after_it_to_other_forms(mfa):
    text = "МИД России заявил об этом; вчера МИД Казахстана"
    assert [(text[s:e], s) for s, e, _ in mfa.find(text)] == [("МИД", text.rindex("МИД"))]
    # within the window of the first, the second is not linked either
    assert list(mfa.find("МИД России и МИД Казахстана")) == []


SHARED = """\
entries:
  - id: mfa-kazakhstan
    kind: organisation
    name: {kk: Қазақстан Республикасы Сыртқы істер министрлігі}
    acronym: {ru: МИД}
    context: {forms: МИД, require: {ru: [Казахстан, РК]}}
    description: {kk: Министрлік., en: Ministry.}
  - id: mfa-russia
    kind: organisation
    name: {kk: Ресей Федерациясы Сыртқы істер министрлігі}
    acronym: {ru: МИД}
    context: {forms: МИД, require: {ru: [Россия, российский, РФ]}}
    description: {kk: Министрлік., en: Ministry.}
"""


def test_a_shared_generic_name_links_to_the_entry_whose_context_fits(tmp_path):
    write(tmp_path, "organisations.yaml", SHARED)
    g = load_glossary(tmp_path)
    assert found(g, "глава МИД Казахстана") == [("МИД", "mfa-kazakhstan")]
    assert found(g, "главы российского МИД") == [("МИД", "mfa-russia")]
    assert found(g, "МИД РФ и МИД РК") == [("МИД", "mfa-russia"), ("МИД", "mfa-kazakhstan")]
    assert found(g, "МИД сообщил") == []  # no context fits: no link
    assert g.form_of("МИД", "mfa-russia").entry_id == "mfa-russia"


def test_a_shared_form_needs_a_context_in_every_entry(tmp_path):
    write(tmp_path, "organisations.yaml", SHARED.replace("    context: {forms: МИД, require: {ru: [Россия, российский, РФ]}}\n", ""))
    errs = errors_of(tmp_path)
    assert len(errs) == 1 and "form 'МИД' is already claimed by entry 'mfa-kazakhstan'" in errs[0].message
    assert errs[0].line == 8 and "`context:`" in errs[0].hint


@pytest.mark.parametrize(
    "context, line, message",
    [
        ("    context: [{forms: [МИД], require: {ru: [Казахстан]}, near: 3}]\n", 6, "unknown field `near` in `context`"),
        ("    context:\n      - forms: [МВД]\n        forbid: {ru: [Россия]}\n", 7, "`context.forms` names 'МВД', which is not a form of this entry"),
        ("    context:\n      - forms: [МИД]\n        window: 3\n", 7, "a `context` rule needs `require:` or `forbid:`"),
        ("    context:\n      - require: {ru: [Казахстан]}\n", 7, "a `context` rule needs `forms:`"),
        ("    context:\n      - forms: [МИД]\n        require: {ru: [Казахстан]}\n        window: 0\n", 9,
         "`context.window` must be a whole number of words from 1 to 10"),
        ("    context:\n      - forms: [МИД]\n        require: {de: [Kasachstan]}\n", 8, "unknown language `de` in `require`"),
        ("    context:\n      - forms: [МИД]\n        forbid: Россия\n", 8, "`forbid` must be a mapping of kk/ru/en"),
        ("    context:\n      - forms: [МИД]\n        forbid: {ru: []}\n", 8, "`context.forbid` lists no words"),
        ("    context: МИД\n", 6, "`context` must be a rule or a list of rules"),
        ("    context:\n      - {forms: [МИД], forbid: [Ресей]}\n      - {forms: [МИД], forbid: [Қытай]}\n", 8,
         "'МИД' has two `context` rules (the first on line 7)"),
    ],
)
def test_a_malformed_context_names_file_and_line(tmp_path, context, line, message):
    text = MFA.split("    variants:")[0] + context + "    description: {kk: Министрлік., en: Ministry.}\n"
    write(tmp_path, "organisations.yaml", text)
    errs = errors_of(tmp_path)
    assert len(errs) == 1, [e.message for e in errs]
    assert errs[0].path.name == "organisations.yaml" and errs[0].line == line
    assert message in errs[0].message and errs[0].message.startswith("entry 'mfa-kazakhstan'")
    assert errs[0].hint
    assert f"organisations.yaml:{line}" in str(errs[0])


def test_an_acronym_its_context_leaves_unlinked_is_still_covered(root, tmp_path, edition):
    """`check` does not report a known acronym as uncovered where its context leaves it unlinked."""
    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    path = tmp_path / "source_texts" / "glossary" / "organisations.yaml"
    text = path.read_text(encoding="utf-8")
    acronym = "acronym: {kk: ХВҚ, ru: МВФ, en: IMF}"
    # no word «Жоқсөз» stands by the one ХВҚ of text 000
    path.write_text(text.replace(acronym, acronym + "\n    context: {forms: [ХВҚ], require: [Жоқсөз]}"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(tmp_path), "check"],
        cwd=root, capture_output=True, text=True, encoding="utf-8",
    )
    assert result.returncode == 0, result.stderr
    marked = int(re.search(r"(\d+) occurrences marked", result.stdout).group(1))
    assert marked == sum(1 for d in edition.documents for s in d.spans if s.kind == "term") - 1


def test_the_real_glossary_reads_the_foreign_ministry_in_its_context(root):
    g = load_glossary(root / "source_texts" / "glossary")
    assert found(g, "заявление главы российского МИД") == []
    assert found(g, "глава МИД Казахстана") == [("МИД", "mfa-kazakhstan")]
    assert found(g, "Ресей Сыртқы істер министрлігі") == []
    assert found(g, "Қазақстанның Сыртқы істер министрлігі") == [("Сыртқы істер министрлігі", "mfa-kazakhstan")]


def test_the_real_texts_link_the_foreign_ministry_only_where_it_is_kazakhstans(edition):
    """Text 002 names Kazakhstan's ministry, the Central Asian states' ministries and, in a
    list of kinds of government bodies, any foreign ministry; 000's «СІМ Алқа» is Kazakhstan's."""
    docs = {d.meta.id: d for d in edition.documents}

    def linked(text_id: str, passage: str, surface: str) -> bool:
        doc = docs[text_id]
        pos = doc.text.index(passage) + passage.index(surface)
        return any(s.kind == "term" and s.data == "mfa-kazakhstan" and s.start == pos for s in doc.spans)

    assert linked("002", "Қазақстанның сыртқы істер министрлігі", "сыртқы")
    assert linked("002", "Қазақстан Республикасының Президент Әкімшілігіне, Сыртқы істер министрлігіне", "Сыртқы")
    assert linked("001", "Қазақстанның Сыртқы істер министрлігі", "Сыртқы")
    assert linked("000", "СІМ Алқа мәжілістерінде", "СІМ")
    assert not linked("002", "мемлекеттері сыртқы істер министрліктерінің", "сыртқы")
    assert not linked("002", "премьер-министр кеңсесі, сыртқы істер министрлігі", "сыртқы")
