"""Run the pipeline once on a project folder and print time and peak memory as JSON.

Run in a fresh process (by ``benchmarks.run``) so that peak memory is the pipeline's own.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve()
    sys.path.insert(0, str(root))
    from build_tools.publish.pipeline import build_edition
    from build_tools.read.texts import Paths

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    edition = build_edition(Paths(root))
    seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    chars = sum(len(d.clean.raw) for d in edition.documents)
    print(
        json.dumps(
            {
                "seconds": seconds,
                "peak_rss_mb": peak_kb / 1024,
                "baseline_rss_mb": before / 1024,
                "texts": len(edition.documents),
                "chars": chars,
                "pages": len(edition.pages),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
