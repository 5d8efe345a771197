"""The suspects worklist (build_tools/proof/suspects.py): synthetic, in-the-wild and negative cases."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from build_tools.core.errors import EditionError
from build_tools.proof import suspects as S
from build_tools.publish.pipeline import build_documents


@pytest.fixture(scope="module")
def corpus():
    documents, glossary = build_documents()
    acronyms = {a for e in glossary.entries.values() for a in e.acronyms()}
    return documents, acronyms


@pytest.fixture(scope="module")
def glossary_forms():
    _, glossary = build_documents()
    return {f for e in glossary.entries.values() for f in e.forms()}


@pytest.fixture(scope="module")
def accepted():
    from build_tools.read.texts import default_paths

    return S.load_accepted(default_paths().sources / "accepted_forms.yaml")


@pytest.fixture(scope="module")
def found(corpus, accepted, glossary_forms):
    """The worklist as the command gives it: the edition's accepted forms left out."""
    documents, acronyms = corpus
    return S.find_suspects(documents, acronyms, accepted, glossary_forms=glossary_forms)


@pytest.fixture(scope="module")
def reviewed(corpus, glossary_forms):
    """The worklist with the accepted forms back in: what the editor reviewed and accepted."""
    documents, acronyms = corpus
    return S.find_suspects(documents, acronyms, glossary_forms=glossary_forms)


def tokens(found):
    return {s.token for s in found}


@pytest.mark.parametrize(
    "word, glued",
    [("Республикамыз5а", True), ("150млн", True), ("СШҚ-1Шартына", True), ("G20-ға", False), ("1990-жылдары", False), ("Қазақстан-2050", False), ("C5", False)],
)
def test_a_digit_glued_inside_a_word(word, glued):
    assert S._glued_digit(word) is glued


@pytest.mark.parametrize("word, mixed", [("XXғ", True), ("Рeспублика", True), ("UNDP-ға", False), ("EPCA-ның", False), ("саясат", False)])
def test_latin_and_cyrillic_side_by_side(word, mixed):
    assert S._mixed_script(word) is mixed


PLANTED = "Бұл стартегиялық ынтымақгастық мемлекетттік шекара Республикамыз5а қатысты, ЕЫҚҰ мүшесі. Мемлекет аралық келісім."


@pytest.fixture(scope="module")
def planted(corpus):
    """The edition's texts and one more, a Kazakh article carrying typos the sources had (now emended)."""
    from build_tools.clean.engine import clean_text
    from build_tools.core.model import Document, TextMeta

    documents, acronyms = corpus
    meta = TextMeta(id="900", file="900.txt", language="kk", kind="article", title="Т", title_en="T")
    extra = Document(meta=meta, clean=clean_text(PLANTED + "\n", meta))
    return S.find_suspects([*documents, extra], acronyms, ids=["900"])


def test_typos_the_sources_had_are_found_with_a_suggestion(planted):
    by_token = {s.token: s for s in planted}
    for typo, reading in [("стартегиялық", "стратегиялық"), ("ынтымақгастық", "ынтымақтастық"), ("мемлекетттік", "мемлекеттік")]:
        assert typo in by_token, (typo, sorted(by_token))
        assert by_token[typo].suggestion == reading
    assert "digit" in by_token["Республикамыз5а"].evidence
    assert by_token["ЕЫҚҰ"].suggestion == "ЕҚЫҰ"  # a near miss of a glossary acronym
    split = by_token["Мемлекет аралық"]  # two words the corpus writes as one
    assert split.suggestion == "Мемлекетаралық" and split.evidence[0].startswith("split:мемлекетаралық")
    assert {s.file for s in planted} == {"source_texts/900.txt"} and {s.line for s in planted} == {1}


def test_emended_typos_drop_off(found, root):
    """The proofreading pass corrected these with emendations: the edition's text no longer has them."""
    emendations = (root / "source_texts" / "emendations.yaml").read_text(encoding="utf-8")
    for typo in ("стартегиялық", "ынтымақгастық", "мемлекетттік", "Республикамыз5а", "ЕЫҚҰ"):
        assert typo in emendations and typo not in tokens(found)


def test_the_edition_after_the_proofreading_pass(found, reviewed, accepted):
    """In every text the record names as proofread, each suspect was reviewed: emended (it drops
    off) or accepted with a note. Without the accepted forms they are exactly what comes back."""
    from build_tools.read.proofreading import load_proofreading
    from build_tools.read.texts import default_paths

    proofread = set(load_proofreading(default_paths().accepted_yaml).proofread)
    assert proofread, "accepted_forms.yaml names the texts read through"
    left = [s for s in found if s.text in proofread]
    assert left == [], [s.as_line() for s in left]
    reviewed = [s for s in reviewed if s.text in proofread]
    accepted_words = {(text, w) for text, forms in accepted.items() for w in forms}
    assert reviewed, "the accepted forms come back when they are not left out"
    for s in reviewed:
        assert (s.text, s.token.lower()) in accepted_words or ("*", s.token.lower()) in accepted_words, s.as_line()


