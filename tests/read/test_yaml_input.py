"""Hand-typed YAML: syntax and schema errors name file, line (column, entry, field) and the fix."""

import shutil
import subprocess
import sys

import pytest

from build_tools.annotate.glossary import load_glossary
from build_tools.core.errors import EditionError, EditionErrors
from build_tools.publish.pipeline import build_edition
from build_tools.read.texts import Paths, load_texts
from build_tools.read.validate import check_text_ids

TEXTS = """texts:
  - id: "900"
    file: a.txt
    language: kk
    kind: article
    title: Атау
    title_en: Title
    short_title: Атау
    siglum: F
"""

GLOSSARY = """entries:
  - id: sco
    kind: organisation
    name: {kk: Шанхай ынтымақтастық ұйымы, en: Shanghai Cooperation Organisation}
    acronym: {kk: ШЫҰ}
    description: {kk: Аймақтық ұйым., en: A regional organisation.}
"""


def project(tmp_path, texts=TEXTS, glossary=GLOSSARY, extra: dict | None = None) -> Paths:
    src = tmp_path / "source_texts"
    (src / "glossary").mkdir(parents=True)
    (src / "texts.yaml").write_text(texts, encoding="utf-8")
    (src / "glossary" / "organisations.yaml").write_text(glossary, encoding="utf-8")
    (src / "a.txt").write_text("ШЫҰ туралы мәтін.\n", encoding="utf-8")
    for name, content in (extra or {}).items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(content, encoding="utf-8")
    return Paths(tmp_path)


def errors_of(exc: EditionError) -> list[EditionError]:
    return exc.errors if isinstance(exc, EditionErrors) else [exc]


def test_the_small_project_builds(tmp_path):
    edition = build_edition(project(tmp_path))
    assert any(p.src_uri == "glossary/sco.md" for p in edition.pages)


# --------------------------------------------------------------------------- syntax, for each kind of YAML file


SYNTAX_BREAKS = [
    ("kind: article", "kind: [article", "flow sequence"),
    ("title: Атау", 'title: "Атау', "quoted scalar"),
    ("    language: kk", "   language: kk", "mapping"),
]


@pytest.mark.parametrize("old, new, _what", SYNTAX_BREAKS)
def test_texts_yaml_syntax_errors_name_line_and_column(tmp_path, old, new, _what):
    paths = project(tmp_path, texts=TEXTS.replace(old, new))
    with pytest.raises(EditionError) as info:
        load_texts(paths)
    err = info.value
    assert err.path == paths.texts_yaml and "YAML error" in err.message
    assert err.line >= 2 and err.column >= 1
    assert f"texts.yaml:{err.line}:{err.column}: YAML error" in str(err)
    assert "fix the YAML" in err.hint


def test_glossary_syntax_error_names_file_line_and_column(tmp_path):
    paths = project(tmp_path, glossary=GLOSSARY.replace("{kk: ШЫҰ}", "{kk: ШЫҰ"))
    with pytest.raises(EditionError) as info:
        load_glossary(paths.sources / "glossary")
    (err,) = errors_of(info.value)
    assert err.path.name == "organisations.yaml" and err.line >= 5 and err.column >= 1


def test_tabs_for_indentation_are_a_syntax_error_with_position(tmp_path):
    paths = project(tmp_path, texts=TEXTS.replace("    kind: article", "\tkind: article"))
    with pytest.raises(EditionError) as info:
        load_texts(paths)
    assert info.value.line == 5 and info.value.column >= 1


# --------------------------------------------------------------------------- duplicate keys, for each kind


def test_duplicate_key_in_texts_yaml(tmp_path):
    paths = project(tmp_path, texts=TEXTS + "    language: ru\n")
    with pytest.raises(EditionError) as info:
        load_texts(paths)
    assert "duplicate key 'language' (first given on line 4)" in info.value.message
    assert info.value.line == TEXTS.count("\n") + 1  # the line added after the entry


def test_duplicate_key_in_glossary(tmp_path):
    paths = project(tmp_path, glossary=GLOSSARY + "    kind: concept\n")
    with pytest.raises(EditionError) as info:
        load_glossary(paths.sources / "glossary")
    (err,) = errors_of(info.value)
    assert "duplicate key 'kind' (first given on line 3)" in err.message
    assert err.path.name == "organisations.yaml" and err.line == 7


