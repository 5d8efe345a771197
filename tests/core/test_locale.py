"""The interface's words: one locale file, every key in it used, every key the code asks for in it."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from build_tools.clean.engine import RULES
from build_tools.core import locale
from build_tools.core.errors import EditionError
from build_tools.core.locale import (
    LOCALE_FILE,
    date_range_kk,
    format_date_kk,
    t,
    t_keys,
    t_list,
    t_map,
)

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "build_tools"
SCRIPTS = ROOT / "docs" / "assets"
LOOKUPS = {"t", "t_map", "t_list", "t_label", "t_keys"}


def _leaves(node, prefix: str = "") -> dict[str, object]:
    """Every string or list of strings in the file, by dotted key."""
    if isinstance(node, dict):
        found = {}
        for key, value in node.items():
            found.update(_leaves(value, f"{prefix}{key}."))
        return found
    return {prefix.rstrip("."): node}


def _calls() -> list[tuple[Path, ast.Call]]:
    """Every call of t(), t_map(), t_label() or t_list() in build_tools."""
    calls = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) in LOOKUPS and node.args:
                if isinstance(node.args[0], ast.Name) and path.name == "locale.py":
                    continue  # for_javascript(): JAVASCRIPT_KEYS, counted below
                calls.append((path, node))
    return calls


def _name(func) -> str:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _key(call: ast.Call) -> tuple[str, bool]:
    """(key, exact): a literal key, or the literal start of an f-string key (a whole subtree)."""
    arg = call.args[0]
    if isinstance(arg, ast.Constant):
        return arg.value, True
    assert isinstance(arg, ast.JoinedStr), ast.unparse(call)
    head = arg.values[0]
    assert isinstance(head, ast.Constant) and head.value.endswith("."), ast.unparse(call)
    return head.value.rstrip("."), False


def _keys_in_code() -> list[tuple[str, bool]]:
    used = [_key(call) for _, call in _calls()]
    used += [(key, True) for key in locale.JAVASCRIPT_KEYS]
    return used


def test_every_key_the_code_asks_for_is_in_the_file():
    leaves = _leaves(locale.strings())
    for path, call in _calls():
        key, exact = _key(call)
        where = f"{path.relative_to(ROOT)}:{call.lineno}"
        if exact:
            {"t": t, "t_map": t_map, "t_label": t_map, "t_list": t_list, "t_keys": t_keys}[_name(call.func)](key)  # raises if missing
        else:
            assert any(k.startswith(key + ".") for k in leaves), f"{where}: nothing under {key!r}"


def test_every_key_in_the_file_is_used():
    used = _keys_in_code()
    unused = [
        key for key in _leaves(locale.strings())
        if not any(key == k or key.startswith(k + ".") for k, _ in used)
    ]
    assert unused == []


def test_every_rule_has_labels_and_every_label_a_rule():
    assert list(locale.strings()["rules"]) == [r.name for r in RULES]  # the order they run in
    for r in RULES:
        assert r.label_kk == t(f"rules.{r.name}.kk") and r.label_en == t(f"rules.{r.name}.en")


def test_placeholders_match_what_the_code_fills_in():
    for path, call in _calls():
        key, exact = _key(call)
        if not exact or _name(call.func) != "t":
            continue
        fields = {f for _, f, _, _ in string.Formatter().parse(t(key)) if f}
        given = {kw.arg for kw in call.keywords}
        assert fields == given or (not given and not fields), f"{path.name}:{call.lineno} {key}: {fields} != {given}"


def test_a_missing_key_names_the_file_and_the_line():
    with pytest.raises(EditionError) as caught:
        t("nav.nowhere")
    error = caught.value
    assert error.path == LOCALE_FILE and "nav.nowhere" in error.message
    lines = LOCALE_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[error.line - 1] == "nav:"
    assert f"{LOCALE_FILE}:{error.line}" in str(error)
    with pytest.raises(EditionError, match="no interface string 'nowhere'"):
        t("nowhere")


def test_a_wrong_kind_of_value_or_placeholder_is_an_error():
    with pytest.raises(EditionError, match="must be a string"):
        t("texts.kinds")
    with pytest.raises(EditionError, match="must be a list"):
        t_list("texts.kinds")
    with pytest.raises(EditionError, match="bad placeholder"):
        t("texts.paragraphs", count=3)


def test_dates_are_written_with_the_files_months():
    assert format_date_kk("1991") == "1991 ж."
    assert format_date_kk("1991-12") == "1991 ж. желтоқсан"
    assert date_range_kk("1991-12-16", "1992-01-02") == "1991 ж. 16 желтоқсан – 1992 ж. 2 қаңтар"
    assert len(t_list("dates.months")) == 12


def test_the_scripts_ask_only_for_the_strings_they_are_given():
    asked = set()
    for path in SCRIPTS.rglob("*.js"):
        source = path.read_text(encoding="utf-8")
        asked |= set(re.findall(r'uiText\("([^"]+)"[,)]', source))  # uiText("key") or uiText("key", n)
        for prefix in re.findall(r'uiText\("([^"]+\.)" \+', source):  # uiText("search.kinds." + kind)
            family = {key for key in locale.JAVASCRIPT_KEYS if key.startswith(prefix)}
            assert family, f"{path.name} asks for {prefix}… and no string is given under it"
            asked |= family
    assert asked == set(locale.JAVASCRIPT_KEYS)
    assert locale.for_javascript() == {key: t(key) for key in locale.JAVASCRIPT_KEYS}
