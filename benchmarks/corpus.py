"""Synthetic corpora made from the real texts, for scaling benchmarks.

A corpus at factor N holds the five real texts (with all their YAML) and
N - 1 varied copies of each: in every copy the sentences of each prose line
after its first are shuffled with a seeded generator, so the copies are not identical but keep
the real texts' damage, structure (headings, tables, lists stay in place) and
vocabulary.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

# sentence ends, including sentences glued with ".." (a damage class of text 000)
SENTENCE_SPLIT = re.compile(r"(?<=[.!?])\s+|(?<=\.\.)(?=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])")


def _keep_line(line: str, keep: tuple[str, ...]) -> bool:
    stripped = line.strip()
    return (
        not stripped
        or line.startswith("\t")
        or len(stripped) < 120  # headings, list items, captions
        or any(passage in line for passage in keep)
    )


def vary_text(raw: str, rng: random.Random, keep: tuple[str, ...] = ()) -> str:
    """Shuffle the sentences of each long prose line; keep everything else in place."""
    lines = raw.split("\n")
    out = []
    for line in lines:
        if _keep_line(line, keep):
            out.append(line)
            continue
        # the first sentence stays first: a paragraph keeps its opening (run-in headings,
        # phrases that texts.yaml `structure:` names); the others are shuffled
        first, *rest = SENTENCE_SPLIT.split(line)
        rng.shuffle(rest)
        out.append(" ".join([first, *rest]))
    if out == lines:
        # nothing to shuffle (a text of short lines, such as a PDF copy): swap two neighbouring
        # lines of text instead (no table cell, no declared passage), so that copies differ
        def movable(line: str) -> bool:
            return bool(line.strip()) and not line.startswith("\t") and not any(p in line for p in keep)

        prose = [i for i in range(len(lines) - 1) if movable(lines[i]) and movable(lines[i + 1])]
        if prose:
            i = rng.choice(prose)
            out[i], out[i + 1] = out[i + 1], out[i]
    return "\n".join(out)


# A copy's siglum: a capital and then a digit or capital (A0 … A9, AA … ZZ), the next one free.
SIGLUM_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
COPY_MARKS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def make_corpus(project: Path, dest: Path, factor: int, seed: int = 2026) -> Path:
    """Write a project folder at ``dest`` whose source_texts/ is the corpus at ``factor``×.

    mkdocs.yml, docs/ and overrides/ are copied so the corpus can be built as a site.
    """
    project, dest = Path(project), Path(dest)
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(project / "source_texts", dest / "source_texts")
    for name in ("docs", "overrides"):
        if (project / name).exists():
            shutil.copytree(project / name, dest / name)
    shutil.copy2(project / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(project / "build_tools", dest / "build_tools", ignore=shutil.ignore_patterns("__pycache__"))

    texts_yaml = dest / "source_texts" / "texts.yaml"
    data = yaml.safe_load(texts_yaml.read_text(encoding="utf-8"))
    originals = list(data["texts"])
    used = {entry["siglum"] for entry in originals}
    # Sigla are one Latin capital and a capital or digit: 26 × 36 = 936, taken in order.
    free = (a + b for a in SIGLUM_LETTERS for b in COPY_MARKS if a + b not in used)
    rng = random.Random(seed)
    made: dict[str, set[str]] = {}  # the versions of each text so far: no copy repeats one
    for copy in range(1, factor):
        for entry in originals:
            raw_path = dest / "source_texts" / entry["file"]
            raw = raw_path.read_text(encoding="utf-8")
            keep = tuple(entry.get("not_part_of_work") or ())
            new_id = f"{entry['id']}-{copy:03d}"
            new_file = f"{new_id}.txt"
            seen = made.setdefault(entry["id"], {raw})
            varied = vary_text(raw, rng, keep)
            for _ in range(20):
                if varied not in seen:
                    break
                varied = vary_text(raw, rng, keep)
            seen.add(varied)
            (dest / "source_texts" / new_file).write_text(varied, encoding="utf-8")
            new_entry = dict(
                entry,
                id=new_id,
                file=new_file,
                title=f"{entry['title']} ({copy})",
                # every text has a short title and a siglum of its own (texts.yaml refuses repeats)
                short_title=f"{entry['short_title'][:34]} ({copy})",
                siglum=next(free),
            )
            data["texts"].append(new_entry)
    texts_yaml.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return dest


def corpus_chars(project: Path) -> int:
    data = yaml.safe_load((Path(project) / "source_texts" / "texts.yaml").read_text(encoding="utf-8"))
    return sum(
        len((Path(project) / "source_texts" / e["file"]).read_text(encoding="utf-8")) for e in data["texts"]
    )
