"""The search at 1×, 10× and 100× the edition (benchmarks/corpus.py): what a reader downloads.

For each factor: a synthetic corpus is written, built as a site with `mkdocs build`
(in a fresh process, as `make site` would, with Pagefind's index at the end), and measured:
the index on disk (site/pagefind/), and in Debian chromium, for every query of
tests/search_queries.yaml in a fresh browser, the bytes transferred and the time to results of
a first query and of a second one (benchmarks/search_latency.py `measure_transfer`).

    .venv/bin/python -m benchmarks.search_scale [FACTOR ...]   # default: 1 10

prints JSON; `make bench` (benchmarks/run.py) runs it for 1, 10 and 100 (1 and 10 with --quick).
Building the 100× site takes several minutes and gigabytes of memory (the pipeline gathers
everything before rendering).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import make_corpus  # noqa: E402
from benchmarks.search_latency import index_size, measure_transfer  # noqa: E402

TARGET_FIRST_BYTES = 500_000  # issue 20: a first query transfers under 500 kB …
TARGET_FIRST_MS = 300.0  # … and shows results in under 300 ms


def build_corpus_site(factor: int, workdir: Path) -> tuple[Path, float]:
    """The site of the corpus at `factor`; returns it and the build's seconds."""
    project = make_corpus(ROOT, workdir / f"corpus-{factor}x", factor)
    # the npm packages (fonts, the Russian stemmer) are the project's own
    (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    site = workdir / f"site-{factor}x"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600", EDITION_PDF="0")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=project, env=env, check=True, capture_output=True,
    )
    return site, time.perf_counter() - start


def measure_factor(factor: int, workdir: Path) -> dict:
    site, seconds = build_corpus_site(factor, workdir)
    html_pages = len(list(site.rglob("*.html")))
    transfer = measure_transfer(site)
    transfer.pop("rows")
    row = {"factor": factor, "build_seconds": seconds, "html_pages": html_pages, "index": index_size(site), **transfer}
    shutil.rmtree(site)
    shutil.rmtree(workdir / f"corpus-{factor}x")
    return row


def main(argv: list[str]) -> int:
    factors = [int(a) for a in argv] or [1, 10]
    rows = []
    with tempfile.TemporaryDirectory(prefix="search-scale-") as tmp:
        for factor in factors:
            print(f"search at {factor}× …", file=sys.stderr, flush=True)
            rows.append(measure_factor(factor, Path(tmp)))
            print(json.dumps(rows[-1], ensure_ascii=False), file=sys.stderr, flush=True)
    print(json.dumps(rows, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
