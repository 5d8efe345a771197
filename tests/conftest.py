"""Shared fixtures: the project's paths, the built edition, a built site."""

from __future__ import annotations

import contextlib
import os
import pickle
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
    Each fixture waits for its part.

    Run in parallel (`pytest -n 2`, as `make test` does), the workers share one site: the first
    to claim ``folder`` builds and walks it there and says so in marker files (``built``,
    ``walked``: empty, or the error); the others wait for the markers, serve the same files
    themselves and read the walk back (``walk.pickle``)."""

    def __init__(self, walk: bool, shared: Path | None = None):
        import tempfile
        import threading

        self.folder = shared or Path(tempfile.mkdtemp(prefix="kz-edition-site-"))
        self.own_folder = shared is None  # removed by close(); a shared one by the controller
        self.owner = self.own_folder or _claim(self.folder / "owner")
        self.site, self.base_url, self.records = self.folder / "site", "", None
        self.serving = contextlib.ExitStack()  # the server (linkcheck.serve), until close()
        self.error: BaseException | None = None  # of the build
        self.walk_error: BaseException | None = None
        self.walk_seconds = 0.0
        self.walk = walk
        self.built, self.walked = threading.Event(), threading.Event()
        target = self._run if self.owner else self._follow
        self.thread = threading.Thread(target=target, name="site-session", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            result = mkdocs_build(self.site)
            assert result.returncode == 0, result.stderr
            self.base_url = self.serving.enter_context(serve(self.site, SUBPATH))
        except BaseException as exc:  # raised again by the fixture that waits
            self.error = exc
        finally:
            _mark(self.folder / "built", self.error)
            self.built.set()
        try:
            if self.walk and self.error is None:
                self._walk()
                with open(self.folder / "walk.pickle", "wb") as out:
                    pickle.dump((self.records, self.walk_seconds), out)
        except BaseException as exc:
            self.walk_error = exc
        finally:
            _mark(self.folder / "walked", self.walk_error)
            self.walked.set()

    def _follow(self) -> None:
        """Another worker's build and walk: wait for each, then serve the site and read the walk."""
        try:
            _wait_for_mark(self.folder / "built")
            self.base_url = self.serving.enter_context(serve(self.site, SUBPATH))
        except BaseException as exc:
            self.error = exc
        finally:
            self.built.set()
        try:
            if self.walk and self.error is None:
                _wait_for_mark(self.folder / "walked")
                with open(self.folder / "walk.pickle", "rb") as data:
                    self.records, self.walk_seconds = pickle.load(data)
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

        if self.owner and not self.own_folder:
            self.thread.join()  # the other workers may still wait for the walk
        else:
            self.thread.join(timeout=5)  # a walk cut short by a stopped run ends with the process
        self.serving.close()
        if self.own_folder:
            shutil.rmtree(self.folder, ignore_errors=True)


def _claim(path: Path) -> bool:
    """True for the one process that creates ``path`` (the worker that builds the shared site)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        return True
    except FileExistsError:
        return False


def _mark(path: Path, error: BaseException | None) -> None:
    """Say that a step is over, and how: the marker's text is empty or the error (written whole, then renamed)."""
    part = path.with_name(path.name + ".part")
    part.write_text("" if error is None else f"{type(error).__name__}: {error}", encoding="utf-8")
    os.replace(part, path)


SHARED_WAIT_SECONDS = 3600.0  # a worker that builds the site and never says so has died


def _wait_for_mark(path: Path) -> None:
    deadline = time.monotonic() + SHARED_WAIT_SECONDS
    while not path.exists():
        if time.monotonic() > deadline:
            raise TimeoutError(f"no {path.name} marker in {path.parent} after {SHARED_WAIT_SECONDS:.0f} s")
        time.sleep(0.2)
    error = path.read_text(encoding="utf-8")
    if error:
        raise RuntimeError(f"in the worker that built the shared site ({path.parent}): {error}")


_site_session: SiteSession | None = None
_shared_folder: Path | None = None  # the controller's, when the tests run in parallel workers
SHARED_KEY = "edition_site_folder"


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    """pytest-xdist's controller: every worker is told the one folder their shared site is built in."""
    global _shared_folder
    import tempfile

    if _shared_folder is None:
        _shared_folder = Path(tempfile.mkdtemp(prefix="kz-edition-site-"))
    node.workerinput[SHARED_KEY] = str(_shared_folder)


def pytest_collection_finish(session):
    """Start the site's build (and its walk) when a collected test needs them."""
    global _site_session
    needed = set().union(*(getattr(item, "fixturenames", ()) for item in session.items))
    if "built_site" in needed and not session.config.option.collectonly:
        shared = getattr(session.config, "workerinput", {}).get(SHARED_KEY)
        _site_session = SiteSession(walk="site_walk" in needed, shared=Path(shared) if shared else None)


def pytest_sessionfinish(session):
    if _site_session is not None:
        _site_session.close()
    if _shared_folder is not None:  # the controller, after every worker has finished
        import shutil

        shutil.rmtree(_shared_folder, ignore_errors=True)


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
