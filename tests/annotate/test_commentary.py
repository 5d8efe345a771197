"""Commentary notes and the chronology: loading, validation, anchoring and the content itself."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from build_tools.annotate.commentary import (
    CHRONOLOGY_FILE,
    COMMENTARY_FILE,
    attach_commentary,
    find_quote,
    load_commentary,
    markdown_to_html,
    parse_date,
)
from build_tools.core.errors import EditionError, EditionErrors

TEXT_IDS = ("000", "001", "002", "003", "004")


# --------------------------------------------------------------------------- the real content


def test_every_note_anchor_resolves_to_exactly_one_passage(edition):
    docs = {d.meta.id: d for d in edition.documents}
    assert edition.commentary.notes
    for note in edition.commentary.notes:
        doc = docs[note.text]
        assert len(find_quote(doc.text, note.quote)) == 1, (note.line, note.quote)
        assert note.start <= doc.text.index(note.quote) and doc.text.index(note.quote) + len(note.quote) <= note.end
        spans = [s for s in doc.spans if s.kind == "note" and s.data is note]
        assert len(spans) == 1, note.line
        block = next(b for _, b in doc.paragraphs() if b.number == note.paragraph)
        assert block.start <= note.start < note.end <= block.end


def test_note_spans_never_cut_other_spans(edition):
    for doc in edition.documents:
        notes = [s for s in doc.spans if s.kind == "note"]
        for n in notes:
            for s in doc.spans:
                if s is n or s.kind == "note":
                    continue
                crossing = (s.start < n.start < s.end < n.end) or (n.start < s.start < n.end < s.end)
                enclosing = s.start <= n.start and n.end <= s.end and (s.start, s.end) != (n.start, n.end)
                assert not crossing and not enclosing, (doc.meta.id, n.data.quote, s)


def test_notes_are_numbered_in_text_order(edition):
    for doc in edition.documents:
        numbers = [n.number for n in doc.notes]
        assert numbers == list(range(1, len(numbers) + 1))
        assert [n.start for n in doc.notes] == sorted(n.start for n in doc.notes)


def test_content_minimums(edition):
    notes = edition.commentary.notes
    assert len(notes) >= 30
    assert {n.text for n in notes} == set(TEXT_IDS), "every one of the five texts has notes"
    events = [e for e in edition.commentary.events if 1991 <= e.year <= 2024 and e.end_year <= 2024]
    assert len(events) >= 25
    assert all(n.body_kk.strip() for n in notes)
    assert all(e.title_kk and e.title_en for e in edition.commentary.events)


def test_every_event_is_linked_to_the_passages_that_discuss_it(edition):
    docs = {d.meta.id: d for d in edition.documents}
    notes_by_event: dict[str, list] = {}
    for note in edition.commentary.notes:
        for event_id in note.events:
            notes_by_event.setdefault(event_id, []).append(note)
    for event in edition.commentary.events:
        places = {(p.text, p.paragraph) for p in event.places}
        assert places, f"event {event.id} is linked to no passage"
        for ref in event.passages:
            assert (ref.text, ref.paragraph) in places
        for note in notes_by_event.get(event.id, []):
            assert (note.text, note.paragraph) in places, (event.id, note.line)
        # every paragraph where a treaty/event glossary entry of the event is found
        for entry_id in event.glossary:
            if edition.glossary.entries[entry_id].kind not in {"treaty", "event"}:
                continue
            for doc in docs.values():
                for div, block in doc.paragraphs():
                    if any(
                        s.kind == "term" and s.data == entry_id and block.start <= s.start < block.end
                        for s in doc.spans
                    ):
                        assert (doc.meta.id, block.number) in places, (event.id, doc.meta.id, block.number)


def test_see_also_targets_show_a_back_link(edition):
    docs = {d.meta.id: d for d in edition.documents}
    cited = [(ref, note) for note in edition.commentary.notes for ref in note.see_also]
    assert cited, "the content uses cross-references"
    for ref, note in cited:
        assert note in docs[ref.text].cited_by[ref.paragraph]


def test_chronology_is_in_the_navigation(edition):
    assert {"Хронология": "chronology.md"} in edition.nav()
    assert any(p.src_uri == "chronology.md" for p in edition.pages)


# --------------------------------------------------------------------------- validation


def _attach(tmp_path: Path, edition, notes: str = "notes: []\n", events: str = "events: []\n"):
    """Load YAML written to a temporary folder and check it against (copies of) the real texts."""
    (tmp_path / COMMENTARY_FILE).write_text(textwrap.dedent(notes), encoding="utf-8")
    (tmp_path / CHRONOLOGY_FILE).write_text(textwrap.dedent(events), encoding="utf-8")
    commentary = load_commentary(tmp_path)
    documents = copy.deepcopy(edition.documents)
    for doc in documents:  # start from the texts without the edition's own notes
        doc.spans = [s for s in doc.spans if s.kind != "note"]
        doc.notes, doc.cited_by = [], {}
    attach_commentary(
        commentary, documents, edition.glossary, tmp_path / COMMENTARY_FILE, tmp_path / CHRONOLOGY_FILE
    )
    return commentary, documents


def _one_error(excinfo) -> EditionError:
    exc = excinfo.value
    errors = exc.errors if isinstance(exc, EditionErrors) else [exc]
    assert len(errors) == 1, [e.format() for e in errors]
    return errors[0]


def _quote_of(edition, text_id: str, words: int = 6) -> str:
    """Words from the middle of a paragraph that occur once in the text (found, not hard-coded)."""
    doc = next(d for d in edition.documents if d.meta.id == text_id)
    for _, block in doc.paragraphs():
        parts = doc.text[block.start : block.end].split()
        for i in range(len(parts) - words):
            candidate = " ".join(parts[i : i + words])
            if len(find_quote(doc.text, candidate)) == 1:
                return candidate
    raise AssertionError("no unique quote")


def test_a_valid_note_becomes_a_note_span(tmp_path, edition):
    quote = _quote_of(edition, "001")
    commentary, documents = _attach(
        tmp_path,
        edition,
        f"""\
        notes:
          - text: "001"
            quote: "{quote}"
            note: {{kk: "Түсініктеме *мәтіні*", en: "A note"}}
            glossary: [cica]
            see_also: [{{text: "002", paragraph: 3}}]
        """,
    )
    doc = next(d for d in documents if d.meta.id == "001")
    spans = [s for s in doc.spans if s.kind == "note"]
    assert len(spans) == 1 and quote in doc.text[spans[0].start : spans[0].end]
    note = commentary.notes[0]
    assert note.number == 1 and note.html_kk == "<p>Түсініктеме <em>мәтіні</em></p>"
    assert note.see_also[0].page_src.startswith("texts/002/")


def test_quote_that_matches_nothing_fails_with_file_and_line(tmp_path, edition):
    with pytest.raises(EditionErrors) as excinfo:
        _attach(
            tmp_path,
            edition,
            """\
            notes:
              - text: "000"
                quote: "бұл сөздер мәтінде жоқ ешқашан"
                note: {kk: "..."}
            """,
        )
    error = _one_error(excinfo)
    assert error.path == tmp_path / COMMENTARY_FILE and error.line == 2
    assert "not found" in error.message and error.hint


def test_quote_that_matches_several_places_fails(tmp_path, edition):
    with pytest.raises(EditionErrors) as excinfo:
        _attach(
            tmp_path,
            edition,
            """\
            notes:
              - text: "000"
                quote: "Қазақстан"
                note: {kk: "..."}
            """,
        )
    error = _one_error(excinfo)
    assert error.line == 2 and "times" in error.message and "unique" in error.hint


def test_quote_across_paragraphs_fails(tmp_path, edition):
    doc = next(d for d in edition.documents if d.meta.id == "000")
    (_, first), (_, second) = list(doc.paragraphs())[:2]
    quote = doc.text[first.end - 12 : second.start + 12]
    with pytest.raises(EditionErrors) as excinfo:
        _attach(tmp_path, edition, f'notes:\n  - text: "000"\n    quote: {json.dumps(quote)}\n    note: {{kk: "..."}}\n')
    assert "one numbered paragraph" in _one_error(excinfo).message


def test_unknown_text_id_fails(tmp_path, edition):
    with pytest.raises(EditionErrors) as excinfo:
        _attach(tmp_path, edition, 'notes:\n  - text: "999"\n    quote: "x"\n    note: {kk: "..."}\n')
    error = _one_error(excinfo)
    assert "unknown text id '999'" in error.message and "000" in error.hint


def test_unknown_glossary_id_fails(tmp_path, edition):
    quote = _quote_of(edition, "003")
    with pytest.raises(EditionErrors) as excinfo:
        _attach(
            tmp_path,
            edition,
            f'notes:\n  - text: "003"\n    quote: "{quote}"\n    note: {{kk: "..."}}\n    glossary: [no-such-entry]\n',
        )
    assert "unknown glossary entry 'no-such-entry'" in _one_error(excinfo).message


def test_unknown_glossary_id_in_an_event_fails(tmp_path, edition):
    events = 'events:\n  - id: x\n    date: "2000"\n    title: {kk: a, en: b}\n    glossary: [nope]\n'
    with pytest.raises(EditionErrors) as excinfo:
        _attach(tmp_path, edition, events=events)
    error = _one_error(excinfo)
    assert error.path == tmp_path / CHRONOLOGY_FILE and "unknown glossary entry 'nope'" in error.message


def test_bad_paragraph_reference_fails(tmp_path, edition):
    quote = _quote_of(edition, "004")
    with pytest.raises(EditionErrors) as excinfo:
        _attach(
            tmp_path,
            edition,
            f"""\
            notes:
              - text: "004"
                quote: "{quote}"
                note: {{kk: "..."}}
                see_also:
                  - {{text: "002", paragraph: 99999}}
            """,
        )
    error = _one_error(excinfo)
    assert "no paragraph ¶ 99999" in error.message and error.line == 6


def test_paragraph_reference_must_be_a_number(tmp_path, edition):
    with pytest.raises(EditionErrors) as excinfo:
        _attach(
            tmp_path,
            edition,
            'notes:\n  - text: "004"\n    quote: "x"\n    note: {kk: "..."}\n    see_also: [{text: "002", paragraph: "314"}]\n',
        )
    assert "positive whole number" in _one_error(excinfo).message


def test_unknown_event_in_a_note_fails(tmp_path, edition):
    quote = _quote_of(edition, "000")
    with pytest.raises(EditionErrors) as excinfo:
        _attach(tmp_path, edition, f'notes:\n  - text: "000"\n    quote: "{quote}"\n    note: {{kk: "."}}\n    events: [nope]\n')
    assert "unknown event 'nope'" in _one_error(excinfo).message


@pytest.mark.parametrize("bad", ["1992-13-01", "1992-02-30", "soon", "92", "1992/05/23"])
def test_bad_date_fails(tmp_path, edition, bad):
    events = f'events:\n  - id: x\n    date: "{bad}"\n    title: {{kk: a, en: b}}\n'
    with pytest.raises(EditionErrors) as excinfo:
        _attach(tmp_path, edition, events=events)
    error = _one_error(excinfo)
    assert "bad date" in error.message and error.line == 3 and "YYYY" in error.hint


def test_end_before_date_fails(tmp_path, edition):
    events = 'events:\n  - id: x\n    date: "2010-12-02"\n    end: "2010-12-01"\n    title: {kk: a, en: b}\n'
    with pytest.raises(EditionErrors) as excinfo:
        _attach(tmp_path, edition, events=events)
    assert "is before" in _one_error(excinfo).message


def test_unknown_field_and_missing_field_are_reported_together(tmp_path, edition):
    notes = 'notes:\n  - text: "000"\n    quote: "x"\n    note: {kk: "."}\n    colour: red\n  - text: "000"\n    note: {kk: "."}\n'
    with pytest.raises(EditionErrors) as excinfo:
        _attach(tmp_path, edition, notes)
    messages = [e.message for e in excinfo.value.errors]
    assert any("unknown field `colour`" in m for m in messages)
    assert any("missing required field `quote`" in m for m in messages)
    assert {e.line for e in excinfo.value.errors} == {5, 6}


def test_dates_accept_year_month_and_day():
    assert parse_date("1991") == "1991"
    assert parse_date("1991-12") == "1991-12"
    assert parse_date("1991-12-16") == "1991-12-16"
    import datetime

    assert parse_date(datetime.date(1992, 3, 2)) == "1992-03-02"


def test_markdown_is_rendered_safely():
    html = markdown_to_html('**bold** <script>alert(1)</script> [x](javascript:alert(1)) [y](https://example.org) ![i](a.png "t")')
    assert "<strong>bold</strong>" in html
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://example.org" rel="noopener">y</a>' in html
    assert "<img" not in html
    assert "\n" not in markdown_to_html("one\n\ntwo")


def test_check_command_reports_a_broken_quote(tmp_path, root):
    """`python -m build_tools check` names the file and line of a quote that no longer matches."""
    project = tmp_path / "project"
    (project / "source_texts").mkdir(parents=True)
    for path in (root / "source_texts").iterdir():
        target = project / "source_texts" / path.name
        if path.is_dir():
            target.symlink_to(path, target_is_directory=True)
        elif path.name != COMMENTARY_FILE:
            target.symlink_to(path)
    text = (root / "source_texts" / COMMENTARY_FILE).read_text(encoding="utf-8")
    text += '\n  - text: "001"\n    quote: "бұл сөздер мәтінде жоқ"\n    note: {kk: "..."}\n'
    (project / "source_texts" / COMMENTARY_FILE).write_text(text, encoding="utf-8")
    line = text.count("\n") - 2
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(project), "check"],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert result.returncode == 1
    assert f"{COMMENTARY_FILE}:{line}: note" in result.stderr and "not found" in result.stderr


def test_yaml_errors_in_commentary_are_reported_like_every_other_yaml_file(tmp_path, edition):
    with pytest.raises(EditionError) as excinfo:
        _attach(tmp_path, edition, 'notes:\n  - text: "000"\n    quote: "x"\n    quote: "y"\n    note: {kk: "."}\n')
    assert "duplicate key 'quote'" in excinfo.value.message and excinfo.value.line == 4
    with pytest.raises(EditionError) as excinfo:
        _attach(tmp_path, edition, events='events:\n  - id: x\n    title: {kk: a, en: [b\n')
    assert excinfo.value.message.startswith("YAML error") and excinfo.value.line
    assert excinfo.value.path == tmp_path / CHRONOLOGY_FILE
