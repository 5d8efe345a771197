"""The search index is written at the end of every build: `mkdocs build` waits for it,
`mkdocs serve` writes it in the background (publish/search_hooks.py), so that an edit shows
as soon as its pages are written, and the next rebuild waits for it before writing a page."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pytest

from build_tools.publish import search_hooks

pytestmark = pytest.mark.site


@pytest.fixture
def unindexed_site(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site, ignore=shutil.ignore_patterns("pagefind"))
    yield site
    search_hooks.wait_for_index()
    search_hooks._state.pop("background", None)


def _entry(site) -> dict:
    return json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))


def test_a_build_writes_the_whole_index_before_it_ends(unindexed_site, built_site):
    search_hooks.on_startup("build", False)
    search_hooks.on_post_build(SimpleNamespace(site_dir=str(unindexed_site)))
    assert "worker" not in search_hooks._state
    assert _entry(unindexed_site)["languages"] == _entry(built_site)["languages"]


def test_serve_writes_the_index_in_the_background_and_the_next_build_waits_for_it(unindexed_site, built_site):
    search_hooks.on_startup("serve", True)
    search_hooks.on_post_build(SimpleNamespace(site_dir=str(unindexed_site)))
    worker = search_hooks._state["worker"]
    assert worker.daemon
    search_hooks.on_pre_build(SimpleNamespace(site_dir=str(unindexed_site)))  # the next rebuild
    assert not worker.is_alive() and "worker" not in search_hooks._state
    assert _entry(unindexed_site)["languages"] == _entry(built_site)["languages"]  # the same index, whole
