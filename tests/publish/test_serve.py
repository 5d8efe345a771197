"""`mkdocs serve` runs the pipeline and reloads after an edit to a raw text's YAML, without a loop."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

pytestmark = pytest.mark.site


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def _wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            value = predicate()
            if value:
                return value
        except OSError:
            pass
        time.sleep(0.3)
    return None


def test_serve_rebuilds_after_a_yaml_edit_and_then_settles(root, tmp_path):
    project = tmp_path / "project"
    for name in ("source_texts", "docs", "overrides", "build_tools"):
        shutil.copytree(root / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)  # the fonts
    shutil.copy2(root / "mkdocs.yml", project / "mkdocs.yml")
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", SITE_URL=f"http://127.0.0.1:{port}/"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/texts/001/"
        first = _wait_for(lambda: _get(url), 60)
        assert first and "Тәуелсіз Қазақстанның халықаралық қауымдастыққа енуі" in first
        yaml_path = project / "source_texts" / "texts.yaml"
        yaml_path.write_text(
            yaml_path.read_text(encoding="utf-8").replace(
                "Тәуелсіз Қазақстанның халықаралық қауымдастыққа енуі", "Өзгертілген атау"
            ),
            encoding="utf-8",
        )
        assert _wait_for(lambda: "Өзгертілген атау" in _get(url), 60), "serve did not rebuild"
        # no rebuild loop: once settled, the number of builds stays the same
        time.sleep(3)
        count = (tmp_path / "serve.log").read_text(encoding="utf-8").count("Building documentation")
        time.sleep(4)
        again = (tmp_path / "serve.log").read_text(encoding="utf-8").count("Building documentation")
        assert count == again, "mkdocs serve keeps rebuilding"
        assert count >= 2
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_dirty_serve_renders_again_every_page_an_edit_changes(root, tmp_path):
    """`mkdocs serve --dirty` (what `make serve` runs) renders only changed pages, yet misses none.

    A new short title is in every page's navigation: a glossary page shows it; a new full title
    shows on the about page (a hand-written page with parts from the data); a new description
    on its entry's page.  (The hooks' dirty-build bookkeeping: publish/mkdocs_hooks.py.)
    """
    project = tmp_path / "project"
    for name in ("source_texts", "docs", "overrides", "build_tools"):
        shutil.copytree(root / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    (project / "node_modules").symlink_to(root / "node_modules", target_is_directory=True)
    shutil.copy2(root / "mkdocs.yml", project / "mkdocs.yml")
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", EDITION_PDF="0", SITE_URL=f"http://127.0.0.1:{port}/"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}/"
    texts_yaml = project / "source_texts" / "texts.yaml"

    def edit(path, old, new):
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    try:
        assert _wait_for(lambda: "Халықаралық қауымдастыққа ену" in _get(base + "glossary/"), 120)
        edit(texts_yaml, "short_title: Халықаралық қауымдастыққа ену", "short_title: Жаңа қысқа атау")
        assert _wait_for(lambda: "Жаңа қысқа атау" in _get(base + "glossary/"), 60), "the navigation of other pages"
        edit(texts_yaml, "Тәуелсіз Қазақстанның халықаралық қауымдастыққа енуі", "Жаңа толық атау")
        assert _wait_for(lambda: "Жаңа толық атау" in _get(base + "about/"), 60), "the about page"
        organisations = project / "source_texts" / "glossary" / "organisations.yaml"
        text = organisations.read_text(encoding="utf-8")
        start = text.index("id: sco\n")
        description = text.index("kk: ", text.index("description:", start)) + len("kk: ")
        organisations.write_text(text[:description] + "Жаңа сипаттама. " + text[description:], encoding="utf-8")
        assert _wait_for(lambda: "Жаңа сипаттама." in _get(base + "glossary/sco/"), 60), "the entry's page"
        assert "Aborted" not in (tmp_path / "serve.log").read_text(encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
