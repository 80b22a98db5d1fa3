"""Control rules: what a coordinator checks before a year's figures are accepted.

Like Statistics Norway's control program for KOSTRA reports, every value is
checked against the rules its definitions declare:

* ``required`` — every member must report the indicator (error);
* ``min``/``max`` — the valid range (error);
* ``max_change`` — the largest credible change from the previous year, in percent (warning);
* ``rules`` on indicators and networks — conditions over indicators of the same
  municipality and year such as ``PART <= TOTAL``, evaluated by the safe evaluator
  (severity as declared, error by default).

A member that has returned nothing for the network in the year (no value for any
of the network's own indicators, see :func:`own_indicators`) gets one
``not_returned`` line instead of a ``required`` error per indicator: an error
when the network requires any indicator, else a warning.

On top of the declared rules come two statistical flags (warnings): levels more
than 3.5 median absolute deviations from the median of all municipalities, and
year-on-year changes far outside the indicator's usual change and of at least
:data:`CHANGE_FLOOR` (a +0 % change is never "much larger than usual", however
alike everyone else's changes are). Levels are
flagged only where comparing them makes sense, not on size variables (see
:func:`size_variables`): Rīga's population is far from the median every year.

Confidential values (status ``..``) are stored and checked against the valid
range and the declared rules, so a wrong figure is caught even when it may not
be published; but no result shows them (the value is empty and the message says
``..``), and they are never counted in a statistic: not in the median and the
median absolute deviation of the outlier flags, not in a year-on-year change.

Every result carries its message in the catalogue's words, so it can be told in
any language (a rule's own message stays as its author wrote it).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from benchlearn.definitions import Definitions, NetworkDefinition, RuleDefinition, freeze, pick_text
from benchlearn.definitions.expressions import parse
from benchlearn.definitions.model import IndicatorDefinition, range_phrase
from benchlearn.frames import usable_matrix
from benchlearn.messages import LANGUAGES, general, number, phrase, say, t
from benchlearn.values import values as read_values

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Select

COLUMNS = ["municipality", "indicator", "year", "rule", "severity", "value", "previous", "message"]
OUTLIER_MADS = 3.5
#: The smallest year-on-year change (10 %) flagged as unusual: when nearly every member's
#: figure moves alike (a population shrinking by 1 % a year), the changes' MAD is tiny and
#: a change of 0 % or 3 % would otherwise be "far outside the usual change".
CHANGE_FLOOR = 0.10
#: How suspicious a flag is, by rule: a grouped view lists each member's worst first.
SUSPICION = ("not_returned", "range", "required", "max_change", "unusual_change", "outlier")
#: The checks an indicator's definition declares by a keyword, as a result's ``rule`` names
#: them; any other declared rule is named by its expression (the importer tells them apart).
BUILTIN_CHECKS = ("required", "range", "max_change")
_REQUIRED, _RANGE, _MAX_CHANGE = BUILTIN_CHECKS
NOT_RETURNED = "not_returned"
# add(municipality, indicator, rule, severity, value, previous, message key, its values)
Add = Callable[[str, str, str, str, float, float, str, Mapping[str, object]], None]
#: A unit that makes a stored value a share or a rate, whatever it adds up from.
_SHARE_OR_RATE = re.compile(r"%|\b(per|rate|share|ratio)\b", re.IGNORECASE)


def asked_indicators(definitions: Definitions, network: NetworkDefinition) -> list[str]:
    """What a form asks: the network's measured indicators and the components of derived ones."""
    asked: list[str] = []

    def add(code: str) -> None:
        indicator = definitions.indicators[code]
        if indicator.derived:
            for component in sorted(indicator.components):
                add(component)
        elif code not in asked:
            asked.append(code)

    for code in network.indicator_codes:
        add(code)
    return asked


def own_indicators(definitions: Definitions, network: NetworkDefinition) -> list[str]:
    """The indicators the network's form asks that no other network's form asks, in form order.

    A shared value such as the population, which several networks' forms ask,
    says nothing about which form came back: a municipality that returned only
    its T2 form has its population stored, but has not returned its NVPT form.
    A network whose every indicator is shared owns them all.
    """
    asked = asked_indicators(definitions, network)
    others: set[str] = set()
    for other in definitions.networks.values():
        if other.code != network.code:
            others.update(asked_indicators(definitions, other))
    return [code for code in asked if code not in others] or asked


