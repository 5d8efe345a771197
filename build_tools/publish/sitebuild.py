"""Build the site atomically: ``site/`` changes only when a whole build succeeded.

``python -m build_tools.publish.sitebuild [--site-dir site] [extra mkdocs build options]``
(what ``make site`` runs).

Plain ``mkdocs build`` runs the edition's pipeline in the ``on_config`` hook,
*before* it cleans ``site_dir``: a bad source stops it with the previous site
untouched.  But anything that fails later — a strict-mode warning (a broken
link, a missing anchor), a template error, an error in another plugin — comes
after MkDocs has emptied ``site_dir`` and written some or all of the new
pages, so ``site/`` is left damaged.  Here MkDocs builds into a staging folder
beside ``site/``, and the staging folder replaces ``site/`` only when the
build succeeded; otherwise it is removed and ``site/`` is as it was.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..read.texts import PROJECT_ROOT


def replace_dir(staging: Path, target: Path) -> None:
    """Put ``staging`` in the place of ``target`` (two renames on one file system)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    os.replace(staging, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def build_site(project: Path, site_dir: Path, mkdocs_args: list[str] | None = None) -> int:
    """Run ``mkdocs build --strict`` into a staging folder; swap it in on success."""
    project = Path(project).resolve()
    site_dir = Path(site_dir)
    if not site_dir.is_absolute():
        site_dir = project / site_dir
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.staging-", dir=site_dir.parent))
    try:
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(staging)]
        result = subprocess.run([*cmd, *(mkdocs_args or [])], cwd=project)
        if result.returncode != 0:
            print(
                f"site build failed: {site_dir} was left as it was (the messages above say what to fix)",
                file=sys.stderr,
            )
            return result.returncode
        replace_dir(staging, site_dir)
        print(f"site built into {site_dir}")
        return 0
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_tools.publish.sitebuild", description=__doc__.splitlines()[0])
    parser.add_argument("--project", default=str(PROJECT_ROOT), help="folder holding mkdocs.yml")
    parser.add_argument("--site-dir", default="site", help="where the site goes (default: site)")
    args, rest = parser.parse_known_args(argv)
    return build_site(Path(args.project), Path(args.site_dir), rest)


if __name__ == "__main__":
    sys.exit(main())
