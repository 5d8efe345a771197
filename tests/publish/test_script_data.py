"""window.EditionData: the scripts get the build tools' language tables and interface strings,
and no HTML page changes (publish.script_data)."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from conftest import ROOT
from search_support import run_search_js

from build_tools.core import locale
from build_tools.core.language import LANGUAGE_YAML, language
from build_tools.core.locale import t
from build_tools.publish.script_data import data_preamble, script_data

PREFIX = "window.EditionData = "


def _first_script() -> str:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config["extra_javascript"][0]


def test_the_preamble_sets_window_edition_data():
    line = data_preamble()
    assert line.startswith(PREFIX) and line.endswith(";\n") and line.count("\n") == 1
    data = json.loads(line[len(PREFIX) : -2])
    assert data == script_data() == {"language": language().for_javascript(), "strings": locale.for_javascript()}
    assert "Жабу" in line  # UTF-8, not \u escapes


def test_the_search_script_runs_on_the_python_tables():
    # What kazakh-stem.js holds in node, after the preamble, is what Python gives it.
    assert run_search_js({"language": True})["language"] == language().for_javascript()


def test_the_search_normalises_queries_with_exactly_the_yaml_tables():
    # The cleaner's look-alike and invisible characters, as language.yaml writes them, reach
    # kazakh-stem.js unchanged (read here with PyYAML, not with core.language).
    raw = yaml.safe_load(LANGUAGE_YAML.read_text(encoding="utf-8"))
    js = run_search_js({"language": True})["language"]
    assert js["latin_lookalikes"] == raw["latin_lookalikes"]
    assert set(js["latin_lookalikes"]) == {"cyrillic", "kazakh", "schwa"}
    assert js["invisible_characters"] == "".join(raw["invisible_characters"])
    assert js["roman_with_century"] == language().roman_with_century and raw["century"] in js["roman_with_century"]
    assert js["cyrillic_class"] == language().cyrillic_class


@pytest.mark.site
def test_the_first_script_carries_the_data_and_nothing_else_changes(built_site):
    first = _first_script()
    source = (ROOT / "docs" / first).read_text(encoding="utf-8")
    assert (built_site / first).read_text(encoding="utf-8") == data_preamble() + source
    others = [p for p in (built_site / "assets").rglob("*.js") if p != built_site / first]
    assert others and not any("window.EditionData =" in p.read_text(encoding="utf-8") for p in others)
    for page in built_site.rglob("*.html"):
        assert "EditionData" not in page.read_text(encoding="utf-8"), page


@pytest.mark.browser
def test_the_scripts_show_the_locale_files_words(served_site, page):
    page.goto(served_site + "texts/001/")
    assert page.evaluate("window.EditionData.strings") == locale.for_javascript()
    toggle = page.locator(".original-toggle")
    toggle.wait_for(state="attached")
    expected = t("scripts.original_toggle").replace("{n}", str(page.locator(".ed-change").count()))
    assert toggle.inner_text().strip() == expected
    assert toggle.get_attribute("title") == t("scripts.original_toggle_title")
    page.locator("details.cite-page summary").click()
    button = page.locator("details.cite-page .cite-copy").first
    assert button.inner_text() == t("scripts.copy")
    gost = page.locator("details.cite-page .cite-gost").inner_text()
    assert t("cite_this.url_placeholder") not in gost and re.search(r"URL: http", gost)


@pytest.mark.browser
def test_the_note_popover_is_titled_from_the_locale_file(served_site, page):
    page.goto(served_site + "texts/001/")
    marker = page.locator("a.cm-marker").first
    n = marker.get_attribute("data-note")
    marker.click()
    popover = page.locator(".cm-popover")
    popover.wait_for(state="visible")
    assert popover.get_attribute("aria-label") == t("notes.marker_label", n=n)
    assert popover.locator(".cm-popover-head a").inner_text() == t("notes.marker_label", n=n)
    assert popover.locator(".cm-popover-close").get_attribute("aria-label") == t("notes.popover_close")
