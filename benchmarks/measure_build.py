"""Build a project's whole site once with ``mkdocs build`` and print its time and peak memory as JSON.

``python -m benchmarks.measure_build PROJECT [--config mkdocs.yml]``

Run by ``benchmarks.run`` in a fresh process of its own: the peak memory is that of the
``mkdocs build`` process and its children (``RUSAGE_CHILDREN`` of this process, which has
no other child), not the harness's; ``cpu_seconds`` (user and system time) says how much of
the time was the build's own on a machine shared with other work.  No PDFs (``EDITION_PDF=0``); the site goes to a
temporary folder and is removed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project")
    parser.add_argument("--config", default="mkdocs.yml")
    args = parser.parse_args(argv)
    project = Path(args.project).resolve()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600", EDITION_PDF="0")
    site = Path(tempfile.mkdtemp(prefix="edition-bench-site-"))
    try:
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--quiet", "--strict", "-f", args.config, "--site-dir", str(site)],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_kb, cpu = usage.ru_maxrss, usage.ru_utime + usage.ru_stime
        if result.returncode != 0:
            print(result.stderr[-2000:], file=sys.stderr)
            return result.returncode
        html = sorted(((p.stat().st_size, str(p.relative_to(site))) for p in site.rglob("*.html")), reverse=True)
        pages = len(html)
        size = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    finally:
        shutil.rmtree(site, ignore_errors=True)
    print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "peak_rss_mb": peak_kb / 1024, "html_pages": pages, "site_bytes": size,
                      "largest_html_bytes": html[0][0] if html else 0, "largest_html": html[0][1] if html else ""}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
