"""Shared fixtures: the project's paths, the built edition, a built site."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from build_tools.publish.linkcheck import serve  # noqa: E402
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


SUBPATH = "/kz-edition/"  # the site is served under a sub-path, as on GitHub Pages


class SiteSession:
    """The site built with `mkdocs build --strict`, served, and walked page by page in a chromium
    of its own (site_walk.py), in a thread started as soon as the tests are collected: the build
    and the walk (minutes of chromium) run while the first tests run on the other core.
    Each fixture waits for its part."""

    def __init__(self, walk: bool):
        import tempfile
        import threading

        self.folder = Path(tempfile.mkdtemp(prefix="kz-edition-site-"))
        self.site, self.base_url, self.records = self.folder / "site", "", None
        self.serving = contextlib.ExitStack()  # the server (linkcheck.serve), until close()
        self.error: BaseException | None = None  # of the build
        self.walk_error: BaseException | None = None
        self.walk_seconds = 0.0
        self.walk = walk
        self.built, self.walked = threading.Event(), threading.Event()
        self.thread = threading.Thread(target=self._run, name="site-session", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            result = mkdocs_build(self.site)
            assert result.returncode == 0, result.stderr
            self.base_url = self.serving.enter_context(serve(self.site, SUBPATH))
        except BaseException as exc:  # raised again by the fixture that waits
            self.error = exc
        finally:
            self.built.set()
        try:
            if self.walk and self.error is None:
                self._walk()
        except BaseException as exc:
            self.walk_error = exc
        finally:
            self.walked.set()

    def _walk(self) -> None:
        from playwright.sync_api import sync_playwright
        from site_walk import walk_site

        started = time.monotonic()
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            try:
                self.records = walk_site(browser, self.site, self.base_url)
            finally:
                browser.close()
        self.walk_seconds = time.monotonic() - started

    def wait(self, event) -> None:
        event.wait()
        if self.error is not None:
            raise self.error
        if event is self.walked and self.walk_error is not None:
            raise self.walk_error

    def close(self) -> None:
        import shutil

        self.thread.join(timeout=5)  # a walk cut short by a stopped run ends with the process
        self.serving.close()
        shutil.rmtree(self.folder, ignore_errors=True)


_site_session: SiteSession | None = None


def pytest_collection_finish(session):
    """Start the site's build (and its walk) when a collected test needs them."""
    global _site_session
    needed = set().union(*(getattr(item, "fixturenames", ()) for item in session.items))
    if "built_site" in needed and not session.config.option.collectonly:
        _site_session = SiteSession(walk="site_walk" in needed)


def pytest_sessionfinish(session):
    if _site_session is not None:
        _site_session.close()


def _session() -> SiteSession:
    global _site_session
    if _site_session is None:  # a test that needs the site was not collected by name
        _site_session = SiteSession(walk=True)
    return _site_session


@pytest.fixture(scope="session")
def built_site() -> Path:
    """The full site, built once per test session with `mkdocs build --strict`."""
    site_session = _session()
    site_session.wait(site_session.built)
    return site_session.site


@pytest.fixture(scope="session")
def served_site(built_site):
    """The built site served over HTTP on 127.0.0.1 under SUBPATH; the base URL."""
    return _session().base_url


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
def site_walk(built_site, served_site):
    """Every page loaded once in chromium, with its requests, axe's findings and its tables (site_walk.py)."""
    site_session = _session()
    site_session.wait(site_session.walked)
    assert site_session.walk, "site_walk was asked for at run time: name it among a test's arguments"
    print(f"site walk: {len(site_session.records)} pages in {site_session.walk_seconds:.0f} s (in the background)")
    return site_session.records


@pytest.fixture(scope="session")
def finished(edition) -> set[str]:
    """The texts the editor has finished: proofread (accepted_forms.yaml) and with no provisional field.

    Tests of editorial completeness (every acronym in the glossary, an empty worklist, no to-do)
    hold these texts to it; a text just added is work in progress, listed by `check` as to-dos.
    """
    done = set(edition.proofreading.proofread)
    return {d.meta.id for d in edition.documents if d.meta.id in done and not d.meta.todo}
