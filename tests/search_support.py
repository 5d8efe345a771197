"""Run the edition's search JavaScript (docs/assets/search/kazakh-stem.js) in node.

Node first runs the data preamble the site's first script starts with
(build_tools.publish.script_data.data_preamble), as the browser does.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from build_tools.publish.script_data import data_preamble

ROOT = Path(__file__).resolve().parent.parent
STEMMER_JS = ROOT / "docs" / "assets" / "search" / "kazakh-stem.js"
CLI_JS = ROOT / "tests" / "js" / "search_cli.js"
# lunr-languages' Russian Snowball stemmer, from npm (the site copies it: publish/search_hooks.py)
LUNR_DIR = ROOT / "node_modules" / "lunr-languages" / "min"


def run_search_js(request: dict) -> dict:
    """Send one request to tests/js/search_cli.js and return its answer."""
    node = shutil.which("node")
    assert node, "node is missing: install nodejs (scripts/install-system-deps.sh)"
    result = subprocess.run(
        [node, str(CLI_JS), str(STEMMER_JS), str(LUNR_DIR)],
        input=json.dumps({"preamble": data_preamble(), **request}, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
