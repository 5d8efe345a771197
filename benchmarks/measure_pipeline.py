"""Run the pipeline once on a project folder and print time and peak memory as JSON.

Run in a fresh process (by ``benchmarks.run``) so that peak memory is the pipeline's own.
The pipeline writes the pages into a temporary folder, as a site build does (one text in
memory at a time), with no clean cache from an earlier build (``EDITION_CACHE=0``): every
text is cleaned.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve()
    sys.path.insert(0, str(root))
    os.environ["EDITION_CACHE"] = "0"
    from build_tools.publish.pipeline import build_into
    from build_tools.read.texts import Paths

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with tempfile.TemporaryDirectory(prefix="edition-pipeline-") as tmp:
        start = time.perf_counter()
        edition = build_into(Paths(root), Path(tmp) / "markdown")
        seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    chars = sum(len((root / "source_texts" / meta.file).read_text(encoding="utf-8")) for meta in edition.texts)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mb": peak_kb / 1024,
                "baseline_rss_mb": before / 1024,
                "texts": len(edition.texts),
                "chars": chars,
                "pages": len(edition.page_index),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
