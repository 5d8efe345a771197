"""A failing build leaves nothing half-written: the previous good output stays."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from project_util import ROOT, make_project, run_mkdocs, write_texts

from build_tools.publish import pipeline
from build_tools.render.base import Page

pytestmark = pytest.mark.site

GOOD = {"a.txt": ({"id": "900", "title": "Жақсы мәтін"}, "Бірінші абзац.\n\nЕкінші абзац.\n")}


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "staging" in p.name or ".old" in p.name)


def break_yaml(project: Path) -> None:
    yaml_path = project / "source_texts" / "texts.yaml"
    yaml_path.write_text(yaml_path.read_text(encoding="utf-8").replace('"kind": "article"', '"kind": [article'), "utf-8")


# --------------------------------------------------------------------------- generated Markdown (write_pages)


def cli(root: Path, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "build_tools", "--root", str(root), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
    )


def test_a_failing_markdown_build_keeps_the_previous_pages(tmp_path):
    project = make_project(tmp_path / "p", GOOD)
    out = tmp_path / "md"
    assert cli(project, "build", "--out", str(out)).returncode == 0
    before = digest(out)
    assert "texts/900/index.md" in before
    break_yaml(project)
    result = cli(project, "build", "--out", str(out))
    assert result.returncode == 1 and "texts.yaml:2" in result.stderr and "YAML error" in result.stderr
    assert digest(out) == before
    assert leftovers(tmp_path) == []


def test_write_pages_failing_midway_keeps_the_previous_pages(tmp_path, monkeypatch):
    out = tmp_path / "md"
    pipeline.write_pages([Page("a.md", "A", "old a"), Page("b/c.md", "C", "old c")], out)
    before = digest(out)
    written = []
    real_write = Path.write_text

    def failing_write(self, *args, **kwargs):
        if len(written) == 2:
            raise OSError("disk full")
        written.append(self)
        return real_write(self, *args, **kwargs)

    monkeypatch.setattr(Path, "write_text", failing_write)
    pages = [Page("a.md", "A", "new a"), Page("b/c.md", "C", "new c"), Page("d.md", "D", "new d")]
    with pytest.raises(OSError, match="disk full"):
        pipeline.write_pages(pages, out)
    monkeypatch.undo()
    assert digest(out) == before
    assert leftovers(tmp_path) == []


# --------------------------------------------------------------------------- the site


def sitebuild(project: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "build_tools.publish.sitebuild", "--project", str(project), "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**__import__("os").environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"},
    )


@pytest.fixture(scope="module")
def good_project(tmp_path_factory):
    """A small project whose docs/ is a copy (so a test may break a hand-written page), built once."""
    base = tmp_path_factory.mktemp("atomic")
    project = make_project(base / "p", GOOD, glossary=False)
    (project / "docs").unlink()
    shutil.copytree(ROOT / "docs", project / "docs")
    site = base / "site"
    result = sitebuild(project, site)
    assert result.returncode == 0, result.stderr
    return project, site


@pytest.fixture
def project_copy(good_project, tmp_path):
    project, site = good_project
    copy = tmp_path / "p"
    shutil.copytree(project, copy, symlinks=True)
    site_copy = tmp_path / "site"
    shutil.copytree(site, site_copy)
    return copy, site_copy


def test_make_site_builds_through_the_atomic_builder(root):
    makefile = (root / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nsite:", 1)[1].split("\n\n", 1)[0]
    assert "-m build_tools.publish.sitebuild" in recipe and "mkdocs build" not in recipe


def test_a_successful_build_replaces_the_site(project_copy):
    project, site = project_copy
    (site / "stale.html").write_text("from an old build", encoding="utf-8")
    write_texts(project, {"a.txt": ({"id": "900", "title": "Жаңа атау"}, "Жаңа абзац.\n")})
    result = sitebuild(project, site)
    assert result.returncode == 0, result.stderr
    assert not (site / "stale.html").exists()
    assert "Жаңа абзац." in (site / "texts" / "900" / "index.html").read_text(encoding="utf-8")
    assert leftovers(site.parent) == []


def test_a_bad_source_leaves_the_previous_site(project_copy):
    project, site = project_copy
    before = digest(site)
    break_yaml(project)
    result = sitebuild(project, site)
    assert result.returncode != 0
    assert "texts.yaml:2" in result.stderr and "was left as it was" in result.stderr
    assert digest(site) == before
    assert leftovers(site.parent) == []


def test_a_failure_after_mkdocs_cleaned_the_site_leaves_the_previous_site(project_copy):
    project, site = project_copy
    before = digest(site)
    (project / "docs" / "about.md").write_text("# Туралы\n\n[сынған сілтеме](missing.md)\n", encoding="utf-8")
    result = sitebuild(project, site)
    assert result.returncode != 0 and "missing.md" in result.stderr
    assert digest(site) == before
    assert leftovers(site.parent) == []


def test_plain_mkdocs_keeps_the_site_on_a_pipeline_error_but_not_on_a_later_one(project_copy):
    """What plain `mkdocs build` does, as README says: on_config runs before site_dir is cleaned."""
    project, site = project_copy
    before = digest(site)
    yaml_path = project / "source_texts" / "texts.yaml"
    good_yaml = yaml_path.read_text(encoding="utf-8")
    break_yaml(project)
    result = run_mkdocs(project, site)
    assert result.returncode != 0 and "edition build failed" in result.stderr
    assert digest(site) == before, "the hook failed in on_config, before MkDocs cleaned site_dir"
    yaml_path.write_text(good_yaml, encoding="utf-8")
    (project / "docs" / "about.md").write_text("# Туралы\n\n[сынған сілтеме](missing.md)\n", encoding="utf-8")
    result = run_mkdocs(project, site)
    assert result.returncode != 0 and "missing.md" in result.stderr and "Cleaning site directory" in result.stderr
    assert digest(site) != before, "a later failure leaves site_dir rewritten: hence `make site`"
