"""The layout is the architecture: one package per stage, imports only downward, no cycle.

The layering is an import-linter ``layers`` contract in pyproject.toml; these
tests run it, show that it catches an upward import, and check what a layers
contract cannot see (a cycle inside one package, a stage without its tests).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "build_tools"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _contract_layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return contract["layers"]


def _lint_imports(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(project / "pyproject.toml"), "--no-cache"],
        cwd=project,
        env={"PYTHONPATH": str(project), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )


def test_every_stage_package_is_a_layer():
    stages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").is_file())
    layers = _contract_layers()
    assert sorted(name.split(".")[1] for name in layers if (PACKAGE / name.split(".")[1]).is_dir()) == stages
    # The pipeline's order, bottom first.
    order = [name.split(".")[1] for name in reversed(layers)]
    assert order[:8] == ["core", "read", "clean", "structure", "annotate", "render", "export", "publish"]


def test_the_layers_contract_holds():
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 kept, 0 broken" in result.stdout


def test_the_layers_contract_catches_an_upward_import(tmp_path):
    shutil.copytree(PACKAGE, tmp_path / "build_tools", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    model = tmp_path / "build_tools" / "core" / "model.py"
    model.write_text(model.read_text(encoding="utf-8") + "\nfrom ..render import base  # noqa\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert "build_tools.core.model -> build_tools.render.base" in result.stdout


def _import_graph() -> dict[str, set[str]]:
    graph = grimp.build_graph("build_tools", cache_dir=None)
    return {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two or more modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_cycle_finder_finds_a_cycle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycle_in_build_tools():
    # Imports inside functions count too: a lazy import is still a dependency.
    edges = {m: {t for t in targets if t != m} for m, targets in _import_graph().items()}
    assert _cycles(edges) == []


@pytest.mark.parametrize("stage", ["core", "read", "clean", "structure", "annotate", "render", "export", "publish"])
def test_tests_mirror_the_stages(stage):
    folder = ROOT / "tests" / stage
    assert sorted(folder.glob("test_*.py")), f"tests/{stage}/ holds no tests for build_tools/{stage}/"


# ----------------------------------------------------------------- strings in code

CYRILLIC = re.compile("[\u0400-\u04ff]")


def _docstring_ids(tree: ast.AST) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                ids.add(id(first.value))
    return ids


def cyrillic_literals(source: str, name: str = "<source>") -> list[str]:
    """Every string constant (f-string parts too) holding a Cyrillic letter, docstrings left out."""
    tree = ast.parse(source, name)
    docstrings = _docstring_ids(tree)
    return [
        f"{name}:{node.lineno}: {node.value[:60]!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and CYRILLIC.search(node.value)
    ]


def test_the_literal_finder_sees_strings_and_skips_docstrings():
    source = '"""Модуль."""\ndef f():\n    """Функция."""\n    return f"Бет {1}", "ok", "\\u049b"\n'
    assert sorted(line.split(": ", 1)[1] for line in cyrillic_literals(source)) == ["'Бет '", "'қ'"]


def test_no_kazakh_string_literal_in_build_tools():
    """Interface strings live in data/locale/kk.yaml, language knowledge in data/language.yaml."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        found += cyrillic_literals(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    assert found == [], "\n".join(found)


def _without_comments(js: str) -> str:
    js = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    return re.sub(r"(^|\s)//.*", "", js)


def test_no_kazakh_word_in_the_sites_scripts():
    """The scripts read their words and tables from window.EditionData (publish/script_data.py)."""
    scripts = sorted((ROOT / "docs" / "assets").rglob("*.js"))
    assert scripts
    found = [f"{p.relative_to(ROOT)}: {m}" for p in scripts for m in CYRILLIC.findall(_without_comments(p.read_text(encoding="utf-8")))]
    assert found == [], found
