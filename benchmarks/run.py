"""`make bench`: how fast the edition builds, how its cost grows, how heavy its pages are.

Writes ``benchmarks/results.json`` and ``benchmarks/results.md`` and prints a
summary with each target and whether it is met.  Run from the project root:

    .venv/bin/python -m benchmarks.run [--quick]

``--quick`` uses factors 1 and 10 only and fewer repetitions (for a smoke run).
``--only builds`` (or ``serve``, or ``search``, the search at scale; comma-separated) runs just those parts and adds
them to the existing results.
"""

from __future__ import annotations

import argparse
import dataclasses
import html.parser
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.corpus import corpus_chars, make_corpus  # noqa: E402
from build_tools.annotate.glossary import Entry, Glossary, load_glossary  # noqa: E402
from build_tools.annotate.spans import annotate  # noqa: E402
from build_tools.clean.engine import clean_text  # noqa: E402
from build_tools.core.model import Document  # noqa: E402
from build_tools.publish.pipeline import build_edition  # noqa: E402
from build_tools.read.sources import read_source  # noqa: E402
from build_tools.read.texts import Paths, load_texts  # noqa: E402
from build_tools.render import text as render  # noqa: E402
from build_tools.structure.blocks import structure_text  # noqa: E402

TARGETS = {
    "pipeline_seconds": 1.0,
    "linearity_100x": 1.2,
    "glossary_1000_over_10": 1.5,
    "mkdocs_ratio": 1.5,
    "largest_html_bytes": 1_000_000,
    "search_index_ratio": 1.5,
    "search_first_bytes": 500_000,  # issue 20: a first query transfers under 500 kB (10× and 100×) …
    "search_first_ms": 300.0,  # … and shows its results in under 300 ms
    "largest_pdf_seconds": 60.0,  # the whole dissertation, laid out once
    "largest_pdf_mb": 1024.0,
    # whole-site builds (mkdocs build, no PDFs) of the synthetic corpora, and serve
    "site_build_100x_seconds": 600.0,
    "site_build_100x_mb": 2048.0,
    "site_build_growth_over_linear": 1.0,  # 10× → 100×, time and memory
    "serve_seconds": 5.0,
}


