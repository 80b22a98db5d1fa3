"""The control rules run on what an import wrote, inside its transaction.

Declared rules (an indicator's ``rules`` and ``max_change``, a network's rules
and the built-in checks such as numerator <= denominator) are checked for the
years, indicators and municipalities a file touched; broken rules become the
file's problems or warnings, and tell ``skip_invalid`` which values to leave out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, cast

from sqlalchemy import Connection

from benchlearn.definitions.expressions import parse
from benchlearn.errors import Problem
from benchlearn.importing.result import ImportResult
from benchlearn.importing.validate import Key, Lookups
from benchlearn.rules import BUILTIN_CHECKS, check_values

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.definitions import Definitions


def apply_control_rules(
    connection: Connection, lookups: Lookups, result: ImportResult, skip_invalid: bool
) -> dict[Key, Mapping[str, str]]:
    """Run the declared control rules on what this file wrote (inside its transaction).

    Broken rules of severity error block the file unless ``skip_invalid``, in
    which case they are reported with the warnings (values the file does not
    hold, such as a required one it lacks, cannot be rejected). Returns the
    values behind each error, (municipality id, indicator id, year) → message:
    every indicator a broken rule names, its message in every language.
    Statistical flags are left to ``benchlearn check``, which sees the whole year.
    """
    broken: dict[Key, Mapping[str, str]] = {}
    if not result.touched:
        return broken
    from benchlearn.definitions.store import stored_definitions

    definitions = stored_definitions(connection)
    code_of = dict(zip(lookups.indicator_ids.tolist(), lookups.indicator_codes, strict=False))
    id_of = {code: i for i, code in code_of.items()}
    place_of = dict(
        zip(lookups.municipality_ids.tolist(), lookups.municipality_codes, strict=False)
    )
    where = {code: i for i, code in place_of.items()}
    for year, (indicator_ids, municipality_ids) in sorted(result.touched.items()):
        codes = sorted(code_of[i] for i in indicator_ids)
        members = sorted(place_of[m] for m in municipality_ids)
        found = _checked(connection, definitions, codes, year, members)
        for row in found.itertuples(index=False):
            municipality = where.get(str(row.municipality), -1)
            key = (municipality, id_of.get(str(row.indicator), -1), year)
            line, column = result.cells.get(key, (None, str(row.indicator)))
            texts = cast(Mapping[str, str], row.texts)
            if line is None:  # the file wrote another of the rule's figures: name its cell
                others = sorted(rule_names(str(row.rule), str(row.indicator)) & id_of.keys())
                for code in others:
                    line, column = result.cells.get(
                        (municipality, id_of[code], year), (None, column)
                    )
                    if line is not None:
                        break
            problem = Problem.of(
                result.file,
                "imp_rule",
                {"municipality": row.municipality, "year": year, "message": texts},
                row=None if line is None else int(line),
                column=column,
            )
            blocking = row.severity == "error" and not skip_invalid
            (result.problems if blocking else result.warnings).append(problem)
            if row.severity == "error":
                named = rule_names(str(row.rule), str(row.indicator))
                for code in named & id_of.keys():
                    key = (where[str(row.municipality)], id_of[code], year)
                    broken.setdefault(key, texts)
    return broken


def rule_names(rule: str, indicator: str) -> set[str]:
    """The indicators a reported rule is about: a declared rule's names, else its own indicator."""
    if rule in BUILTIN_CHECKS:
        return {indicator}
    return set(parse(rule).names)


#: Indicators whose rules are checked at a time: a year's values are read for these only,
#: so the rules' memory does not grow with a file that writes thousands of indicators.
RULE_GROUP = 250


def _checked(
    connection: Connection,
    definitions: Definitions,
    codes: list[str],
    year: int,
    members: list[str],
) -> pd.DataFrame:
    """The broken rules of ``codes`` in ``year``, checked :data:`RULE_GROUP` indicators at a
    time; a rule that spans two groups is reported once."""
    import pandas as pd

    frames = []
    for start in range(0, len(codes), RULE_GROUP):
        group = codes[start : start + RULE_GROUP]
        network_rules = [
            rule
            for network in definitions.networks.values()
            for rule in network.rules
            if parse(rule.expression).names & set(group)
        ]
        frames.append(
            check_values(
                connection,
                definitions,
                group,
                year,
                members,
                extra_rules=network_rules,
                statistical=False,
            )
        )
    if len(frames) == 1:
        return frames[0]
    found = pd.concat(frames, ignore_index=True)
    return found.drop_duplicates(
        subset=["municipality", "indicator", "year", "rule", "severity", "message"]
    ).reset_index(drop=True)