def test_duplicate_key_inside_a_nested_mapping(tmp_path):
    paths = project(tmp_path, glossary=GLOSSARY.replace("{kk: ШЫҰ}", "{kk: ШЫҰ, kk: ШОС}"))
    with pytest.raises(EditionError, match="duplicate key 'kk'"):
        load_glossary(paths.sources / "glossary")


def test_duplicate_key_in_any_other_editorial_yaml(tmp_path):
    paths = project(tmp_path, extra={"emendations/000.yaml": "text: '900'\ntext: '900'\n"})
    with pytest.raises(EditionError, match="duplicate key 'text'"):
        build_edition(paths)


# --------------------------------------------------------------------------- schema errors: entry and field


def test_glossary_schema_errors_name_entry_and_field(tmp_path):
    bad = GLOSSARY + "    colour: red\n"
    paths = project(tmp_path, glossary=bad)
    with pytest.raises(EditionErrors) as info:
        load_glossary(paths.sources / "glossary")
    text = str(info.value)
    assert "organisations.yaml:7: entry 'sco': unknown field `colour`" in text


def test_glossary_entry_without_kazakh_name(tmp_path):
    paths = project(tmp_path, glossary=GLOSSARY.replace("kk: Шанхай ынтымақтастық ұйымы, ", ""))
    with pytest.raises(EditionErrors, match=r"organisations.yaml:4: entry 'sco': `name` needs at least `kk:`"):
        load_glossary(paths.sources / "glossary")


def test_texts_yaml_lists_every_problem_at_once(tmp_path):
    texts = TEXTS.replace("language: kk", "language: en").replace("kind: article", "kind: novel")
    paths = project(tmp_path, texts=texts)
    with pytest.raises(EditionErrors) as info:
        load_texts(paths)
    found = {(e.line, e.message.split(":")[0]) for e in errors_of(info.value)}
    assert found == {(4, "text '900'"), (5, "text '900'")}


def test_a_yaml_file_that_is_not_a_mapping(tmp_path):
    paths = project(tmp_path, texts="- just a list\n")
    with pytest.raises(EditionError, match="expected a top-level `texts:` list"):
        load_texts(paths)


# --------------------------------------------------------------------------- unknown text ids


def test_unknown_text_id_in_an_editorial_yaml_is_refused(tmp_path):
    emend = 'emendations:\n  - text: "900"\n    find: мәтін\n  - text: "901"\n    find: мәтін\n'
    paths = project(tmp_path, extra={"emendations.yaml": emend})
    with pytest.raises(EditionErrors) as info:
        check_text_ids(paths, ["900"])
    (err,) = info.value.errors
    assert err.path.name == "emendations.yaml" and err.line == 4
    assert "unknown text id '901' (text)" in err.message and "'900'" not in err.message
    assert "900" in err.hint and "texts.yaml" in err.hint


def test_unknown_text_id_in_a_glossary_entry_is_refused(tmp_path):
    glossary = GLOSSARY.replace("    acronym:", "    texts: ['900', '902']\n    acronym:")
    paths = project(tmp_path, glossary=glossary)
    with pytest.raises(EditionErrors) as info:
        check_text_ids(paths, ["900"])
    (err,) = info.value.errors
    assert err.path.name == "organisations.yaml" and "unknown text id '902' (texts)" in err.message


def test_unknown_text_id_fails_the_build_and_check(tmp_path, root):
    paths = project(tmp_path, extra={"commentary/notes.yaml": "notes:\n  - text_id: '999'\n    note: x\n"})
    with pytest.raises(EditionErrors, match="unknown text id '999'"):
        build_edition(paths)
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(tmp_path), "check"],
        cwd=root,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert result.returncode == 1
    assert "notes.yaml:2: unknown text id '999' (text_id)" in result.stderr


def test_prose_in_a_field_called_text_is_not_taken_for_an_id(tmp_path):
    paths = project(tmp_path, extra={"notes.yaml": "notes:\n  - text: Бұл бір сөйлем, id емес.\n"})
    check_text_ids(paths, ["900"])


def test_the_real_editorial_yaml_names_only_known_texts(root, tmp_path):
    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    paths = Paths(tmp_path)
    check_text_ids(paths, [m.id for m in load_texts(paths)])
