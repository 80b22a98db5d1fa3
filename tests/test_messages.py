"""The message catalogue: every message in every language, with the same placeholders."""

from __future__ import annotations

import ast
import string

import pytest

from benchlearn.messages import LANGUAGES, MESSAGES, alphabetical, t
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


def test_latvian_messages_quote_with_one_kind_of_quotation_marks() -> None:
    """Latvian quotes „so”: no English “curly”, 'single', "straight" or «angle» quotes, and
    every „ is closed by ”."""
    mixed = {
        key: entry["lv"]
        for key, entry in MESSAGES.items()
        if any(mark in entry["lv"] for mark in "“‘’'\"«»")
        or entry["lv"].count("„") != entry["lv"].count("”")
    }

    assert mixed == {}
    assert t("imp_not_number", "lv", text="x") == "„x” nav skaitlis"


def test_latvian_wording_a_reader_does_not_stumble_on() -> None:
    assert t("read_bands", "lv").startswith(
        "Novērtējums rāda, cik tālu vērtība ir no salīdzināmo mediānas, mērot mediānas "
        "absolūtajās novirzēs (MAD): ±0,5 robežās līdzīgi"
    )
    assert "Karalist" not in t("read_bands", "lv")
    assert t("site_own_value", "lv") == "Jūsu vērtība"
    assert t("wb_variables_dropped", "lv", variables="POP", year=2024) == (
        "mainīgie POP, jo 2024. gadā lielākajai daļai dalībnieku nav to datu"
    )
    assert t("reg_reverted_already", "lv", batch=17, by=20) == (
        "ielāde Nr. 17 jau ir atsaukta ar ielādi Nr. 20"
    )
    assert not any("šogad" in entry["lv"] or "paket" in entry["lv"] for entry in MESSAGES.values())


def test_names_sort_in_latvian_alphabetical_order() -> None:
    """Ķ after every K (not among them, nor after Ž), as Č, Ģ, Ļ, Ņ, Š, Ž; Ā among the A's,
    its macron breaking ties only: Latvian collation as CLDR's Latvian tailoring (and the
    Latvian sorting standard LVS 24) has it, letters with a caron or cedilla primary,
    long vowels secondary."""
    names = ["Ķekavas novads", "Kuldīgas novads", "Ogres novads", "Ādažu novads"]
    names += ["Aizkraukles novads", "Rīgas novads", "Rīga", "Žīguri", "Zilupe"]

    assert sorted(names, key=alphabetical) == [
        "Ādažu novads",
        "Aizkraukles novads",
        "Kuldīgas novads",
        "Ķekavas novads",
        "Ogres novads",
        "Rīga",
        "Rīgas novads",
        "Zilupe",
        "Žīguri",
    ]
