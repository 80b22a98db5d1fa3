"""A network's efficiency models (``efficiency:``): validated with every problem's key path,
frozen, written back unchanged, stored and listed by ``definitions models``."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions import read_mapping
from benchlearn.definitions.model import EfficiencyModel
from benchlearn.errors import BenchlearnError, ValidationError
from tests.conftest import WORKSPACE_DEFINITIONS, write

INDICATORS = [
    {"code": code, "name": code, "unit": "x", "direction": "neutral"}
    for code in ("COST", "STAFF", "PUPILS", "POP", "AREA")
]


def network(efficiency: Any) -> dict[str, Any]:
    return {
        "indicators": INDICATORS,
        "network": {"code": "N", "name": "N", "indicators": ["COST"], "efficiency": efficiency},
    }


def problems(efficiency: Any) -> list[tuple[str | None, str, str]]:
    with pytest.raises(ValidationError) as caught:
        read_mapping(network(efficiency), "n.yaml")
    return [(p.column, p.text("en"), p.text("lv")) for p in caught.value.problems]


def test_a_model_is_read_into_a_frozen_object_with_the_defaults_of_r_benchmarking() -> None:
    model = {"name": {"en": "Schools", "lv": "Skolas"}, "inputs": ["COST", "STAFF"],
             "outputs": ["PUPILS"], "context": ["POP"]}  # fmt: skip

    found = read_mapping(network({"SCHOOLS": model}), "n.yaml").network("N").model("SCHOOLS")

    assert found == EfficiencyModel(
        "SCHOOLS", {"en": "Schools", "lv": "Skolas"}, ("COST", "STAFF"), ("PUPILS",),
        "input", "vrs", ("POP",),
    )  # fmt: skip
    assert found.label("lv") == "Skolas"
    with pytest.raises(dataclasses.FrozenInstanceError):
        found.returns = "crs"  # type: ignore[misc]


def test_a_network_with_models_is_written_back_as_it_loads() -> None:
    models = {
        "A": {"name": "A", "inputs": ["COST"], "outputs": ["PUPILS", "AREA"],
              "orientation": "output", "returns": "crs"},
        "B": {"name": {"en": "B"}, "inputs": ["STAFF"], "outputs": ["PUPILS"],
              "orientation": "input", "returns": "vrs", "context": ["POP", "AREA"]},
    }  # fmt: skip
    first = read_mapping(network(models), "n.yaml").network("N")

    again = read_mapping({"indicators": INDICATORS, "network": first.to_descriptor()}, "n.yaml")

    assert again.network("N") == first
    assert list(first.efficiency) == ["A", "B"]
    assert first.to_descriptor()["efficiency"]["A"] == {
        "name": {"en": "A"}, "inputs": ["COST"], "outputs": ["PUPILS", "AREA"],
        "orientation": "output", "returns": "crs",
    }  # fmt: skip


def test_every_problem_of_a_model_is_reported_with_its_key_path() -> None:
    bad = {
        "M": {"name": "M", "inputs": [], "outputs": ["PUPILS", "PUPILS", "9"],
              "orientation": "sideways", "returns": "big", "colour": "red"},
        "BOTH": {"name": "B", "inputs": ["COST", "STAFF"], "outputs": ["STAFF"],
                 "context": ["COST"]},
        "EMPTY": {"inputs": ["COST"]},
        "LIST": ["COST"],
        "1X": {"name": "X", "inputs": ["COST"], "outputs": ["PUPILS"]},
    }  # fmt: skip

    assert problems(bad) == [
        ("network.efficiency.M.colour",
         "unknown key (allowed: context, inputs, name, orientation, outputs, returns)",
         "nezināma atslēga (atļautās: context, inputs, name, orientation, outputs, returns)"),
        ("network.efficiency.M.inputs", "must be a non-empty list of indicator codes",
         "jābūt netukšam rādītāju kodu sarakstam"),
        ("network.efficiency.M.outputs[2]",
         "'9' is not a valid code (a letter, then letters, digits or _)",
         "„9” nav derīgs kods (burts, tad burti, cipari vai _)"),
        ("network.efficiency.M.outputs", "PUPILS is listed more than once",
         "PUPILS norādīts vairāk nekā vienu reizi"),
        ("network.efficiency.M.orientation", "'sideways' is not one of input, output",
         "„sideways” nav neviena no šīm: input, output"),
        ("network.efficiency.M.returns", "'big' is not one of vrs, crs, drs, irs",
         "„big” nav neviena no šīm: vrs, crs, drs, irs"),
        ("network.efficiency.BOTH.outputs",
         "STAFF is both an input and an output; a model uses an indicator as one of them",
         "STAFF ir gan ieguldījums, gan rezultāts; modelis rādītāju izmanto tikai kā vienu "
         "no tiem"),
        ("network.efficiency.BOTH.context",
         "COST is an input or output of the model and cannot also be its context",
         "COST ir modeļa ieguldījums vai rezultāts un nevar būt arī tā konteksts"),
        ("network.efficiency.EMPTY.name", "is required",
         "ir obligāts"),
        ("network.efficiency.EMPTY.outputs", "is required",
         "ir obligāts"),
        ("network.efficiency.LIST",
         "must be a mapping with name, inputs, outputs and optionally orientation, returns "
         "and context",
         "jābūt kartējumam ar name, inputs, outputs un pēc izvēles orientation, returns un "
         "context"),
        ("network.efficiency.1X",
         "'1X' is not a valid code (a letter, then letters, digits or _)",
         "„1X” nav derīgs kods (burts, tad burti, cipari vai _)"),
    ]  # fmt: skip


def test_efficiency_must_name_its_models() -> None:
    expected = [
        ("network.efficiency",
         "must be a mapping of model codes to models "
         "({SPORTS: {name: ..., inputs: [...], outputs: [...]}})",
         "jābūt kartējumam no modeļu kodiem uz modeļiem "
         "({SPORTS: {name: ..., inputs: [...], outputs: [...]}})"),
    ]  # fmt: skip

    assert problems(["COST"]) == expected
    assert problems({}) == expected


def test_an_unknown_indicator_in_a_model_is_named_where_it_is_written() -> None:
    model = {"name": "M", "inputs": ["COST", "MONEY"], "outputs": ["PUPILS"],
             "context": ["DENSITY"]}  # fmt: skip

    assert problems({"M": model}) == [
        ("network.efficiency.M.inputs[1]", "unknown indicator MONEY",
         "nezināms rādītājs MONEY"),
        ("network.efficiency.M.context[0]", "unknown indicator DENSITY",
         "nezināms rādītājs DENSITY"),
    ]  # fmt: skip


def test_an_unknown_model_is_refused_naming_the_networks_models() -> None:
    found = read_mapping(network({"M": {"name": "M", "inputs": ["COST"],
                                        "outputs": ["PUPILS"]}}), "n.yaml")  # fmt: skip

    with pytest.raises(BenchlearnError) as caught:
        found.network("N").model("X")

    assert caught.value.text("lv") == "tīklam N nav efektivitātes modeļa X (tā modeļi: M)"
    assert str(caught.value) == "network N has no efficiency model X (its models: M)"


MODELS = """  efficiency:
    COSTS:
      name: {en: Cost for satisfaction, lv: Izmaksas pret apmierinātību}
      inputs: [COST]
      outputs: [SHARE]
      context: [POP]
    SCALE:
      name: Size
      inputs: [COST]
      outputs: [POP]
      orientation: output
      returns: crs
