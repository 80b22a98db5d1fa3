"""The message catalogue: every message in every language, with the same placeholders."""

from __future__ import annotations

import ast
import string

import pytest

from benchlearn.messages import LANGUAGES, MESSAGES, t
from tests.conftest import REPO


def placeholders(template: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(template) if field}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_every_language_with_the_same_placeholders(key: str) -> None:
    entry = MESSAGES[key]

    assert sorted(entry) == sorted(LANGUAGES)
    assert all(entry[lang].strip() for lang in LANGUAGES)
    assert {lang: placeholders(entry[lang]) for lang in LANGUAGES} == {
        lang: placeholders(entry["en"]) for lang in LANGUAGES
    }


def literal_keys() -> set[str]:
    """Keys passed as a plain string to ``t`` anywhere in the package."""
    found = set()
    for path in (REPO / "benchlearn").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "t"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_key_the_code_asks_for_exists() -> None:
    keys = literal_keys()

    assert len(keys) > 50
    assert sorted(keys - MESSAGES.keys()) == []


def test_a_language_without_a_text_falls_back_to_english() -> None:
    assert t("title", "de", network="T2") == "Benchlearning comparison: T2"
    assert t("title", "lv", network="T2") == "Salīdzinošā novērtēšana: T2"
