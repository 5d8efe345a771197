"""The command line: build, check, clean and version."""

import json
import subprocess
import sys

from build_tools.clean.engine import apply_changes


def run(root, *args):
    return subprocess.run(
        [sys.executable, "-m", "build_tools", *args], cwd=root, capture_output=True, text=True, encoding="utf-8"
    )


def test_check_passes_on_the_real_sources(root):
    result = run(root, "check")
    assert result.returncode == 0, result.stderr


def test_check_fails_with_file_and_line(root, tmp_path):
    import shutil

    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    yaml_path = tmp_path / "source_texts" / "texts.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace("kind: essay", "kind: poem"), encoding="utf-8")
    result = run(root, "--root", str(tmp_path), "check")
    assert result.returncode == 1
    assert "texts.yaml:" in result.stderr and "`kind` must be one of" in result.stderr


def test_build_writes_every_page(root, tmp_path):
    out = tmp_path / "md"
    result = run(root, "build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    for text_id in ("000", "001", "002", "003", "004"):
        assert (out / "texts" / text_id / "index.md").is_file()
    assert len(list((out / "texts" / "002").glob("*.md"))) >= 6


def test_clean_prints_text_and_writes_a_replayable_log(root, tmp_path):
    raw_path = root / "source_texts" / "000_6ab7ac84862403a5.txt"
    log = tmp_path / "log.jsonl"
    result = run(root, "clean", str(raw_path), "--log", str(log))
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert entries, "the raw text has damage that must be logged"
    raw = raw_path.read_bytes().decode("utf-8")
    from build_tools.core.model import Change

    assert apply_changes(raw, [Change(**e) for e in entries]) == result.stdout


# --------------------------------------------------------------------------- version (the release workflow's)


def _edition_yaml(root):
    import yaml

    edition = yaml.safe_load((root / "source_texts" / "edition.yaml").read_text(encoding="utf-8"))
    changelog = yaml.safe_load((root / "source_texts" / "changelog.yaml").read_text(encoding="utf-8"))
    return edition, changelog


def test_version_prints_edition_yamls_version(root):
    edition, _ = _edition_yaml(root)
    result = run(root, "version")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{edition['version']}\n"


def test_check_tag_accepts_v_and_the_version_and_nothing_else(root):
    version = _edition_yaml(root)[0]["version"]
    good = run(root, "version", "--check-tag", f"v{version}")
    assert good.returncode == 0, good.stderr
    for tag in (f"v{version}.9", version, f"V{version}", "v0.0.1"):
        bad = run(root, "version", "--check-tag", tag)
        assert bad.returncode == 1, tag
        assert f"the tag {tag!r} does not name the edition's version {version!r}" in bad.stderr
        assert "edition.yaml" in bad.stderr and "what to do:" in bad.stderr and f"'v{version}'" in bad.stderr
        assert not bad.stdout


def test_notes_are_the_current_versions_changelog_entry_in_markdown(root):
    edition, changelog = _edition_yaml(root)
    entry = next(v for v in changelog["versions"] if v["version"] == edition["version"])
    result = run(root, "version", "--notes")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("## ") and edition["version"] in lines[0] and str(entry["date"]) in lines[0]
    items = [ln for ln in lines if ln.startswith("- ")]
    changes = entry["changes"]
    assert len(items) == 2 * len(changes)  # Kazakh, then English
    for item, change in zip(items, [c["kk"] for c in changes] + [c["en"] for c in changes]):
        assert item.endswith(" ".join(change.split())), item


def test_a_raised_version_without_a_changelog_entry_fails_check_and_version(root, tmp_path):
    import shutil

    shutil.copytree(root / "source_texts", tmp_path / "source_texts")
    edition_yaml = tmp_path / "source_texts" / "edition.yaml"
    version = _edition_yaml(root)[0]["version"]
    edition_yaml.write_text(
        edition_yaml.read_text(encoding="utf-8").replace(f'version: "{version}"', 'version: "99.0"'), encoding="utf-8"
    )
    for args in (["check"], ["version"], ["version", "--notes"]):
        result = run(root, "--root", str(tmp_path), *args)
        assert result.returncode == 1, args
        assert "changelog.yaml:" in result.stderr and "'99.0'" in result.stderr, result.stderr
        assert 'add an entry for version "99.0"' in result.stderr


def test_check_names_the_tei_file_and_line_and_writes_the_file(tmp_path, monkeypatch):
    """A TEI problem is an error naming the text, the generated file and its line, with what to do."""
    from types import SimpleNamespace

    from build_tools import cli
    from build_tools.export import tei

    found = [("002.xml", "text '002' (002_x.txt)", b"<TEI/>\n", ["line 12: Did not expect element x there", "odd"])]
    monkeypatch.setattr(tei, "tei_problems", lambda *args, **kwargs: found)
    edition = SimpleNamespace(documents=[], glossary=None, commentary=None, info=None, data=[])
    errors = cli.tei_errors(edition, cli.Paths(tmp_path))
    written = tmp_path / "build" / "tei-invalid" / "002.xml"
    assert written.read_bytes() == b"<TEI/>\n"
    assert [(e.path, e.line) for e in errors] == [(written, 12), (written, 0)]
    assert errors[0].format().startswith(f"{written}:12: TEI of text '002' (002_x.txt): Did not expect element x")
    assert "what to do:" in errors[0].format()


def test_check_validates_the_open_data_s_tei_as_it_is(edition, monkeypatch, root):
    """`check` validates the TEI files the open data holds, not a second making of them."""
    from build_tools import cli
    from build_tools.export import tei

    checked = []

    def never(*args, **kwargs):
        raise AssertionError("a text's TEI made again")

    monkeypatch.setattr(tei, "text_tei", never)
    monkeypatch.setattr(tei, "validate_tei", lambda data: checked.append(data) or [])
    monkeypatch.setattr(tei, "round_trip_problems", lambda doc, data: [])
    assert cli.tei_errors(edition, cli.Paths(root)) == []
    made = [f.content for f in edition.data if f.description_key == "tei"]
    assert len(made) == len(edition.documents) and all(made)
    assert sorted(checked[:-1]) == sorted(made) and checked[-1] not in made  # each text's file, then the lists file
