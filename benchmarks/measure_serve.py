"""How long `mkdocs serve` takes to show an edit: a YAML file changed → the served page shows it.

``python -m benchmarks.measure_serve [PROJECT] [--edits 3]`` prints JSON.

The project (the real edition by default) is copied into a temporary folder — the real
``source_texts/`` is never touched — and served with ``mkdocs serve`` (no PDFs).  Once the
first build is served, YAML files of the copy are edited, each edit a new value, and the
served page is fetched over HTTP until it shows the new value:

* ``texts.yaml``: a text's editorial title, shown on the text's page;
* a glossary file: an entry's Kazakh description, shown on the entry's page.

The time from the write to the first response that shows the edit is one latency (it
includes MkDocs's file polling, the rebuild and writing the page); each edit waits until
the rebuild before it is over.  ``cpu_seconds`` is the CPU time mkdocs serve spent in that
while (Linux): on a machine shared with other work, the part of the latency that is the
rebuild's own.  Which text and which
entry are taken from the data.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("source_texts", "docs", "overrides", "build_tools")


def copy_project(root: Path, dest: Path) -> Path:
    for name in COPIED:
        shutil.copytree(root / name, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy2(root / "mkdocs.yml", dest / "mkdocs.yml")
    if (root / "node_modules").exists():  # the self-hosted fonts
        (dest / "node_modules").symlink_to((root / "node_modules").resolve(), target_is_directory=True)
    return dest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, needle: str, timeout: float, interval: float = 0.05) -> float | None:
    """Seconds until the page at ``url`` holds ``needle`` (None on timeout)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if needle in _get(url):
            return time.perf_counter() - start
        time.sleep(interval)
    return None


def _cpu_seconds(pid: int) -> float | None:
    """User and system time of a process so far (Linux /proc; None elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _wait_for_builds(log: Path, count: int, timeout: float) -> None:
    """Wait until mkdocs serve has finished ``count`` builds (its log says so): the first
    build's "Documentation built in", then a "Reloading browsers" (or a failed rebuild's
    "An error happened") after each rebuild. Once in a make bench run a rebuild's own
    "Documentation built in" line was missing from the log, and counting those waited in vain."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        text = log.read_text(encoding="utf-8")
        first = min(1, text.count("Documentation built in") + text.count("Aborted"))
        if first + text.count("Reloading browsers") + text.count("An error happened during the rebuild") >= count:
            return
        time.sleep(0.1)


def _write(path: Path, text: str) -> None:
    with open(path, "w", encoding="utf-8") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def edits_from_data(project: Path) -> list[tuple[Path, str, str]]:
    """(YAML file, the value as written there, the page that shows it) for a text's title and an entry's description."""
    from build_tools.annotate.glossary import load_glossary
    from build_tools.read.texts import Paths, load_texts

    paths = Paths(project)
    found = []
    texts_yaml = paths.texts_yaml.read_text(encoding="utf-8")
    meta = next(
        m for m in load_texts(paths)
        if _plain(m.title) and (f"title: {m.title}\n" in texts_yaml or f'title: "{m.title}"' in texts_yaml)
    )
    found.append((paths.texts_yaml, meta.title, f"{meta.url_dir}/"))
    glossary = load_glossary(paths.sources / "glossary")
    for entry in glossary.entries.values():
        description = entry.description.get("kk", "")
        files = [p for p in sorted((paths.sources / "glossary").glob("*.yaml")) if description and description in p.read_text(encoding="utf-8")]
        if len(description) > 20 and _plain(description) and len(files) == 1:
            found.append((files[0], description, f"glossary/{entry.id}/"))
            break
    return found


def measure(
    root: Path = ROOT, edits: int = 3, dirty: bool = False, startup_timeout: float = 600, edit_timeout: float = 300
) -> dict:
    with tempfile.TemporaryDirectory(prefix="edition-serve-") as tmp:
        project = copy_project(Path(root), Path(tmp) / "project")
        targets = edits_from_data(project)
        port = _free_port()
        base = f"http://127.0.0.1:{port}/"
        log = open(Path(tmp) / "serve.log", "w+", encoding="utf-8")
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", EDITION_PDF="0", SITE_URL=base)
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])],
            cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
        result: dict = {"dirty": dirty, "edits": []}
        try:
            first_file, first_value, first_page = targets[0]
            if _wait_for(base + first_page, _html(first_value), startup_timeout, 0.25) is None:
                raise RuntimeError("mkdocs serve did not serve the site:\n" + Path(log.name).read_text(encoding="utf-8")[-3000:])
            result["startup_seconds"] = time.perf_counter() - started
            builds = 1
            for path, value, page in targets:
                current = value
                for i in range(1, edits + 1):
                    _wait_for_builds(Path(log.name), builds, edit_timeout)  # the last rebuild is over
                    time.sleep(0.5)
                    new = f"{value} {'Ә' * i}"  # a new value each time, never a prefix of the last
                    cpu = _cpu_seconds(proc.pid)
                    _write(path, path.read_text(encoding="utf-8").replace(current, new, 1))
                    seconds = _wait_for(base + page, _html(new), edit_timeout)
                    after = _cpu_seconds(proc.pid)
                    result["edits"].append(
                        {
                            "file": path.name,
                            "page": page,
                            "seconds": seconds,
                            "cpu_seconds": after - cpu if cpu is not None and after is not None else None,
                        }
                    )
                    current = new
                    builds += 1
            _wait_for_builds(Path(log.name), builds, edit_timeout)
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
            log.close()
            text = Path(log.name).read_text(encoding="utf-8")
            result["builds"] = [float(m) for m in re.findall(r"Documentation built in ([0-9.]+) seconds", text)]
    times = [e["seconds"] for e in result["edits"] if e["seconds"] is not None]
    result["median_seconds"] = statistics.median(times) if times else None
    result["max_seconds"] = max(times) if times else None
    result["timeouts"] = sum(1 for e in result["edits"] if e["seconds"] is None)
    cpus = [e["cpu_seconds"] for e in result["edits"] if e.get("cpu_seconds") is not None]
    result["median_cpu_seconds"] = statistics.median(cpus) if cpus else None
    return result


def _plain(value: str) -> bool:
    """A value the page shows as written (nothing HTML escapes) and the YAML file holds on one line."""
    return not any(c in value for c in "\"'&<>\n")


def _html(value: str) -> str:
    import html

    return html.escape(value, quote=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", nargs="?", default=str(ROOT))
    parser.add_argument("--edits", type=int, default=3, help="edits per YAML file")
    parser.add_argument("--dirty", action="store_true", help="mkdocs serve --dirty (what `make serve` runs)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(Path(args.project), args.edits, args.dirty), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
