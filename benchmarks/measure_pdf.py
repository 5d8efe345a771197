"""Lay out the largest PDF of the edition once and print time, peak memory, size and pages as JSON.

The largest PDF is the whole of the longest text with divisions (the dissertation), chosen
from the data. Run in a fresh process (by ``benchmarks.run``) so that peak memory is the
layout's own: the pipeline, the print document and WeasyPrint.
"""

from __future__ import annotations

import json
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str]) -> int:
    root = Path(argv[1]).resolve()
    sys.path.insert(0, str(root))
    from build_tools.publish import pdf
    from build_tools.publish.pipeline import build_edition
    from build_tools.read.texts import Paths

    edition = build_edition(Paths(root))
    targets = [t for t in pdf.plan(edition) if t.kind == "full"] or pdf.plan(edition)
    target = max(targets, key=lambda t: len(t.printed.doc.text))
    info = edition.info
    with tempfile.TemporaryDirectory(prefix="edition-bench-pdf-") as tmp:
        start = time.perf_counter()
        documents = dict((t.name, p) for t, p in pdf.print_documents(edition, info, Path(tmp)))
        written = time.perf_counter() - start
        out = Path(tmp) / target.name
        start = time.perf_counter()
        pdf.write_pdf(documents[target.name], out)
        seconds = time.perf_counter() - start
        info_text = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
        pages = int(m.group(1)) if (m := re.search(r"^Pages:\s+(\d+)", info_text, re.M)) else None
        size = out.stat().st_size
    print(
        json.dumps(
            {
                "pdf": target.name,
                "characters": len(target.printed.doc.text),
                "seconds": seconds,
                "documents_seconds": written,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "bytes": size,
                "pages": pages,
                "engine": f"WeasyPrint {pdf.engine_version()}",
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