def returned_members(
    connection: Connection,
    definitions: Definitions,
    network: NetworkDefinition,
    year: int,
    members: Sequence[str],
) -> set[str]:
    """The members with a value or a status for any of the network's own indicators in ``year``."""
    from benchlearn.models import Indicator, Municipality, Observation

    own = own_indicators(definitions, network)
    return set(
        connection.execute(
            select(Municipality.code)
            .distinct()
            .join(Observation, Observation.municipality_id == Municipality.id)
            .join(Indicator, Indicator.id == Observation.indicator_id)
            .where(
                Observation.year == year,
                Indicator.code.in_(own),
                Municipality.code.in_(list(members)),
            )
        ).scalars()
    )


def years_with_data(
    connection: Connection,
    definitions: Definitions,
    network: NetworkDefinition,
    members: Sequence[str] | None,
) -> list[int]:
    """The years in which a member has a figure for one of the network's own indicators.

    A figure is a value (a confidential one too); a status alone ("-" missing,
    "." not applicable) is not. Shared context such as the population, which
    several forms ask, does not count: a year with only the population has no
    data for the network yet. ``members`` None: any municipality (values shown
    on other years' units, through a crosswalk).
    """
    query = _figures(definitions, network, members)
    return sorted(int(y) for y in connection.execute(query.distinct()).scalars())


def _figures(
    definitions: Definitions, network: NetworkDefinition, members: Sequence[str] | None
) -> Select[int]:
    """The year of every figure :func:`years_with_data` counts, one row per figure."""
    from sqlalchemy import or_

    from benchlearn.models import Indicator, Municipality, Observation

    own = own_indicators(definitions, network)
    query = (
        select(Observation.year)
        .join(Indicator, Indicator.id == Observation.indicator_id)
        .where(
            Indicator.code.in_(own),
            or_(Observation.value.is_not(None), Observation.status == ".."),
        )
    )
    if members is not None:
        query = query.join(Municipality, Municipality.id == Observation.municipality_id).where(
            Municipality.code.in_(list(members))
        )
    return query


def require_year_data(
    connection: Connection,
    definitions: Definitions,
    network: NetworkDefinition,
    year: int,
    members: Sequence[str],
    *,
    any_unit: bool = False,
) -> None:
    """Fail with one sentence when the members have no data for ``year`` yet: how many
    forms came back that year and which years have data ("2023–2024").

    The one check that every comparison (through the Context) and ``benchlearn check``
    make: a new round, or a mistyped year, says so instead of comparing nothing. "Data"
    and "forms returned" are counted as ``benchlearn forms status`` counts them
    (:func:`years_with_data`, :func:`returned_members`). ``any_unit``: values of any
    municipality count (shown on other years' units through a crosswalk).
    """
    from benchlearn.errors import BenchlearnError
    from benchlearn.messages import counted, year_ranges
    from benchlearn.models import Observation

    who = None if any_unit else members
    # One figure of the year is enough, found through the (indicator, year) index: every
    # year's figures are only gathered for the sentence (a whole table's scan, seconds at
    # Kolada's size, before every comparison).
    query = _figures(definitions, network, who).where(Observation.year == year)
    if connection.execute(query.limit(1)).first() is not None:
        return
    years = years_with_data(connection, definitions, network, who)
    returned = returned_members(connection, definitions, network, year, members)
    values = {
        "network": network.code,
        "year": year,
        "returned": counted("cmp_forms_returned", len(returned)),
        "years": year_ranges(years),
    }
    raise BenchlearnError.of("cmp_no_data_year" if years else "cmp_no_data_ever", values)


