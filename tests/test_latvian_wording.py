"""Wording a Latvian reader stumbles on, fixed where it is made: a unit said twice, a
denominator by its code, a level by its number alone."""

from __future__ import annotations

from benchlearn.definitions import read_files
from benchlearn.definitions.files import builtin_paths
from benchlearn.views import level_text

BUILTIN = read_files(builtin_paths())


def test_a_unit_already_in_the_name_is_not_repeated_in_brackets() -> None:
    per_1000 = BUILTIN.indicators["T2_SOC_WORKERS_PER_1000"]
    cost = BUILTIN.indicators["T2_SOCIAL_ASSISTANCE_PER_INH"]

    assert (per_1000.label("lv"), per_1000.unit_label("lv")) == (
        "Sociālā darba speciālisti uz 1000 iedzīvotājiem",
        "uz 1000 iedzīvotājiem",
    )
    assert per_1000.label_with_unit("lv") == "Sociālā darba speciālisti uz 1000 iedzīvotājiem"
    assert cost.label_with_unit("lv") == f"{cost.label('lv')} ({cost.unit_label('lv')})"


def test_a_denominator_is_named_by_its_definition() -> None:
    home_care = BUILTIN.indicators["T2_HOME_CARE_PER_1000_65"]

    assert home_care.denominator == "POP_65_PLUS"
    assert BUILTIN.denominator_label(home_care, "lv") == "Iedzīvotāji vecumā 65 gadi un vairāk"
    assert BUILTIN.denominator_label(home_care, "en") == "Residents aged 65 and over"


def test_a_level_is_named_with_the_scales_label() -> None:
    mapping = BUILTIN.indicators["HB_RISK_MAPPING"]

    assert level_text(mapping, 2.0, "lv") == "2.\u00a0līmenis — attīstībā"
    assert level_text(mapping, 0.0, "en") == "level\u00a00 — not started"


def test_shipped_latvian_texts_quote_with_one_kind_of_quotation_marks() -> None:
    """The catalogue's rule (tests/test_messages.py) holds for the shipped definitions too:
    their Latvian names, units, descriptions, sources and level labels quote „so”."""
    texts = {
        f"{code}.{part}": text.get("lv", "")
        for code, ind in BUILTIN.indicators.items()
        for part, text in (
            ("name", ind.name),
            ("unit", ind.units),
            ("description", ind.description),
            ("source", ind.sources),
            *((f"level {lv.value:g}", lv.label) for lv in ind.scale),
        )
    }
    texts |= {
        f"{code}.{part}": text.get("lv", "")
        for code, network in BUILTIN.networks.items()
        for part, text in (("name", network.name), ("description", network.description))
    }

    assert {key: text for key, text in texts.items() if any(q in text for q in "'\"“«»")} == {}
    assert texts["NVPT_ESF_PROJECT.description"].endswith(
        "pasākuma „Pasākumi vietējās sabiedrības veselības veicināšanai” projektu."
    )
