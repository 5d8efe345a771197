"""The data the site's scripts share with the build tools (publish.script_data)."""

from __future__ import annotations

import json

from build_tools.core.language import language
from build_tools.publish.script_data import data_preamble, script_data
from search_support import ROOT, run_search_js

PREFIX = "window.EditionData = "


def test_the_preamble_defines_edition_data():
    preamble = data_preamble()
    assert preamble.startswith(PREFIX) and preamble.endswith(";\n")
    assert json.loads(preamble[len(PREFIX) : -2]) == script_data()
    assert script_data()["language"] == language().for_javascript()


def test_the_search_script_runs_on_the_python_tables():
    # What kazakh-stem.js holds in node, after the preamble, is what Python gives it.
    assert run_search_js({"language": True})["language"] == language().for_javascript()


def test_the_first_script_of_the_site_starts_with_the_preamble(built_site):
    script = (built_site / "assets" / "commentary.js").read_text(encoding="utf-8")
    source = (ROOT / "docs" / "assets" / "commentary.js").read_text(encoding="utf-8")
    assert script == data_preamble() + source
