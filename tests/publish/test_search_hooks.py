"""The search index is written at the end of every build: `mkdocs build` waits for it,
`mkdocs serve` writes it in the background (publish/search_hooks.py), so that an edit shows
as soon as its pages are written, and the next rebuild stops it before writing a page."""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import pytest

from build_tools.publish import search_hooks, search_index

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


def indexers() -> list[int]:
    """The Pagefind processes this process started (that are still there)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            line = stat.read_text()
        except OSError:
            continue
        name, rest = line.split("(", 1)[1].rsplit(")", 1)
        fields = rest.split()
        if int(fields[1]) == os.getpid() and "pagefind" in name and fields[0] != "Z":
            found.append(int(stat.parent.name))
    return found


def test_serve_writes_the_index_in_the_background(unindexed_site, built_site):
    search_hooks.on_startup("serve", True)
    search_hooks.on_post_build(SimpleNamespace(site_dir=str(unindexed_site)))
    worker, _ = search_hooks._state["worker"]
    assert worker.daemon
    search_hooks.wait_for_index()
    assert not worker.is_alive()
    assert _entry(unindexed_site)["languages"] == _entry(built_site)["languages"]  # the same index, whole


def test_the_next_rebuild_stops_the_index_an_edit_made_out_of_date(unindexed_site, caplog):
    search_hooks.on_startup("serve", True)
    search_hooks.on_post_build(SimpleNamespace(site_dir=str(unindexed_site)))
    worker, stop = search_hooks._state["worker"]
    with caplog.at_level(logging.INFO, logger=search_hooks.log.name):
        search_hooks.on_pre_build(SimpleNamespace(site_dir=str(unindexed_site)))  # the next rebuild
    assert stop.is_set() and not worker.is_alive() and "worker" not in search_hooks._state
    assert "stopped" in caplog.text and "could not be written" not in caplog.text
    assert not indexers()


@pytest.mark.parametrize("after", [0.0, 1.5, 2.5], ids=["reading pages", "indexing", "writing"])
def test_a_stopped_index_ends_its_indexer_whenever_it_is_stopped(unindexed_site, after):
    """Stopped at once (while the pages are read), or later, wherever the indexing then is (the
    real edition's index takes a few seconds): no indexer is left running, and an index that
    was done before the stop is whole."""
    stop = threading.Event()
    timer = threading.Timer(after, stop.set)
    timer.start()
    try:
        search_index.build_search_index(unindexed_site, stop=stop)
    except search_index.IndexStopped:
        pass
    finally:
        timer.cancel()
    assert not indexers()
    if not stop.is_set():  # done before it was asked to stop: whole
        assert _entry(unindexed_site)["languages"]


def test_the_indexer_is_npm_s_pagefind_and_its_absence_says_what_to_do(tmp_path):
    """The indexer is the binary npm installed (package.json pins it), the extended one first;
    without it the build stops with the folder it looked in and `make setup`."""
    found = search_index.indexer_binary()
    assert found.is_file() and found.parent.parent.parent.name == "@pagefind", found
    version = json.loads((search_index.NODE_MODULES / "pagefind" / "package.json").read_text(encoding="utf-8"))["version"]
    pinned = json.loads((search_index.NODE_MODULES.parent / "package.json").read_text(encoding="utf-8"))["dependencies"]["pagefind"]
    assert version == pinned

    fake = tmp_path / "node_modules"
    for name in ("pagefind", "pagefind_extended"):
        (fake / "@pagefind" / "some-platform" / "bin").mkdir(parents=True, exist_ok=True)
        (fake / "@pagefind" / "some-platform" / "bin" / name).write_text("")
    assert search_index.indexer_binary(fake).name == "pagefind_extended"

    with pytest.raises(search_index.EditionError) as caught:
        search_index.indexer_binary(tmp_path / "empty")
    assert "@pagefind" in str(caught.value) and "make setup" in str(caught.value)
