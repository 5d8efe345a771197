"""Shared fixtures: the project's paths, the built edition, a built site."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from build_tools.publish.pipeline import build_edition  # noqa: E402
from build_tools.read.texts import Paths  # noqa: E402


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def edition():
    """The whole edition built in memory from the real sources."""
    return build_edition(Paths(ROOT))


def mkdocs_build(site_dir: Path, extra_env: dict | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    env.update(extra_env or {})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The full site, built once per test session with `mkdocs build --strict`."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(site)
    assert result.returncode == 0, result.stderr
    return site


# --------------------------------------------------------------------------- serving and browsing

SUBPATH = "/kz-edition/"  # the site is served under a sub-path, as on GitHub Pages


@pytest.fixture(scope="session")
def served_site(built_site, tmp_path_factory):
    """The built site served over HTTP on 127.0.0.1 under SUBPATH; yields the base URL."""
    import functools
    import http.server
    import threading

    webroot = tmp_path_factory.mktemp("webroot")
    (webroot / SUBPATH.strip("/")).symlink_to(built_site, target_is_directory=True)

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # keep test output clean
            pass

    handler = functools.partial(QuietHandler, directory=str(webroot))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}{SUBPATH}"
    server.shutdown()


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    """Debian chromium driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "chromium is missing: run `make system-deps`"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="kk-KZ")
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def site_walk(browser, built_site, served_site):
    """Every page loaded once in chromium, with its requests, axe's findings and its tables (site_walk.py)."""
    from site_walk import walk_site

    started = time.monotonic()
    records = walk_site(browser, built_site, served_site)
    print(f"site walk: {len(records)} pages in {time.monotonic() - started:.0f} s")
    return records


@pytest.fixture(scope="session")
def finished(edition) -> set[str]:
    """The texts the editor has finished: proofread (accepted_forms.yaml) and with no provisional field.

    Tests of editorial completeness (every acronym in the glossary, an empty worklist, no to-do)
    hold these texts to it; a text just added is work in progress, listed by `check` as to-dos.
    """
    done = set(edition.proofreading.proofread)
    return {d.meta.id for d in edition.documents if d.meta.id in done and not d.meta.todo}