def size_variables(definitions: Definitions) -> set[str]:
    """Indicators whose level grows with the municipality: counts, money, areas, people.

    A size variable is a stored (not derived) indicator that adds up when
    municipalities merge (``aggregation: sum``) or that a derived indicator is
    computed from (a numerator, a denominator, a formula's input), unless its
    unit makes it a share or a rate (``%``, ``per ...``, a rate, share or ratio).
    Its level is never flagged as an outlier, only its year-on-year change:
    derived indicators (rates, shares, per-inhabitant values) and the other
    stored ones (days, months, levels, percentages) are.
    """
    components: set[str] = set()
    for indicator in definitions.indicators.values():
        components |= indicator.components
    return {
        code
        for code, ind in definitions.indicators.items()
        if not ind.derived
        and not _share_or_rate(ind)
        and (ind.aggregation == "sum" or code in components)
    }


def _share_or_rate(indicator: IndicatorDefinition) -> bool:
    units = [indicator.unit, *indicator.units.values()]
    return any(_SHARE_OR_RATE.search(unit) for unit in units)


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

    Columns: ``municipality, indicator, year, rule, severity, value, previous, message``;
    a member that returned nothing has one ``not_returned`` row (indicator empty).
    """
    import numpy as np
    import pandas as pd

    from benchlearn.registry.municipalities import network_members

    chosen = definitions.network(network)
    members = list(municipalities) if municipalities else network_members(connection, chosen, year)
    codes = _codes_to_check(definitions, chosen.indicator_codes, chosen.rules)
    found = check_values(
        connection, definitions, codes, year, members, extra_rules=chosen.rules, lang=lang
    )
    back = returned_members(connection, definitions, chosen, year, members)
    if not back:  # nobody has returned anything: one sentence, not a line per member
        require_year_data(connection, definitions, chosen, year, members)
    silent = sorted(set(members) - back)
    if silent:
        found = found[~((found["rule"] == _REQUIRED) & found["municipality"].isin(silent))]
        required = any(definitions.indicators[c].required for c in codes)
        values = {"network": chosen.code, "year": year}
        missing = pd.DataFrame(
            [
                (m, "", year, NOT_RETURNED, "error" if required else "warning", np.nan, np.nan,
                 say("chk_not_returned", lang, values))
                for m in silent
            ],
            columns=COLUMNS,
        )  # fmt: skip
        found = _ordered(
            pd.concat([f for f in (found[COLUMNS], missing) if len(f)], ignore_index=True)
        )
    return found[COLUMNS].reset_index(drop=True)


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
    """Run every rule of ``codes`` (plus ``extra_rules``) for ``members`` in ``year``.

    Columns: :data:`COLUMNS` (``message`` in ``lang``) and ``texts``, the
    message in every language of the catalogue.
    """
    import numpy as np
    import pandas as pd

    rules = [(r, None) for r in extra_rules] + declared_rules(definitions, codes)
    rule_codes = set(codes)
    for rule, _ in rules:
        rule_codes |= parse(rule.expression).names
    everyone = read_values(connection, definitions, sorted(rule_codes), [year - 1, year])
    now = everyone[everyone["year"] == year]
    # Statistics count only values that may be shown: never a confidential one.
    usable = now[now["status"].isna()]
    # The range and the declared rules check confidential figures too; results never show them.
    wide = usable_matrix(now[now["municipality"].isin(members)], confidential=True)
    shown = usable_matrix(now[now["municipality"].isin(members)])
    secret = now.loc[now["status"] == "..", ["municipality", "indicator"]]
    hidden = set(zip(secret["municipality"], secret["indicator"], strict=True))
    before = everyone[(everyone["year"] == year - 1) & everyone["status"].isna()]
    previous = usable_matrix(before)
    sizes = size_variables(definitions) if statistical else set()
    found: list[tuple[object, ...]] = []

    def add(
        m: str,
        code: str,
        rule: str,
        severity: str,
        value: float,
        prev: float,
        key: str,
        values: Mapping[str, object],
    ) -> None:
        texts = phrase(key, values)
        found.append((m, code, year, rule, severity, value, prev, say(key, lang, values), texts))

    reported = now[now["municipality"].isin(members)]
    for code in codes:
        ind = definitions.indicators[code]
        name = {language: ind.label(language) for language in LANGUAGES}
        column = wide[code] if code in wide else pd.Series(dtype=float)
        showable = shown[code] if code in shown else pd.Series(dtype=float)
        prev_column = previous[code] if code in previous else pd.Series(dtype=float)
        if ind.required:
            has_row = set(reported.loc[reported["indicator"] == code, "municipality"])
            for m in sorted(set(members) - has_row):
                add(m, code, _REQUIRED, "error", np.nan, _get(prev_column, m), "chk_required",
                    {"indicator": name})  # fmt: skip
        low = -np.inf if ind.min is None else ind.min
        high = np.inf if ind.max is None else ind.max
        outside = column[(column < low) | (column > high)]
        for m, v in _pairs(outside):
            text: dict[str, object] = {"value": v, "range": range_phrase(ind.min, ind.max)}
            key = "chk_outside_range"
            if (m, code) in hidden:
                v, key = np.nan, "chk_outside_range_confidential"
            add(m, code, _RANGE, "error", v, _get(prev_column, m), key, text)
        if ind.max_change is not None:
            # A change from a known previous year would tell a confidential value.
            both = pd.concat([showable.rename("now"), prev_column.rename("prev")], axis=1).dropna()
            both = both[both["prev"] != 0]
            change = 100 * (both["now"] - both["prev"]) / both["prev"].abs()
            for m, pct in _pairs(change[change.abs() > ind.max_change]):
                text = {
                    "change": _percent(pct, signed=True),
                    "previous_year": year - 1,
                    "largest": _percent(ind.max_change),
                }
                add(m, code, _MAX_CHANGE, "warning", _get(both["now"], m),
                    _get(both["prev"], m), "chk_max_change", text)  # fmt: skip
        if statistical and not ind.scale:
            _statistical_flags(usable, before, code, members, year, add, level=code not in sizes)
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
        for i in broken:
            m = str(wide.index.to_numpy()[i])
            details = {
                language: ("; " if language == "lv" else ", ").join(
                    f"{n} = .."
                    if (m, n) in hidden
                    else f"{n} = {general(float(env[n][i]), language)}"
                    for n in sorted(expression.names)
                )
                for language in LANGUAGES
            }
            if rule.message:
                key = "chk_rule_message"
                text = {
                    "message": {
                        language: pick_text(rule.message, language) for language in LANGUAGES
                    },
                    "details": details,
                }
            else:
                key, text = "chk_rule_fails", {"rule": rule.expression, "details": details}
            value = _get(shown[subject], m) if subject in shown else np.nan
            prev = _get(previous[subject], m) if subject in previous else np.nan
            add(m, subject, rule.expression, rule.severity, value, prev, key, text)
    return _ordered(pd.DataFrame(found, columns=[*COLUMNS, "texts"]))


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """Errors first, then by municipality, indicator and rule."""
    frame = frame.assign(order=(frame["severity"] != "error").astype(int))
    return (
        frame.sort_values(["order", "municipality", "indicator", "rule"], kind="stable")
        .drop(columns="order")
        .reset_index(drop=True)
    )


def _percent(value: float, *, signed: bool = False) -> dict[str, str]:
    """A percentage in every language: ``+111%`` (signed, whole) or ``12.5%`` in English;
    ``+111 %`` or ``12,5 %`` in Latvian."""
    if signed:
        sign = "-" if round(value) < 0 else "+"
        return {"en": f"{value:+.0f}%", "lv": sign + number(abs(value), "lv", 0) + " %"}
    return {"en": f"{value:g}%", "lv": general(value, "lv") + " %"}


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
    year: int,
    add: Add,
    *,
    level: bool = True,
) -> None:
    """Outliers among all municipalities (unless ``level`` is false: a size variable), and
    unusual year-on-year changes (warnings)."""
    import numpy as np

    values = usable.loc[usable["indicator"] == code].set_index("municipality")["value"]
    values = values[values.notna()]
    if level and len(values) >= 5:
        median = values.median()
        mad = (values - median).abs().median()
        if mad > 0:
            robust = (values - median) / mad
            flagged = robust[(robust.abs() > OUTLIER_MADS) & robust.index.isin(members)]
            for m, rz in _pairs(flagged):
                value = _get(values, m)
                text = {
                    "value": value,
                    "mads": {"en": f"{rz:+.1f}", "lv": number(abs(rz), "lv", 1)},
                    "median": float(median),
                }
                key = "chk_outlier_above" if rz > 0 else "chk_outlier_below"
                add(m, code, "outlier", "warning", value, np.nan, key, text)
    prev = before.loc[before["indicator"] == code].set_index("municipality")["value"]
    both = values.to_frame("now").join(prev.rename("prev"), how="inner")
    both = both[both["prev"] != 0]
    if len(both) >= 5:
        change = (both["now"] - both["prev"]) / both["prev"].abs()
        median = change.median()
        mad = (change - median).abs().median()
        if mad > 0:
            far = (change - median).abs() > np.maximum(OUTLIER_MADS * mad, CHANGE_FLOOR)
            unusual = far & (change.abs() >= CHANGE_FLOOR) & change.index.isin(members)
            for m, ratio in _pairs(change[unusual]):
                text = {
                    "change": _percent(100 * ratio, signed=True),
                    "previous_year": year - 1,
                    "median": _percent(100 * median, signed=True),
                }
                add(m, code, "unusual_change", "warning", _get(both["now"], m),
                    _get(both["prev"], m), "chk_unusual_change", text)  # fmt: skip


def by_member(found: pd.DataFrame, lang: str = "en", shown: int = 3) -> pd.DataFrame:
    """The flags of :func:`check` grouped: one row per member, worst members first.

    Columns: ``municipality``, ``errors``, ``warnings`` (how many of each) and
    ``suspicious``: its ``shown`` most suspicious flags in words (indicator, value, or the
    change from the previous year, and the rule), errors before warnings, then by rule
    (:data:`SUSPICION`; declared rules after the range), then the larger relative change
    first; "and 4 more" when there are more. A coordinator calls a member once, about all of
    its figures, so this is the view to read; the rows stay in :func:`check`.
    """
    import numpy as np
    import pandas as pd

    from benchlearn.messages import MESSAGES

    if found.empty:
        return pd.DataFrame(columns=["municipality", "errors", "warnings", "suspicious"])
    order = {rule: i for i, rule in enumerate(SUSPICION)}
    previous = found["previous"].astype(float)
    ranked = found.assign(
        _severity=(found["severity"] != "error").astype(int),
        _rule=found["rule"].map(lambda r: order.get(r, order["range"] + 0.5)),
        _size=-((found["value"].astype(float) - previous).abs() / previous.abs()).fillna(0.0),
    ).sort_values(["municipality", "_severity", "_rule", "_size"], kind="stable")

    def said(row: pd.Series) -> str:
        key = f"chk_rule_{row['rule']}"
        rule = t(key, lang) if key in MESSAGES else str(row["rule"])
        value, before = float(row["value"]), float(row["previous"])
        figure = general(round(value, 2), lang) if not np.isnan(value) else ""
        if figure and not np.isnan(before) and before != 0:
            change = _percent(100 * (value - before) / abs(before), signed=True)[lang]
            figure = f"{general(round(before, 2), lang)} → {figure}"
            rule = f"{change}, {rule}"
        return " ".join(p for p in (row["indicator"], figure, f"({rule})") if p)

    rows = []
    for municipality, flags in ranked.groupby("municipality", sort=False):
        items = [said(row) for _, row in flags.head(shown).iterrows()]
        if len(flags) > shown:
            items.append(t("chk_and_more", lang, count=len(flags) - shown))
        errors = int((flags["severity"] == "error").sum())
        rows.append((str(municipality), errors, len(flags) - errors, "; ".join(items)))
    grouped = pd.DataFrame(rows, columns=["municipality", "errors", "warnings", "suspicious"])
    return grouped.sort_values(
        ["errors", "warnings", "municipality"], ascending=[False, False, True], kind="stable"
    ).reset_index(drop=True)


def _pairs(series: pd.Series) -> list[tuple[str, float]]:
    """(municipality, number) pairs of a Series indexed by municipality."""
    return list(zip(series.index.astype(str), series.to_numpy(dtype=float).tolist(), strict=True))


def _get(series: pd.Series, key: object) -> float:
    value = series.get(key)
    return float("nan") if value is None else float(value)
