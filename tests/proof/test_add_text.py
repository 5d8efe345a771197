"""Adding a text (build_tools/proof/add_text.py, `python -m build_tools add-text`) and the
editor's to-dos that `check` lists (build_tools/proof/todos.py)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from build_tools.core.errors import EditionError
from build_tools.proof import add_text as A
from build_tools.read.texts import Paths, load_texts

DATA = Path(__file__).resolve().parent.parent / "data"
NEW_TEXTS = [("pdf_copy_kk.txt", "kk", "article"), ("news_kk.txt", "kk", "article"), ("article_ru.txt", "ru", "essay")]


@pytest.fixture
def project(root, tmp_path) -> Paths:
    """A copy of the edition's sources to add texts to."""
    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    return Paths(tmp_path)


def unseen(tmp_path: Path, name: str) -> Path:
    """A test text as a file the edition has never seen (even one that already added the same test text)."""
    path = tmp_path / "incoming" / name
    path.parent.mkdir(exist_ok=True)
    copy = sum(1 for _ in path.parent.iterdir()) + 1  # a Cyrillic line, as the texts are (a PDF's calls are Latin letters)
    path.write_bytes((DATA / name).read_bytes() + f"\nКөшірме {copy}: {len(str(tmp_path))} таңба.\n".encode())
    return path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def run(root, *args):
    return subprocess.run([sys.executable, "-m", "build_tools", *args], cwd=root, capture_output=True, text=True, encoding="utf-8")


def test_next_id_and_siglum_follow_the_data():
    assert A.next_id(["000", "001", "004"]) == "005"
    assert A.next_id(["a", "b"]) == "000" and A.next_id(["0009"]) == "0010"
    assert A.next_siglum(["A", "B", "C"]) == "D" and A.next_siglum(["A", "C"]) == "B"
    assert A.next_siglum([chr(c) for c in range(ord("A"), ord("Z") + 1)]) == "AA"


def test_provisional_titles_fit_and_stay_unique():
    title = A.provisional_title("\n\n  Қазақстан   мен Қытай арасындағы сауда  \nмәтін")
    assert title == "Қазақстан мен Қытай арасындағы сауда"
    short = A.provisional_short_title(title, set(), "F")
    assert len(short) <= 40 and title.startswith(short)
    assert A.provisional_short_title(title, {short}, "F").endswith(" F")
    assert len(A.provisional_title("сөз " * 100)) <= A.TITLE_MAX + 1


def test_add_text_copies_the_file_unchanged_and_describes_it(project, tmp_path):
    before = load_texts(project)
    source = unseen(tmp_path, "news_kk.txt")
    added = A.add_text(project, source, "kk", "article")
    data = source.read_bytes()
    copied = project.sources / added.file
    assert copied.read_bytes() == data and added.file.startswith(added.id + "_")
    digest = hashlib.sha256(data).hexdigest()
    assert f"{digest}  {added.file}" in (project.sources / "SHA256SUMS").read_text(encoding="utf-8").splitlines()
    after = load_texts(project)
    assert len(after) == len(before) + 1
    meta = after[-1]
    assert (meta.id, meta.siglum, meta.language, meta.kind) == (added.id, added.siglum, "kk", "article")
    assert meta.id == A.next_id([m.id for m in before]) and meta.siglum == A.next_siglum([m.siglum for m in before])
    assert set(meta.todo) == set(A.PROVISIONAL) and meta.todo_line > meta.source_line
    assert meta.title == "Қазақстан мен Қытай арасындағы сауда өсіп келеді"
    assert meta.short_title not in {m.short_title for m in before}


