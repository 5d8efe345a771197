"""The clean cache (clean/cache.py) as the pipeline chooses it (publish/pipeline.py ``clean_cache``):
the project's folder, or with ``EDITION_CACHE=0`` a folder that lasts one build, so that a text
built again for the rendering pass is not cleaned twice and the project's folder is not touched."""

from __future__ import annotations

from build_tools.publish import pipeline
from build_tools.read.sources import read_source
from build_tools.read.texts import Paths, load_texts
from conftest import ROOT


def test_with_the_cache_off_a_build_still_cleans_each_text_once(tmp_path, monkeypatch):
    monkeypatch.setenv("EDITION_CACHE", "0")
    paths = Paths(ROOT)
    cache = pipeline.clean_cache(paths, tmp_path)
    assert cache.folder == tmp_path / "clean"
    meta = load_texts(paths)[0]
    raw = read_source(meta, paths.sources).raw
    first, again = cache.clean(raw, meta), cache.clean(raw, meta)
    assert (cache.misses, cache.hits) == (1, 1)
    assert again.text == first.text and again.changes == first.changes
    assert pipeline.clean_cache(paths, None).folder is None  # no build folder: cleaned every time


def test_with_the_cache_on_it_is_the_project_s_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("EDITION_CACHE", raising=False)
    assert pipeline.clean_cache(Paths(tmp_path), tmp_path / "work").folder == tmp_path / pipeline.CACHE_DIR
