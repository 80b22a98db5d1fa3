"""Control rules: what a coordinator checks before a year's figures are accepted.

Like Statistics Norway's control program for KOSTRA reports, every value is
checked against the rules its definitions declare:

* ``required`` — every member must report the indicator (error);
* ``min``/``max`` — the valid range (error);
* ``max_change`` — the largest credible change from the previous year, in percent (warning);
* ``rules`` on indicators and networks — conditions over indicators of the same
  municipality and year such as ``PART <= TOTAL``, evaluated by the safe evaluator
  (severity as declared, error by default).

On top of the declared rules come two statistical flags (warnings): values more
than 3.5 median absolute deviations from the median of all municipalities, and
year-on-year changes far outside the indicator's usual change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from benchlearn.definitions import Definitions, RuleDefinition, freeze, pick_text
from benchlearn.definitions.expressions import parse
from benchlearn.definitions.model import range_text
from benchlearn.frames import usable_matrix
from benchlearn.messages import LANGUAGES, t
from benchlearn.values import values as read_values

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["municipality", "indicator", "year", "rule", "severity", "value", "previous", "message"]
OUTLIER_MADS = 3.5
#: The checks an indicator's definition declares by a keyword, as a result's ``rule`` names
#: them; any other declared rule is named by its expression (the importer tells them apart).
BUILTIN_CHECKS = ("required", "range", "max_change")
_REQUIRED, _RANGE, _MAX_CHANGE = BUILTIN_CHECKS
# add(municipality, indicator, rule, severity, value, previous, message)
Add = Callable[[str, str, str, str, float, float, str], None]


def check(
    connection: Connection,
    definitions: Definitions,
    network: str,
    year: int,
    municipalities: Sequence[str] | None = None,
    *,
    lang: str = "en",
) -> pd.DataFrame:
    """Every violation for a network's members in ``year``, errors first.

    Columns: ``municipality, indicator, year, rule, severity, value, previous, message``.
    """
    from benchlearn.registry.municipalities import network_members

    chosen = definitions.network(network)
    members = list(municipalities) if municipalities else network_members(connection, chosen, year)
    codes = _codes_to_check(definitions, chosen.indicator_codes, chosen.rules)
    return check_values(
        connection, definitions, codes, year, members, extra_rules=chosen.rules, lang=lang
    )


def _codes_to_check(
    definitions: Definitions, codes: Iterable[str], extra_rules: Sequence[RuleDefinition]
) -> list[str]:
    """The network's stored indicators, their formula components and those its rules use."""
    wanted = set(codes)
    for rule in extra_rules:
        wanted |= parse(rule.expression).names
    for code in list(wanted):
        wanted |= definitions.indicators[code].components
    return sorted(c for c in wanted if c in definitions.indicators)