@pytest.mark.parametrize(
    "make, args, words",
    [
        (lambda d: (d / "x.txt").write_bytes("Казахстан и Россия подписали договор о сотрудничестве.".encode("cp1251")), ("ru", "article"), "--encoding cp1251"),
        (lambda d: (d / "x.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)), ("kk", "article"), "not a plain text file"),
        (lambda d: (d / "x.txt").write_text("мәтін", encoding="utf-8"), ("de", "article"), "--language"),
        (lambda d: (d / "x.txt").write_text("мәтін", encoding="utf-8"), ("kk", "poem"), "--kind"),
        (lambda d: None, ("kk", "article"), "no such file"),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(project, tmp_path, make, args, words):
    outside = tmp_path / "incoming"
    outside.mkdir()
    make(outside)
    before = _snapshot(project.sources)
    with pytest.raises(EditionError) as err:
        A.add_text(project, outside / "x.txt", *args)
    assert words in err.value.format()
    assert _snapshot(project.sources) == before


def test_a_failed_write_leaves_the_edition_as_it_was(project, tmp_path, monkeypatch):
    """The file, the checksum and the entry change together or not at all."""
    before = _snapshot(project.sources)
    real, calls = A.os.replace, []

    def failing(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError("disk full")
        real(src, dst)

    monkeypatch.setattr(A.os, "replace", failing)
    with pytest.raises(OSError):
        A.add_text(project, unseen(tmp_path, "news_kk.txt"), "kk", "article")
    assert _snapshot(project.sources) == before
    assert not [p for p in project.sources.iterdir() if p.name.startswith(".")]


def test_a_text_already_in_the_edition_is_refused(project):
    first = load_texts(project)[0]
    before = _snapshot(project.sources)
    with pytest.raises(EditionError) as err:
        A.add_text(project, project.sources / first.file, first.language, first.kind)
    assert f"already in the edition as text {first.id!r}" in err.value.format()
    assert _snapshot(project.sources) == before


def test_a_legacy_encoding_is_declared_and_the_bytes_kept(project, tmp_path):
    raw = tmp_path / "legacy.txt"
    raw.write_bytes("Қазақстан Республикасы мен Ресей Федерациясы арасындағы келісім.\n".encode("kz1048"))
    added = A.add_text(project, raw, "kk", "article", encoding="kz1048")
    assert (project.sources / added.file).read_bytes() == raw.read_bytes()
    assert load_texts(project)[-1].encoding == "kz1048"


def test_three_texts_added_then_check_passes_with_to_dos_and_strict_fails(root, project, tmp_path):
    """Three unseen texts of different kinds and languages (one copied out of a PDF)."""
    added = []
    for name, language, kind in NEW_TEXTS:
        result = run(root, "--root", str(project.root), "add-text", str(unseen(tmp_path, name)), "--language", language, "--kind", kind)
        assert result.returncode == 0, result.stderr
        assert "to-do:" in result.stdout and "is provisional" in result.stdout and "has not been proofread" in result.stdout
        added.append(load_texts(project)[-1].id)
    check = run(root, "--root", str(project.root), "check")
    assert check.returncode == 0, check.stderr
    assert "to-do: capitalised word 'КСР'" in check.stderr  # an editorial to-do, not an error
    provisional = [line for line in check.stderr.splitlines() if "is provisional" in line and any(f"'{i}'" in line for i in added)]
    assert len(provisional) == len(NEW_TEXTS) * len(A.PROVISIONAL)
    assert "editorial to-do(s)" in check.stdout
    strict = run(root, "--root", str(project.root), "check", "--strict")
    assert strict.returncode == 1 and "--strict" in strict.stdout


def test_the_manual_way_still_works(root, project):
    """File, checksum and entry by hand, as the README has always said: no `todo:`, no to-dos for its fields."""
    data = (DATA / "article_ru.txt").read_bytes() + b"\n"  # not byte-identical to a text add-text may have added
    metas = load_texts(project)
    new_id, siglum = A.next_id([m.id for m in metas]), A.next_siglum([m.siglum for m in metas])
    name = f"{new_id}_manual.txt"
    (project.sources / name).write_bytes(data)
    with open(project.sources / "SHA256SUMS", "a", encoding="utf-8") as sums:
        sums.write(f"{hashlib.sha256(data).hexdigest()}  {name}\n")
    with open(project.texts_yaml, "a", encoding="utf-8") as texts:
        texts.write(
            f'\n  - id: "{new_id}"\n    file: {name}\n    language: ru\n    kind: article\n'
            f"    title: Казахстан и ШОС\n    title_en: Kazakhstan and the SCO\n    short_title: Казахстан и ШОС {siglum}\n    siglum: {siglum}\n"
        )
    check = run(root, "--root", str(project.root), "check")
    assert check.returncode == 0, check.stderr
    about_it = [line for line in check.stderr.splitlines() if f"'{new_id}'" in line]
    assert any("has not been proofread" in line for line in about_it) and not any("is provisional" in line for line in about_it)


def test_the_finished_texts_leave_the_editor_nothing_to_do(root, edition, finished):
    """Every text proofread and with no provisional field has no to-do; `check --strict` passes when all are."""
    from build_tools.proof.todos import editorial_todos
    from build_tools.read.texts import default_paths

    assert finished
    left = editorial_todos(edition, default_paths(), sorted(finished))
    assert left == [], [t.format() for t in left]
    if len(finished) == len(edition.documents):
        result = run(root, "check", "--strict")
        assert result.returncode == 0 and "no editorial to-dos" in result.stdout, result.stderr


@pytest.mark.site
def test_a_grown_edition_checks_builds_and_passes_the_data_driven_tests(root, tmp_path):
    """The project copied, three unseen texts added with add-text (Kazakh news, a Russian essay, a PDF
    copy): `check` passes with to-dos, the site builds strictly, and the data-driven tests pass on it."""
    project = tmp_path / "project"
    shutil.copytree(
        root,
        project,
        ignore=shutil.ignore_patterns(".venv", "node_modules", "site", "build", ".git", "test-artifacts", "__pycache__", ".pytest_cache"),
    )
    (project / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)  # the self-hosted fonts
    before = len(load_texts(Paths(project)))
    for name, language, kind in NEW_TEXTS:
        result = run(project, "add-text", str(unseen(tmp_path, name)), "--language", language, "--kind", kind)
        assert result.returncode == 0, result.stderr
    assert len(load_texts(Paths(project))) == before + len(NEW_TEXTS)
    check = run(project, "check")
    assert check.returncode == 0 and "to-do:" in check.stderr, check.stderr
    env = dict(__import__("os").environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    site = tmp_path / "site"
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=project, env=env, capture_output=True, text=True
    )
    assert build.returncode == 0, build.stderr[-3000:]
    for meta in load_texts(Paths(project))[before:]:
        assert (site / "texts" / meta.id / "index.html").is_file()
    tests = subprocess.run(
        [
            sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not site and not browser and not pdf",
            "tests/clean/test_rules.py", "tests/read/test_texts.py", "tests/structure/test_blocks.py", "tests/render/test_collection.py",
        ],
        cwd=project, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert tests.returncode == 0, tests.stdout[-3000:]
