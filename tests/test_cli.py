"""The command line: build, check and clean."""

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


def test_check_names_the_tei_file_and_line_and_writes_the_file(tmp_path, monkeypatch):
    """A TEI problem is an error naming the text, the generated file and its line, with what to do."""
    from types import SimpleNamespace

    from build_tools import cli
    from build_tools.export import tei

    found = [("002.xml", "text '002' (002_x.txt)", b"<TEI/>\n", ["line 12: Did not expect element x there", "odd"])]
    monkeypatch.setattr(tei, "tei_problems", lambda *args: found)
    edition = SimpleNamespace(documents=[], glossary=None, commentary=None, info=None)
    errors = cli.tei_errors(edition, cli.Paths(tmp_path))
    written = tmp_path / "build" / "tei-invalid" / "002.xml"
    assert written.read_bytes() == b"<TEI/>\n"
    assert [(e.path, e.line) for e in errors] == [(written, 12), (written, 0)]
    assert errors[0].format().startswith(f"{written}:12: TEI of text '002' (002_x.txt): Did not expect element x")
    assert "what to do:" in errors[0].format()