def check_values(
    connection: Connection,
    definitions: Definitions,
    codes: Sequence[str],
    year: int,
    members: Sequence[str],
    *,
    extra_rules: Sequence[RuleDefinition] = (),
    lang: str = "en",
    statistical: bool = True,
) -> pd.DataFrame:
    """Run every rule of ``codes`` (plus ``extra_rules``) for ``members`` in ``year``."""
    import numpy as np
    import pandas as pd

    rules = [(r, None) for r in extra_rules] + declared_rules(definitions, codes)
    rule_codes = set(codes)
    for rule, _ in rules:
        rule_codes |= parse(rule.expression).names
    everyone = read_values(connection, definitions, sorted(rule_codes), [year - 1, year])
    now = everyone[everyone["year"] == year]
    usable = now[now["status"].isna() | (now["status"] == "..")]
    # Rules check confidential figures too: they are stored, only never shown.
    wide = usable_matrix(now[now["municipality"].isin(members)], confidential=True)
    before = everyone[(everyone["year"] == year - 1) & everyone["status"].isna()]
    previous = usable_matrix(before)
    found: list[tuple[object, ...]] = []

    def add(
        m: str, code: str, rule: str, severity: str, value: float, prev: float, text: str
    ) -> None:
        found.append((m, code, year, rule, severity, value, prev, text))

    reported = now[now["municipality"].isin(members)]
    for code in codes:
        ind = definitions.indicators[code]
        name = ind.label(lang)
        column = wide[code] if code in wide else pd.Series(dtype=float)
        prev_column = previous[code] if code in previous else pd.Series(dtype=float)
        if ind.required:
            has_row = set(reported.loc[reported["indicator"] == code, "municipality"])
            for m in sorted(set(members) - has_row):
                add(
                    m,
                    code,
                    _REQUIRED,
                    "error",
                    np.nan,
                    _get(prev_column, m),
                    f"{name} is required",
                )
        low = -np.inf if ind.min is None else ind.min
        high = np.inf if ind.max is None else ind.max
        outside = column[(column < low) | (column > high)]
        for m, v in _pairs(outside):
            text = f"{v:g} is outside the valid range {range_text(ind.min, ind.max)}"
            add(m, code, _RANGE, "error", v, _get(prev_column, m), text)
        if ind.max_change is not None:
            both = pd.concat([column.rename("now"), prev_column.rename("prev")], axis=1).dropna()
            both = both[both["prev"] != 0]
            change = 100 * (both["now"] - both["prev"]) / both["prev"].abs()
            for m, pct in _pairs(change[change.abs() > ind.max_change]):
                text = (
                    f"changed {pct:+.0f}% since {year - 1} (largest credible change "
                    f"{ind.max_change:g}%)"
                )
                add(
                    m,
                    code,
                    _MAX_CHANGE,
                    "warning",
                    _get(both["now"], m),
                    _get(both["prev"], m),
                    text,
                )
        if statistical and not ind.scale:
            _statistical_flags(usable, before, code, members, name, year, add)
    for rule, owner in rules:
        expression = parse(rule.expression)
        env = {
            n: (wide[n] if n in wide else pd.Series(np.nan, index=wide.index)).to_numpy(dtype=float)
            for n in expression.names
        }
        if not len(wide):
            continue
        holds = expression.evaluate(env)
        broken = np.flatnonzero(holds == 0.0)
        subject = owner or sorted(expression.names)[0]
        message = (
            pick_text(rule.message, lang) if rule.message else f"{rule.expression} does not hold"
        )
        for i in broken:
            m = str(wide.index.to_numpy()[i])
            details = ", ".join(f"{n} = {env[n][i]:g}" for n in sorted(expression.names))
            value = _get(wide[subject], m) if subject in wide else np.nan
            prev = _get(previous[subject], m) if subject in previous else np.nan
            add(m, subject, rule.expression, rule.severity, value, prev, f"{message} ({details})")
    frame = pd.DataFrame(found, columns=COLUMNS)
    frame["order"] = (frame["severity"] != "error").astype(int)
    return (
        frame.sort_values(["order", "municipality", "indicator", "rule"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )


def declared_rules(
    definitions: Definitions, codes: Sequence[str]
) -> list[tuple[RuleDefinition, str | None]]:
    """The rules of ``codes`` with the indicator each is reported on.

    Besides each indicator's own rules, a proportion's numerator may not exceed
    its denominator: that rule holds for every proportion whose counts (or
    itself) are among ``codes``, reported on the numerator, the value a file
    most likely got wrong.
    """
    chosen = set(codes)
    found: list[tuple[RuleDefinition, str | None]] = [
        (r, c) for c in codes for r in definitions.indicators[c].rules
    ]
    for code, ind in sorted(definitions.indicators.items()):
        parts = {code, ind.numerator, ind.denominator}
        if ind.statistic == "proportion" and parts & chosen:
            text = {
                lang: t("numerator_exceeds", lang, indicator=ind.label(lang)) for lang in LANGUAGES
            }
            rule = RuleDefinition(f"{ind.numerator} <= {ind.denominator}", "error", freeze(text))
            found.append((rule, ind.numerator))
    return found


def proportion_counts(descriptors: Iterable[Mapping[str, object]]) -> set[str]:
    """Numerators and denominators of the proportions among stored indicator descriptors.

    Importing a count that a proportion is built on runs the numerator ≤ denominator rule.
    """
    return {
        str(d[key])
        for d in descriptors
        if d.get("statistic") == "proportion"
        for key in ("numerator", "denominator")
        if d.get(key)
    }


def _statistical_flags(
    usable: pd.DataFrame,
    before: pd.DataFrame,
    code: str,
    members: Sequence[str],
    name: str,
    year: int,
    add: Add,
) -> None:
    """Outliers among all municipalities, and unusual year-on-year changes (warnings)."""
    import numpy as np

    values = usable.loc[usable["indicator"] == code].set_index("municipality")["value"]
    values = values[values.notna()]
    if len(values) >= 5:
        median = values.median()
        mad = (values - median).abs().median()
        if mad > 0:
            robust = (values - median) / mad
            flagged = robust[(robust.abs() > OUTLIER_MADS) & robust.index.isin(members)]
            for m, rz in _pairs(flagged):
                value = _get(values, m)
                text = (
                    f"{value:g} is {rz:+.1f} MADs from the median of all municipalities "
                    f"({median:g})"
                )
                add(m, code, "outlier", "warning", value, np.nan, text)
    prev = before.loc[before["indicator"] == code].set_index("municipality")["value"]
    both = values.to_frame("now").join(prev.rename("prev"), how="inner")
    both = both[both["prev"] != 0]
    if len(both) >= 5:
        change = (both["now"] - both["prev"]) / both["prev"].abs()
        median = change.median()
        mad = (change - median).abs().median()
        if mad > 0:
            unusual = ((change - median).abs() / mad > OUTLIER_MADS) & change.index.isin(members)
            for m, ratio in _pairs(change[unusual]):
                text = (
                    f"changed {100 * ratio:+.0f}% since {year - 1}, far outside the usual "
                    f"change ({100 * median:+.0f}% median)"
                )
                add(m, code, "unusual_change", "warning", _get(both["now"], m),
                    _get(both["prev"], m), text)  # fmt: skip


def _pairs(series: pd.Series) -> list[tuple[str, float]]:
    """(municipality, number) pairs of a Series indexed by municipality."""
    return list(zip(series.index.astype(str), series.to_numpy(dtype=float).tolist(), strict=True))


def _get(series: pd.Series, key: object) -> float:
    value = series.get(key)
    return float("nan") if value is None else float(value)
