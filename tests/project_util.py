"""A throw-away copy of the edition's project with sources of a test's choosing.

The configuration, theme overrides, hand-written pages and build tools are the
real ones (symbolic links to this checkout); only ``source_texts/`` is the
test's.  Used by the injection and atomic-build tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_project(base: Path, texts: dict[str, tuple[dict, bytes | str]], glossary: bool = True) -> Path:
    """Create a project in ``base``; ``texts`` maps file name to (texts.yaml entry, content)."""
    base.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", base / "mkdocs.yml")
    for name in ("overrides", "docs", "build_tools"):
        (base / name).symlink_to(ROOT / name, target_is_directory=True)
    src = base / "source_texts"
    src.mkdir()
    if glossary:
        shutil.copytree(ROOT / "source_texts" / "glossary", src / "glossary")
    write_texts(base, texts)
    return base


def write_texts(base: Path, texts: dict[str, tuple[dict, bytes | str]]) -> None:
    import json

    src = base / "source_texts"
    lines = ["texts:"]
    for n, (name, (entry, content)) in enumerate(texts.items()):
        # a short title and a siglum of its own for every text, unless the test gives them
        short = {"short_title": f"Мәтін {n + 1}", "siglum": "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n % 26] + ("" if n < 26 else str(n))}
        entry = {"file": name, "language": "kk", "kind": "article", "title_en": "Test", **short, **entry}
        # JSON is YAML: every value is quoted, so hostile titles stay data.
        lines.append("  - " + json.dumps(entry, ensure_ascii=False))
        data = content.encode("utf-8") if isinstance(content, str) else content
        (src / name).write_bytes(data)
    (src / "texts.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_mkdocs(project: Path, site_dir: Path | None = None, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1767225600")
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", *args]
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)


def large_texts(count: int) -> dict[str, tuple[dict, str]]:
    """``count`` small texts for a large edition: articles, and every fifth a divided dissertation.

    Each names glossary terms (the SCO, the Republic of Kazakhstan), so that the glossary's
    counts, concordances and every text's terms span the whole edition.  Sigla run A0 … Z9.
    """
    texts = {}
    for n in range(count):
        siglum = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n // 10] + str(n % 10)
        paragraph = (
            f"Қазақстан Республикасы Шанхай ынтымақтастық ұйымының мүшесі ретінде {n + 1}-мәтінде аталады. "
            "ШЫҰ аймақтағы қауіпсіздік мәселелерін талқылайды."
        )
        entry = {"id": f"{700 + n}", "title": f"Үлкен басылымның {n + 1}-мәтіні", "short_title": f"Мәтін {n + 1}", "siglum": siglum}
        if n % 5 == 4:
            entry["kind"] = "dissertation"
            content = "\n".join(
                ["КІРІСПЕ", paragraph, "1 ТАРАУ БІРІНШІ ТАРАУ", paragraph, "2 ТАРАУ ЕКІНШІ ТАРАУ", paragraph, "ҚОРЫТЫНДЫ", paragraph, ""]
            )
        else:
            content = f"{paragraph}\n\nЕкінші абзац.\n"
        texts[f"t{700 + n}.txt"] = (entry, content)
    return texts