def _median_time(func, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


# --------------------------------------------------------------------------- pipeline stages


def bench_stages(paths: Paths, repeat: int) -> dict:
    """Median seconds of each stage over the five texts, and of the whole pipeline."""
    metas = load_texts(paths)
    glossary = load_glossary(paths.sources / "glossary")
    sources = [read_source(m, paths.sources) for m in metas]
    cleaned = [clean_text(s.raw, s.meta) for s in sources]
    docs = []
    for s, c in zip(sources, cleaned):
        doc = Document(meta=s.meta, clean=c)
        doc.divisions = structure_text(c.text, s.meta)
        doc.spans = annotate(doc, glossary)
        docs.append(doc)

    def run_structure():
        for d in docs:
            structure_text(d.text, d.meta)

    base_spans = [list(d.spans) for d in docs]

    def run_commentary():
        from build_tools.annotate.commentary import attach_notes

        for d, spans in zip(docs, base_spans):
            d.spans, d.notes, d.cited_by = list(spans), [], {}
        attach_notes(paths, docs, glossary)

    stages = {
        "read": _median_time(lambda: [read_source(m, paths.sources) for m in metas], repeat),
        "clean": _median_time(lambda: [clean_text(s.raw, s.meta) for s in sources], repeat),
        "structure": _median_time(run_structure, repeat),
        "annotate": _median_time(lambda: [annotate(d, glossary) for d in docs], repeat),
        "commentary": _median_time(run_commentary, repeat),
        "render": _median_time(lambda: [render.render_document(d, glossary) for d in docs], repeat),
    }
    stages["whole_pipeline"] = _median_time(lambda: build_edition(paths), repeat)
    return stages


# --------------------------------------------------------------------------- scaling


def corpus_project(factor: int, workdir: Path) -> Path:
    """The synthetic corpus at ``factor``× as a project that builds as a site (its fonts linked)."""
    project = make_corpus(ROOT, workdir / f"corpus-{factor}x", factor)
    if (ROOT / "node_modules").exists() and not (project / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    return project


def bench_scaling(factors: list[int], workdir: Path, site_builds: list | None = None) -> list[dict]:
    """Pipeline time and peak memory on synthetic corpora, each in a fresh process.

    With ``site_builds`` (a list), the whole site of each corpus is built too
    (``bench_site_build``) and its rows appended there: one corpus serves both.
    """
    rows = []
    for factor in factors:
        project = corpus_project(factor, workdir)
        runs = []
        for _ in range(3 if factor < 100 else 2):
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.measure_pipeline", str(project)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            runs.append(json.loads(out.stdout))
        best = min(runs, key=lambda r: r["seconds"])
        rows.append({"factor": factor, **best})
        if site_builds is not None:
            site_builds.append(bench_site_build(project, factor))
        shutil.rmtree(project)
    base = rows[0]
    for row in rows:
        expected = base["seconds"] * row["chars"] / base["chars"]
        row["over_linear"] = row["seconds"] / expected if expected else None
    return rows


# --------------------------------------------------------------------------- whole-site builds


def bench_site_build(project: Path, factor: int) -> dict:
    """`mkdocs build` of a corpus's whole site (no PDFs, no clean cache), each run in a fresh process.

    Time and peak memory of the mkdocs process and its children (benchmarks/measure_build.py);
    the median of three runs at 1×, two at 10×, one at 100×.
    """
    runs = []
    for _ in range(3 if factor == 1 else 2 if factor < 100 else 1):
        shutil.rmtree(project / "build", ignore_errors=True)  # a build from scratch: every text cleaned
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.measure_build", str(project)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        if out.returncode != 0:
            raise RuntimeError(f"site build of the {factor}× corpus failed:\n{out.stderr[-3000:]}")
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    texts = len(load_texts(Paths(project)))
    return {
        "factor": factor,
        "texts": texts,
        "chars": corpus_chars(project),
        "seconds": statistics.median(r["seconds"] for r in runs),
        "cpu_seconds": statistics.median(r["cpu_seconds"] for r in runs),
        "peak_rss_mb": statistics.median(r["peak_rss_mb"] for r in runs),
        "runs": runs,
        "html_pages": runs[0]["html_pages"],
        "site_bytes": runs[0]["site_bytes"],
        "largest_html_bytes": runs[0].get("largest_html_bytes", 0),
        "largest_html": runs[0].get("largest_html", ""),
    }


def site_build_growth(rows: list[dict]) -> dict | None:
    """Growth from 10× to 100× of time and peak memory, against the growth of the text (1.0 = linear)."""
    by = {r["factor"]: r for r in rows}
    if 10 not in by or 100 not in by:
        return None
    a, b = by[10], by[100]
    chars = b["chars"] / a["chars"]
    return {
        "chars_ratio": chars,
        "time_ratio": b["seconds"] / a["seconds"],
        "memory_ratio": b["peak_rss_mb"] / a["peak_rss_mb"],
        "time_over_linear": b["seconds"] / a["seconds"] / chars,
        "cpu_over_linear": b.get("cpu_seconds", 0) / a["cpu_seconds"] / chars if a.get("cpu_seconds") else None,
        "memory_over_linear": b["peak_rss_mb"] / a["peak_rss_mb"] / chars,
    }


def bench_serve(edits: int = 3) -> dict:
    """`mkdocs serve` on a copy of the real edition: a YAML edit until the served page shows it (benchmarks/measure_serve.py)."""
    from benchmarks import measure_serve

    return {
        "plain": measure_serve.measure(ROOT, edits=edits, dirty=False),
        "dirty": measure_serve.measure(ROOT, edits=edits, dirty=True),
    }


def site_build_verdicts(results: dict) -> list[tuple[str, str, str, bool | None]]:
    rows = []
    builds = {r["factor"]: r for r in results.get("site_builds", [])}
    if 100 in builds:
        b = builds[100]
        rows.append(("Whole site at 100× (mkdocs build, no PDFs): time", f"{b['seconds']:.0f} s", "< 10 min", b["seconds"] < TARGETS["site_build_100x_seconds"]))
        rows.append(("Whole site at 100×: peak memory", f"{b['peak_rss_mb']:.0f} MB", "< 2 GB", b["peak_rss_mb"] < TARGETS["site_build_100x_mb"]))
        if b.get("largest_html_bytes"):
            rows.append(("Whole site at 100×: largest HTML page", f"{b['largest_html_bytes'] / 1e6:.2f} MB ({b['largest_html']})", "≤ 1 MB", b["largest_html_bytes"] <= TARGETS["largest_html_bytes"]))
    growth = results.get("site_build_growth")
    if growth:
        limit = TARGETS["site_build_growth_over_linear"]
        rows.append(("Whole site 10× → 100×: time against linear", f"{growth['time_over_linear']:.2f}×", "≤ 1.0×", growth["time_over_linear"] <= limit))
        rows.append(("Whole site 10× → 100×: memory against linear", f"{growth['memory_over_linear']:.2f}×", "≤ 1.0×", growth["memory_over_linear"] <= limit))
    serve = results.get("serve") or {}
    for mode, label in (("dirty", "mkdocs serve --dirty (make serve)"), ("plain", "mkdocs serve")):
        s = serve.get(mode)
        if s and s.get("median_seconds") is not None:
            ok = s["median_seconds"] < TARGETS["serve_seconds"] and not s.get("timeouts")
            rows.append((f"{label}: YAML edit → page shows it (median, max)", f"{s['median_seconds']:.1f} s, {s['max_seconds']:.1f} s", "< 5 s", ok))
    return rows


def site_build_report(results: dict) -> list[str]:
    rows = results.get("site_builds") or []
    if not rows:
        return []
    lines = [
        "",
        "## Whole-site builds (synthetic corpora, `mkdocs build`, no PDFs, no clean cache)",
        "",
        "Peak memory is that of the mkdocs process and its children.",
        "",
        "| factor | texts | characters | seconds | CPU seconds | peak memory | HTML pages | site size | largest page |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['factor']}× | {r['texts']} | {r['chars']:,} | {r['seconds']:.1f} | {r.get('cpu_seconds', 0):.1f} | {r['peak_rss_mb']:.0f} MB | "
            f"{r['html_pages']} | {r['site_bytes'] / 1e6:.0f} MB | {r.get('largest_html_bytes', 0) / 1e6:.2f} MB ({r.get('largest_html', '')}) |"
        )
    growth = results.get("site_build_growth")
    if growth:
        lines += [
            "",
            f"10× → 100×: {growth['chars_ratio']:.1f}× the text; time {growth['time_ratio']:.1f}× "
            f"({growth['time_over_linear']:.2f}× of linear), peak memory {growth['memory_ratio']:.1f}× "
            f"({growth['memory_over_linear']:.2f}× of linear)"
            + (f"; CPU time {growth['cpu_over_linear']:.2f}× of linear." if growth.get("cpu_over_linear") else "."),
        ]
    serve = results.get("serve") or {}
    if serve:
        lines += ["", "## mkdocs serve: a YAML edit until the served page shows it (real edition, no PDFs)", ""]
        lines += ["| mode | edits | median | max | median CPU | each (s) |", "| --- | --- | --- | --- | --- | --- |"]
        for mode in ("dirty", "plain"):
            s = serve.get(mode)
            if not s:
                continue
            each = ", ".join(f"{e['file']} {e['seconds']:.1f}" if e["seconds"] is not None else f"{e['file']} timeout" for e in s["edits"])
            median = f"{s['median_seconds']:.1f} s" if s.get("median_seconds") is not None else "—"
            worst = f"{s['max_seconds']:.1f} s" if s.get("max_seconds") is not None else "—"
            name = "`mkdocs serve --dirty` (make serve)" if mode == "dirty" else "`mkdocs serve`"
            cpu = f"{s['median_cpu_seconds']:.1f} s" if s.get("median_cpu_seconds") is not None else "—"
            lines.append(f"| {name} | {len(s['edits'])} | {median} | {worst} | {cpu} | {each} |")
    return lines


# --------------------------------------------------------------------------- glossary scaling


def synthetic_entries(count: int, seed: int = 7) -> list[Entry]:
    """Entries whose forms look like real ones but occur nowhere in the texts."""
    rng = random.Random(seed)
    upper = "АӘБВГҒДЕЖЗИКҚЛМНҢОӨПРСТУҰҮФХШЫІЭЮЯ"
    lower = "аәбвгғдежзиқклмнңоөпрстуұүфхшыіэюя"
    entries = []
    for i in range(count):
        acronym = "Щ" + "".join(rng.choice(upper) for _ in range(rng.randint(2, 4))) + str(i)
        words = ["".join(rng.choice(lower) for _ in range(rng.randint(4, 9))) for _ in range(3)]
        name = "Щ" + " ".join(words)
        entries.append(
            Entry(id=f"synthetic-{i}", kind="organisation", name={"kk": name}, acronym={"kk": acronym})
        )
    return entries


def bench_glossary(paths: Paths, sizes: list[int], repeat: int) -> list[dict]:
    """Annotation time as the glossary grows.

    The main series keeps the same real entries (the first ``sizes[0]``) and adds synthetic
    ones, so every size finds the same occurrences and only the glossary's size changes.
    A second series starts from all real entries (which find about three times as many
    occurrences as the first ten) and is shown for information.
    """
    real = list(load_glossary(paths.sources / "glossary").entries.values())
    edition = build_edition(paths)
    rows = []

    def measure(entries, series):
        glossary = Glossary(entries)
        seconds = _median_time(lambda: [annotate(d, glossary) for d in edition.documents], repeat)
        real_count = sum(1 for e in entries if not e.id.startswith("synthetic-"))
        rows.append({"series": series, "entries": len(entries), "real_entries": real_count, "seconds": seconds})

    base = real[: sizes[0]]
    for size in sizes:
        measure(base + synthetic_entries(size - len(base)), "same real entries")
    measure(real + synthetic_entries(max(0, sizes[-1] - len(real))), "all real entries")
    return rows


# --------------------------------------------------------------------------- mkdocs


def _mkdocs(project: Path, site: Path) -> float:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start


def plain_project(workdir: Path) -> Path:
    """The same pages written as files, without annotation, built by mkdocs with no hooks."""
    import yaml

    edition = build_edition(Paths(ROOT))
    plain_docs = [dataclasses.replace(d, spans=[]) for d in edition.documents]
    plain_pages = {p.src_uri: p for p in edition.pages}
    for doc in plain_docs:
        for page in render.render_document(doc, edition.glossary):
            plain_pages[page.src_uri] = page
    project = workdir / "plain"
    if project.exists():
        shutil.rmtree(project)
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    for page in plain_pages.values():
        target = project / "docs" / page.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.content, encoding="utf-8")
    # No pipeline hook: the pages are files. A small hook gives the theme the template
    # filter the edition's overrides use; the search hook is the same in both builds.
    (project / "plain_hooks.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom build_tools.publish.pdf import css_string\n\n\n"
        "def on_env(env, config, files):\n    env.filters['css_string'] = css_string\n    return env\n",
        encoding="utf-8",
    )
    config_text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config_text = re.sub(
        r"^hooks:\n(?:  - .*\n)+",
        f"hooks:\n  - plain_hooks.py\n  - {ROOT / 'build_tools' / 'publish' / 'search_hooks.py'}\n",
        config_text,
        flags=re.M,
    )
    nav = yaml.safe_dump({"nav": edition.nav()}, allow_unicode=True, sort_keys=False)
    (project / "mkdocs.yml").write_text(config_text + "\n" + nav, encoding="utf-8")
    return project


def bench_mkdocs(workdir: Path, repeat: int) -> dict:
    plain = plain_project(workdir)
    full_site, plain_site = workdir / "site-full", workdir / "site-plain"
    full_times, plain_times = [], []
    for _ in range(repeat):  # interleaved, so both see the same machine load
        full_times.append(_mkdocs(ROOT, full_site))
        plain_times.append(_mkdocs(plain, plain_site))
    full, plain_t = statistics.median(full_times), statistics.median(plain_times)
    return {"full_seconds": full, "plain_seconds": plain_t, "ratio": full / plain_t, "site": str(full_site)}


# --------------------------------------------------------------------------- site weight


class _ArticleText(html.parser.HTMLParser):
    """Collects the text inside <article> (what the search plugin indexes)."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1

    def handle_endtag(self, tag):
        if tag == "article" and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth:
            self.parts.append(data)


def bench_site(site: Path) -> dict:
    html_files = sorted(site.rglob("*.html"))
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    largest = max(html_files, key=lambda p: p.stat().st_size)
    article_bytes = 0
    for path in html_files:
        parser = _ArticleText()
        parser.feed(path.read_text(encoding="utf-8"))
        article_bytes += len(" ".join("".join(parser.parts).split()).encode("utf-8"))
    index_files = [p for p in (site / "pagefind").rglob("*") if p.is_file()]
    index_bytes = sum(p.stat().st_size for p in index_files)
    pdfs = {p.name: p.stat().st_size for p in sorted((site / "pdf").glob("*.pdf"))} if (site / "pdf").is_dir() else {}
    return {
        "total_bytes": total,
        "html_pages": len(html_files),
        "largest_html": str(largest.relative_to(site)),
        "largest_html_bytes": largest.stat().st_size,
        "search_index_bytes": index_bytes,  # site/pagefind/: all of it, of which a query loads a few files
        "search_index_files": len(index_files),
        "indexed_text_bytes": article_bytes,
        "search_index_ratio": (index_bytes / article_bytes) if index_bytes and article_bytes else None,
        "pdf_bytes": pdfs,
    }


def bench_pdfs(site: Path) -> dict:
    """Every PDF into the benchmark site (as `make site` makes them), then the largest alone,
    in a fresh process: its time, peak memory, size and pages."""
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "build_tools", "pdf", "--site", str(site)], cwd=ROOT, capture_output=True, text=True
    )
    out = {"seconds": time.perf_counter() - start, "returncode": result.returncode, "stderr": result.stderr[-500:]}
    largest = subprocess.run(
        [sys.executable, "-m", "benchmarks.measure_pdf", str(ROOT)], cwd=ROOT, capture_output=True, text=True
    )
    if largest.returncode == 0:
        out["largest"] = json.loads(largest.stdout.strip().splitlines()[-1])
    else:
        out["largest_error"] = largest.stderr[-500:]
    return out


def bench_search(site: Path) -> dict:
    from benchmarks import search_latency

    return search_latency.measure(site)


def bench_search_scale(factors: list[int], workdir: Path) -> list[dict]:
    """The search on the sites of synthetic corpora: index on disk, bytes and time of a first
    and a second query (benchmarks/search_scale.py)."""
    from benchmarks import search_scale

    rows = []
    for factor in factors:
        try:
            rows.append(search_scale.measure_factor(factor, workdir))
        except Exception as exc:  # e.g. out of memory at 100×: say so, keep the other figures
            rows.append({"factor": factor, "error": f"{type(exc).__name__}: {str(exc)[-300:]}"})
    return rows


# --------------------------------------------------------------------------- report


def verdicts(results: dict) -> list[tuple[str, str, str, bool | None]]:
    rows = []
    stages = results["stages"]
    rows.append(("Pipeline on the five texts", f"{stages['whole_pipeline']:.3f} s", "< 1 s", stages["whole_pipeline"] < TARGETS["pipeline_seconds"]))
    scaling = results["scaling"]
    if scaling and scaling[-1]["factor"] >= 100:
        r = scaling[-1]["over_linear"]
        rows.append(("100× corpus against linear", f"{r:.2f}×", "≤ 1.2×", r <= TARGETS["linearity_100x"]))
    g = [r for r in results["glossary"] if r.get("series", "same real entries") == "same real entries"]
    ratio = g[-1]["seconds"] / g[0]["seconds"]
    rows.append((f"Annotation, {g[-1]['entries']} vs {g[0]['entries']} entries", f"{ratio:.2f}×", "≤ 1.5×", ratio <= TARGETS["glossary_1000_over_10"]))
    m = results["mkdocs"]
    rows.append(("Full mkdocs build / plain build", f"{m['ratio']:.2f}× ({m['full_seconds']:.2f} s / {m['plain_seconds']:.2f} s)", "≤ 1.5×", m["ratio"] <= TARGETS["mkdocs_ratio"]))
    s = results["site"]
    rows.append(("Largest HTML page", f"{s['largest_html_bytes'] / 1e6:.2f} MB ({s['largest_html']})", "≤ 1 MB", s["largest_html_bytes"] <= TARGETS["largest_html_bytes"]))
    if s["search_index_ratio"] is not None:
        rows.append(("Search index on disk / indexed text", f"{s['search_index_ratio']:.2f}× ({s['search_index_bytes'] / 1e6:.2f} MB)", "≤ 1.5×", s["search_index_ratio"] <= TARGETS["search_index_ratio"]))
    for r in results.get("search_scale", []):
        if "error" in r:
            continue
        fb, fm = r["first_bytes"], r["first_ms"]
        rows.append((f"Search at {r['factor']}×: first query, bytes (median / max over {r['queries']})", f"{fb['median'] / 1e3:.0f} kB / {fb['max'] / 1e3:.0f} kB", "< 500 kB", fb["max"] < TARGETS["search_first_bytes"]))
        rows.append((f"Search at {r['factor']}×: first query, ms to results (median / p95)", f"{fm['median']:.0f} / {fm['p95']:.0f} ms", "< 300 ms", fm["median"] < TARGETS["search_first_ms"]))
    rows += site_build_verdicts(results)
    big = results.get("pdf", {}).get("largest")
    if big:
        rows.append((f"Largest PDF ({big['pdf']}, {big['pages']} pages): layout time", f"{big['seconds']:.1f} s", "< 60 s", big["seconds"] < TARGETS["largest_pdf_seconds"]))
        rows.append((f"Largest PDF ({big['pdf']}): peak memory", f"{big['peak_rss_mb']:.0f} MB", "< 1 GB", big["peak_rss_mb"] < TARGETS["largest_pdf_mb"]))
    return rows


def markdown_report(results: dict) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Measured {results['date']} on {results['machine']}.",
        "",
        "| measure | value | target | met |",
        "| --- | --- | --- | --- |",
    ]
    for name, value, target, ok in verdicts(results):
        lines.append(f"| {name} | {value} | {target} | {'yes' if ok else 'NO'} |")
    lines += ["", "## Pipeline stages (five texts, median)", "", "| stage | seconds |", "| --- | --- |"]
    lines += [f"| {k} | {v:.4f} |" for k, v in results["stages"].items()]
    lines += ["", "## Scaling (synthetic corpora)", "", "| factor | texts | characters | seconds | peak memory | vs linear |", "| --- | --- | --- | --- | --- | --- |"]
    for r in results["scaling"]:
        lines.append(f"| {r['factor']}× | {r['texts']} | {r['chars']:,} | {r['seconds']:.2f} | {r['peak_rss_mb']:.0f} MB | {r['over_linear']:.2f}× |")
    lines += site_build_report(results)
    lines += ["", "## Glossary size (annotation of the five texts, median)", "", "| entries | of them real | series | seconds |", "| --- | --- | --- | --- |"]
    lines += [f"| {r['entries']} | {r['real_entries']} | {r.get('series', '')} | {r['seconds']:.4f} |" for r in results["glossary"]]
    s = results["site"]
    lines += [
        "",
        "## Site weight",
        "",
        f"- total size: {s['total_bytes'] / 1e6:.2f} MB in {s['html_pages']} HTML pages",
        f"- largest HTML page: {s['largest_html']} ({s['largest_html_bytes'] / 1e3:.0f} kB)",
        f"- search index: {s['search_index_bytes'] / 1e6:.2f} MB for {s['indexed_text_bytes'] / 1e6:.2f} MB of indexed text",
    ]
    if s["pdf_bytes"]:
        lines.append("- PDFs: " + ", ".join(f"{k} {v / 1e3:.0f} kB" for k, v in s["pdf_bytes"].items()))
    p = results.get("pdf", {})
    if "seconds" in p:
        lines += ["", "## PDFs", "", f"- all PDFs of the edition, two processes: {p['seconds']:.1f} s (exit {p['returncode']})"]
        if p.get("largest"):
            b = p["largest"]
            lines.append(
                f"- largest, {b['pdf']} ({b['characters']:,} characters of text): {b['pages']} pages, {b['bytes'] / 1e6:.2f} MB, "
                f"laid out in {b['seconds']:.1f} s, peak memory {b['peak_rss_mb']:.0f} MB ({b['engine']}; print documents of every PDF written in {b['documents_seconds']:.1f} s)"
            )
    search = results.get("search", {})
    if "median_ms" in search:
        lines += ["", "## Search latency in the browser", "", f"- median {search['median_ms']:.0f} ms, 95th percentile {search['p95_ms']:.0f} ms over {search.get('queries', '?')} queries (one page, chunks cached after their first use)"]
    scale = results.get("search_scale", [])
    if scale:
        lines += [
            "",
            "## Search at scale (synthetic corpora; each query of the table in a fresh browser)",
            "",
            "| factor | HTML pages | index on disk | files | first query: kB median / max | first query: ms median / p95 | second query: kB median / max | second query: ms median / p95 |",
            "| --- | --- | --- | --- | --- | --- | --- | --- |",
        ]
        for r in scale:
            if "error" in r:
                lines.append(f"| {r['factor']}× | not measured: {r['error']} | | | | | | |")
                continue
            fb, fm, sb, sm = r["first_bytes"], r["first_ms"], r["second_bytes"], r["second_ms"]
            lines.append(
                f"| {r['factor']}× | {r['html_pages']} | {r['index']['bytes'] / 1e6:.1f} MB | {r['index']['files']} "
                f"| {fb['median'] / 1e3:.0f} / {fb['max'] / 1e3:.0f} | {fm['median']:.0f} / {fm['p95']:.0f} "
                f"| {sb['median'] / 1e3:.0f} / {sb['max'] / 1e3:.0f} | {sm['median']:.0f} / {sm['p95']:.0f} |"
            )
        steps = [r for r in scale if "first_steps_median" in r]
        if steps:
            lines += [
                "",
                "Where a first query's time went (medians over the queries, ms; edition-search.js `state.steps`):",
                "",
                "| factor | waiting for typing to pause | Pagefind's search | the shown results' fragments | into the DOM | results found |",
                "| --- | --- | --- | --- | --- | --- |",
            ]
            for r in steps:
                m = r["first_steps_median"]
                lines.append(f"| {r['factor']}× | {m['waited']:.0f} | {m['answered']:.0f} | {m['fragments']:.0f} | {m['render']:.0f} | {m['results']:.0f} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="factors 1 and 10 only, fewer repetitions")
    parser.add_argument("--out", default=str(ROOT / "benchmarks"), help="where results.json/.md go")
    parser.add_argument("--only", default="", help="comma-separated parts to run alone (builds, serve, search: the search at scale), added to the existing results")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else 7
    factors = [1, 10] if args.quick else [1, 10, 100]
    paths = Paths(ROOT)
    results: dict = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
    }
    if args.only:
        return run_only(set(args.only.split(",")), factors, Path(args.out), results)
    with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
        workdir = Path(tmp)
        print("pipeline stages …", flush=True)
        results["stages"] = bench_stages(paths, repeat)
        print("scaling and whole-site builds", factors, "…", flush=True)
        results["site_builds"] = []
        results["scaling"] = bench_scaling(factors, workdir, results["site_builds"])
        results["site_build_growth"] = site_build_growth(results["site_builds"])
        print("mkdocs serve …", flush=True)
        results["serve"] = bench_serve()
        print("glossary size …", flush=True)
        results["glossary"] = bench_glossary(paths, [10, 100, 1000], repeat)
        print("mkdocs full vs plain …", flush=True)
        results["mkdocs"] = bench_mkdocs(workdir, 3)
        site = Path(results["mkdocs"].pop("site"))
        print("PDFs …", flush=True)
        results["pdf"] = bench_pdfs(site)
        print("site weight …", flush=True)
        results["site"] = bench_site(site)
        print("search latency …", flush=True)
        results["search"] = bench_search(site)
        print("search at", factors, "…", flush=True)
        results["search_scale"] = bench_search_scale(factors, workdir)
    write_results(results, Path(args.out))
    return 0


def write_results(results: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    report = markdown_report(results)
    (out / "results.md").write_text(report, encoding="utf-8")
    print()
    for name, value, target, ok in verdicts(results):
        print(f"{'ok ' if ok else 'MISS'} {name}: {value} (target {target})")


def run_only(parts: set[str], factors: list[int], out: Path, fresh: dict) -> int:
    """Run some parts alone (``--only builds,serve``) and put them into the existing results."""
    unknown = parts - {"builds", "serve", "search"}
    if unknown:
        print(f"unknown part(s): {', '.join(sorted(unknown))} (known: builds, serve, search)", file=sys.stderr)
        return 2
    path = out / "results.json"
    results = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    results.update(fresh)
    if "builds" in parts:
        with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
            results["site_builds"] = []
            for factor in factors:
                print(f"whole-site build at {factor}× …", flush=True)
                project = corpus_project(factor, Path(tmp))
                results["site_builds"].append(bench_site_build(project, factor))
                shutil.rmtree(project)
        results["site_build_growth"] = site_build_growth(results["site_builds"])
    if "serve" in parts:
        print("mkdocs serve …", flush=True)
        results["serve"] = bench_serve()
    if "search" in parts:
        print("search at", factors, "…", flush=True)
        with tempfile.TemporaryDirectory(prefix="edition-bench-") as tmp:
            results["search_scale"] = bench_search_scale(factors, Path(tmp))
    if {"stages", "scaling", "glossary", "mkdocs", "site"} <= set(results):
        write_results(results, out)
    else:  # no full run yet: the parts alone
        out.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        for name, value, target, ok in site_build_verdicts(results):
            print(f"{'ok ' if ok else 'MISS'} {name}: {value} (target {target})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