def test_glossary_variants_are_known_forms(corpus, glossary_forms):
    """«ЕЭО» is one edit from the acronym «ЕАЭО», but the glossary lists it as a variant: not a typo."""
    documents, acronyms = corpus
    variants = {f for f in glossary_forms if f.isupper() and f not in acronyms and len(f) >= 3}
    used = {s.token for s in S.find_suspects(documents, acronyms)} & variants
    assert used, "some glossary variant of the texts is one edit from an acronym"
    assert not {s.token for s in S.find_suspects(documents, acronyms, glossary_forms=glossary_forms)} & used


def test_right_words_are_not_suspects(reviewed, corpus):
    """Frequent words, inflections whose stem the corpus knows in other forms, numbers with endings, names with numbers."""
    documents, _ = corpus
    counts = S.lexicon(documents)
    frequent = {w for w, n in counts.items() if n >= S.FREQUENT}
    assert not {s.token.lower() for s in reviewed} & frequent
    assert not tokens(reviewed) & {"арттыруды", "1990-жылдары", "G20-ға", "UNDP-ға", "тұрақтылықпен", "саясат"}


def test_each_suspect_points_at_its_line_in_the_raw_file(reviewed, root):
    for s in reviewed:
        lines = (root / s.file).read_text(encoding="utf-8").splitlines()
        assert s.line <= len(lines)
        raw_words = S.WORD.findall(lines[s.line - 1])
        # the word stands on that line as the source has it (the cleaning may have changed a look-alike letter)
        assert any(
            len(w) == len(s.token) and sum(a == b for a, b in zip(w, s.token)) >= len(w) / 3 for w in raw_words
        ) or s.token[:4] in lines[s.line - 1], (s.file, s.line, s.token)


def test_ranked_strongest_evidence_first_and_a_dictionary_miss_alone_is_never_enough(reviewed, corpus):
    scores = [s.score for s in reviewed]
    assert scores == sorted(scores, reverse=True)
    assert all(s.evidence != [e for e in s.evidence if e.startswith("dictionary")] for s in reviewed)
    documents, acronyms = corpus
    tail = S.find_suspects(documents, acronyms, ids=[documents[0].meta.id], threshold=0)
    assert any(s.evidence == [e for e in s.evidence if e.startswith("dictionary")] for s in tail), "the weak tail (--all)"


def test_accepted_forms_never_come_back(corpus, tmp_path):
    documents, acronyms = corpus
    path = tmp_path / "accepted_forms.yaml"
    path.write_text("accepted:\n  - {form: стартегиялық, note: only a test}\n  - {form: ЕЫҚҰ, text: '002', note: test}\n", encoding="utf-8")
    accepted = S.load_accepted(path)
    from build_tools.clean.engine import clean_text
    from build_tools.core.model import Document, TextMeta

    meta = TextMeta(id="002", file="x.txt", language="kk", kind="article", title="Т", title_en="T")
    extra = Document(meta=meta, clean=clean_text(PLANTED + "\n", meta))
    left = tokens(S.find_suspects([*documents, extra], acronyms, accepted))
    assert "стартегиялық" not in left and "ЕЫҚҰ" not in left and "ынтымақгастық" in left


@pytest.mark.parametrize("text, words", [("accepted:\n  - {form: x}\n", "note"), ("accepted: {form: x}\n", "a list"), ("accepted:\n  - {note: why}\n", "form")])
def test_a_bad_accepted_forms_file_is_a_clear_error(tmp_path, text, words):
    path = tmp_path / "accepted_forms.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(EditionError) as err:
        S.load_accepted(path)
    assert words in err.value.format()


def test_the_command_prints_lines_and_json_and_refuses_an_unknown_text(root, capsys, corpus):
    from build_tools.cli import main

    def run(*args):
        code = main(["--root", str(root), "suspects", *args])
        return code, *capsys.readouterr()

    code, out, err = run("--all", "--limit", "2")  # the weak tail: dictionary misses too
    assert code == 0 and len(out.splitlines()) == 2 and "source_texts/" in out and "2 of " in err
    longest = max(corpus[0], key=lambda d: len(d.text)).meta.id  # surely has three words in its weak tail
    code, out, _ = run("--json", "--all", "--limit", "3", longest)
    one = json.loads(out)
    assert len(one) == 3 and {d["text"] for d in one} == {longest}
    assert {"file", "line", "token", "suggestion", "evidence", "score"} <= set(one[0])
    from build_tools.read.proofreading import load_proofreading

    proofread = load_proofreading(root / "source_texts" / "accepted_forms.yaml").proofread
    assert json.loads(run("--json", *proofread)[1]) == []  # the default worklist after the proofreading pass
    run = lambda *a: subprocess.run([sys.executable, "-m", "build_tools", "suspects", *a], cwd=root, capture_output=True, text=True)
    bad = run("nope")
    assert bad.returncode != 0 and "nope" in bad.stderr