"""


def test_definitions_models_lists_what_the_stored_networks_declare(
    engine: Engine, db_url: str, tmp_path: Path
) -> None:
    path = write(tmp_path / "defs.yaml", WORKSPACE_DEFINITIONS + MODELS)
    runner = CliRunner()
    url = db_url
    loaded = runner.invoke(cli, ["--db", url, "definitions", "load", str(path)])

    listed = runner.invoke(cli, ["--db", url, "definitions", "models", "-n", "T9"])
    latvian = runner.invoke(cli, ["--db", url, "definitions", "models", "--lang", "lv",
                                  "--format", "csv"])  # fmt: skip

    assert loaded.exit_code == 0, loaded.output
    assert listed.output == (
        "network  model  name                   inputs  outputs  orientation  returns  context\n"
        "-------  -----  ---------------------  ------  -------  -----------  -------  -------\n"
        "T9       COSTS  Cost for satisfaction  COST    SHARE    input        vrs      POP\n"
        "T9       SCALE  Size                   COST    POP      output       crs\n"
    )
    assert latvian.output == (
        "network,model,name,inputs,outputs,orientation,returns,context\n"
        "T9,COSTS,Izmaksas pret apmierinātību,COST,SHARE,input,vrs,POP\n"
        "T9,SCALE,Size,COST,POP,output,crs,\n"
    )


def test_the_kostra_sample_ships_two_valid_models() -> None:
    from benchlearn.samples import sample_path

    folder = sample_path("no-kostra")
    data = [yaml.safe_load((folder / name).read_text(encoding="utf-8"))
            for name in ("indicators.yaml", "network.yaml")]  # fmt: skip

    found = read_mapping({**data[0], **data[1]}, "network.yaml").network("KOSTRA")

    assert {code: (m.inputs, m.outputs, m.context) for code, m in found.efficiency.items()} == {
        "PROPERTY_POP": (("OPEX_PROPERTY",), ("POP",), ("OPEX_TOTAL_PER_INH",)),
        "PROPERTY_AREA": (("OPEX_PROPERTY",), ("POP", "AREA_ADM_M2", "AREA_SPORTS_OWNED_M2"),
                          ("OPEX_TOTAL_PER_INH",)),
    }  # fmt: skip
