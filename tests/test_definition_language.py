"""Every problem of a definition file is told in the reader's language.

Each case writes a small hostile indicator or network file that triggers one problem and
asserts the exact output of ``benchlearn definitions validate`` in English (the text users
read before the catalogue) and under ``--lang lv``, where no English word of the catalogue
is left (key names, values such as ``aggregation: weighted_mean``, quoted input and codes
are the file's own words).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from benchlearn.definitions.expressions import ExpressionError, parse
from benchlearn.definitions.model import INDICATOR_KEYS, NETWORK_KEYS
from tests.conftest import write
from tests.test_latvian_errors import english_left

IND = "indicators:\n  - code: X\n    name: Y\n    unit: EUR\n    direction: higher\n"
OTHER = "  - code: A\n    name: A\n    unit: EUR\n    direction: higher\n"
NET = "network:\n  code: N\n  name: Net\n  indicators: [X]\n"
LONG = " + ".join(["X1"] * 400)
#: Key names a file writes, which a problem names as they are written (weight, not svars).
KEYS = INDICATOR_KEYS | NETWORK_KEYS

# the case, the file, the key path, the problem in English and in Latvian
CASES: list[tuple[str, str, str, str, str]] = [
    (
        "language code",
        IND.replace("name: Y", "name: {EN1: Y}"),
        "indicators[0].name.EN1",
        "is not a language code such as en or lv",
        "nav valodas kods, piemēram, en vai lv",
    ),
    (
        "empty text",
        IND.replace("name: Y", "name: {en: ''}"),
        "indicators[0].name.en",
        "must be a non-empty string",
        "jābūt netukšai teksta virknei",
    ),
    (
        "text",
        IND.replace("name: Y", "name: [Y]"),
        "indicators[0].name",
        "must be a string or a mapping of language to string, e.g. {en: ..., lv: ...}",
        "jābūt teksta virknei vai kartējumam no valodas uz tekstu, piemēram, {en: ..., lv: ...}",
    ),
    (
        "rules list",
        IND + "    rules: PART\n",
        "indicators[0].rules",
        "must be a list of rules such as 'PART <= TOTAL'",
        "jābūt noteikumu sarakstam, piemēram, „PART <= TOTAL”",
    ),
    (
        "rule mapping",
        IND + "    rules: [[1]]\n",
        "indicators[0].rules[0]",
        "must be an expression or a mapping with rule, severity, message",
        "jābūt izteiksmei vai kartējumam ar rule, severity, message",
    ),
    (
        "rule comparison",
        IND + "    rules: ['A + 1']\n",
        "indicators[0].rules[0].rule",
        "must be a comparison such as PART <= TOTAL",
        "jābūt salīdzinājumam, piemēram, PART <= TOTAL",
    ),
    (
        "indicator mapping",
        "indicators: [5]\n",
        "indicators[0]",
        "must be a mapping with code, name, unit and direction",
        "jābūt kartējumam ar code, name, unit un direction",
    ),
    (
        "decimals",
        IND + "    decimals: 1.5\n",
        "indicators[0].decimals",
        "1.5 is not a whole number from 0 to 10",
        "„1,5” nav vesels skaitlis no 0 līdz 10",
    ),
    (
        "max below min",
        IND + "    min: 10.5\n    max: 5\n",
        "indicators[0].max",
        "5 is below min 10.5",
        "5 ir mazāks par min vērtību 10,5",
    ),
    (
        "formula comparison",
        IND + "    formula: A < 2\n",
        "indicators[0].formula",
        "must compute a number, not a comparison",
        "jāaprēķina skaitlis, nevis salīdzinājums",
    ),
    (
        "formula itself",
        IND + "    formula: X + 1\n",
        "indicators[0].formula",
        "refers to the indicator itself",
        "atsaucas uz pašu rādītāju",
    ),
    (
        "scale short",
        IND + "    scale: [{value: 1, label: a}]\n",
        "indicators[0].scale",
        "must be a list of at least two levels {value, label}",
        "jābūt sarakstam ar vismaz diviem līmeņiem {value, label}",
    ),
    (
        "scale level",
        IND + "    scale: [{value: 1}, {value: 2, label: b}]\n",
        "indicators[0].scale[0]",
        "must be a mapping with exactly value and label",
        "jābūt kartējumam tieši ar value un label",
    ),
    (
        "scale distinct",
        IND + "    scale: [{value: 1, label: a}, {value: 1, label: b}]\n",
        "indicators[0].scale",
        "level values must be distinct",
        "līmeņu vērtībām jābūt atšķirīgām",
    ),
    (
        "aggregation formula",
        IND + "    aggregation: formula\n",
        "indicators[0].aggregation",
        "'formula' needs the indicator to have a formula or a statistic",
        "„formula” prasa, lai rādītājam būtu formula vai statistic",
    ),
    (
        "required boolean",
        IND + "    required: 'yes'\n",
        "indicators[0].required",
        "must be true or false",
        "jābūt true vai false",
    ),
    (
        "max_change",
        IND + "    max_change: -5\n",
        "indicators[0].max_change",
        "must be a positive percentage, e.g. 50",
        "jābūt pozitīvai procentu vērtībai, piemēram, 50",
    ),
    (
        "weight without weighted_mean",
        IND + "    weight: POP\n",
        "indicators[0].weight",
        "is only used with aggregation: weighted_mean",
        "lieto tikai kopā ar aggregation: weighted_mean",
    ),
    (
        "weighted_mean without weight",
        IND + "    aggregation: weighted_mean\n",
        "indicators[0].weight",
        "is required with aggregation: weighted_mean",
        "ir obligāts kopā ar aggregation: weighted_mean",
    ),
    (
        "pooled",
        IND + "    comparator: pooled\n",
        "indicators[0].comparator",
        "'pooled' needs statistic: proportion or rate",
        "„pooled” prasa statistic: proportion vai rate",
    ),
    (
        "derived pulled",
        IND + "    formula: A + 1\n    pull: {kolada: N00945}\n",
        "indicators[0].pull",
        "a derived indicator is computed, never pulled",
        "atvasinātu rādītāju aprēķina, nevis lejupielādē",
    ),
    (
        "pull mapping",
        IND + "    pull: N00945\n",
        "indicators[0].pull",
        "must be a mapping such as {pxweb: URL, select: {VARIABLE: VALUE}}",
        "jābūt kartējumam, piemēram, {pxweb: URL, select: {VARIABLE: VALUE}}",
    ),
    (
        "pull key",
        IND + "    pull: {kolada: N00945, table: 1}\n",
        "indicators[0].pull.table",
        "unknown key (allowed: hosts, kolada, match, pxweb, select)",
        "nezināma atslēga (atļautās: hosts, kolada, match, pxweb, select)",
    ),
    (
        "pull hosts",
        IND + "    pull: {kolada: N00945, hosts: [a b]}\n",
        "indicators[0].pull.hosts",
        "must be a list of host names such as [data.example.org]",
        "jābūt resursdatoru nosaukumu sarakstam, piemēram, [data.example.org]",
    ),
    (
        "pull source",
        IND + "    pull: {select: {}}\n",
        "indicators[0].pull",
        "must name exactly one source: pxweb or kolada",
        "jānorāda tieši viens avots: pxweb vai kolada",
    ),
    (
        "pxweb",
        IND + "    pull: {pxweb: 'ftp://host/t'}\n",
        "indicators[0].pull.pxweb",
        "'ftp://host/t' is not an http(s) URL of a PxWeb table",
        "„ftp://host/t” nav PxWeb tabulas http(s) adrese",
    ),
    (
        "kolada",
        IND + "    pull: {kolada: 12}\n",
        "indicators[0].pull.kolada",
        "12 is not a Kolada KPI id such as N00945",
        "„12” nav Kolada KPI identifikators, piemēram, N00945",
    ),
    (
        "select mapping",
        IND + "    pull: {kolada: N00945, select: [1]}\n",
        "indicators[0].pull.select",
        "must be a mapping of variable code to value code",
        "jābūt kartējumam no mainīgā koda uz vērtības kodu",
    ),
    (
        "select variable",
        IND + "    pull: {pxweb: 'https://host/t', select: {1: a}}\n",
        "indicators[0].pull.select",
        "1 is not a variable code",
        "„1” nav mainīgā kods",
    ),
    (
        "select value",
        IND + "    pull: {pxweb: 'https://host/t', select: {Tid: true}}\n",
        "indicators[0].pull.select.Tid",
        "must be one value code (a string)",
        "jābūt vienam vērtības kodam (teksta virknei)",
    ),
    (
        "kolada select",
        IND + "    pull: {kolada: N00945, select: {age: x}}\n",
        "indicators[0].pull.select",
        "Kolada takes only gender (T, K or M)",
        "Kolada pieņem tikai gender (T, K vai M)",
    ),
    (
        "kolada gender",
        IND + "    pull: {kolada: N00945, select: {gender: X}}\n",
        "indicators[0].pull.select.gender",
        "'X' is not one of T, K, M",
        "„X” nav neviena no šīm: T, K, M",
    ),
    (
        "match",
        IND + "    pull: {kolada: N00945, match: 'a b'}\n",
        "indicators[0].pull.match",
        "must be code, name or a registry attribute such as csb_code",
        "jābūt code, name vai reģistra atribūtam, piemēram, csb_code",
    ),
    (
        "numerator without statistic",
        IND + "    numerator: A\n",
        "indicators[0].numerator",
        "is only used with statistic: proportion or rate",
        "lieto tikai kopā ar statistic: proportion vai rate",
    ),
    (
        "statistic without numerator",
        IND + "    statistic: proportion\n    denominator: A\n",
        "indicators[0].numerator",
        "is required with statistic: proportion",
        "ir obligāts kopā ar statistic: proportion",
    ),
    (
        "statistic and formula",
        IND + "    statistic: rate\n    numerator: A\n    denominator: B\n    formula: A / B\n",
        "indicators[0].statistic",
        "give either a formula or a statistic with numerator and denominator, not both",
        "norādiet vai nu formula, vai statistic ar numerator un denominator, ne abus",
    ),
    (
        "numerator itself",
        IND + "    statistic: rate\n    numerator: X\n    denominator: B\n",
        "indicators[0].numerator",
        "refers to the indicator itself",
        "atsaucas uz pašu rādītāju",
    ),
    (
        "same numerator",
        IND + "    statistic: rate\n    numerator: A\n    denominator: A\n",
        "indicators[0].denominator",
        "must differ from the numerator",
        "jāatšķiras no numerator",
    ),
    (
        "multiplier",
        IND + "    statistic: rate\n    numerator: A\n    denominator: B\n    multiplier: 0\n",
        "indicators[0].multiplier",
        "must be greater than 0, e.g. 100 for a percentage",
        "jābūt lielākam par 0, piemēram, 100 procentiem",
    ),
    (
        "suppress_below",
        IND + "    statistic: rate\n    numerator: A\n    denominator: B\n    suppress_below: -1\n",
        "indicators[0].suppress_below",
        "must be 0 or more, e.g. 5",
        "jābūt 0 vai vairāk, piemēram, 5",
    ),
    (
        "network mapping",
        "network: 5\n",
        "network",
        "must be a mapping with code, name and indicators",
        "jābūt kartējumam ar code, name un indicators",
    ),
    (
        "network indicator",
        IND + NET.replace("[X]", "[[1]]"),
        "network.indicators[0]",
        "must be a code or a mapping such as {code: X, weight: 2}",
        "jābūt kodam vai kartējumam, piemēram, {code: X, weight: 2}",
    ),
    (
        "network weight",
        IND + NET.replace("[X]", "[{code: X, weight: 0}]"),
        "network.indicators[0].weight",
        "must be greater than 0",
        "jābūt lielākam par 0",
    ),
    (
        "structural log",
        IND + NET + "  structural: [{code: X, log: 1}]\n",
        "network.structural[0].log",
        "must be true or false",
        "jābūt true vai false",
    ),
    (
        "network indicators",
        IND + NET.replace("[X]", "[]"),
        "network.indicators",
        "must be a non-empty list of indicator codes",
        "jābūt netukšam rādītāju kodu sarakstam",
    ),
    (
        "network indicator twice",
        IND + NET.replace("[X]", "[X, X]"),
        "network.indicators",
        "X is listed more than once",
        "X norādīts vairāk nekā vienu reizi",
    ),
    (
        "members",
        IND + NET + "  members: 5\n",
        "network.members",
        "must be 'all' or a non-empty list of municipality codes",
        "jābūt „all” vai netukšam pašvaldību kodu sarakstam",
    ),
    (
        "members strings",
        IND + NET + "  members: [true]\n",
        "network.members",
        "must list municipality codes as strings",
        "pašvaldību kodiem jābūt teksta virknēm",
    ),
    (
        "member twice",
        IND + NET + "  members: [A1, A1]\n",
        "network.members",
        "A1 is listed more than once",
        "A1 norādīts vairāk nekā vienu reizi",
    ),
    (
        "structural list",
        IND + NET + "  structural: X\n",
        "network.structural",
        "must be a list of indicator codes",
        "jābūt rādītāju kodu sarakstam",
    ),
    (
        "structural_window",
        IND + NET + "  structural_window: -1\n",
        "network.structural_window",
        "must be a whole number of years, 0 or more",
        "jābūt veselam gadu skaitam, 0 vai vairāk",
    ),
    (
        "min_coverage",
        IND + NET + "  min_coverage: 1.5\n",
        "network.min_coverage",
        "must be a share between 0 and 1, e.g. 0.75",
        "jābūt daļai no 0 līdz 1, piemēram, 0,75",
    ),
    (
        "top key",
        "indicator: []\n",
        "$",
        "expected a mapping with 'indicators:', 'network:' or 'networks:'",
        "gaidīts kartējums ar „indicators:”, „network:” vai „networks:”",
    ),
    (
        "nearest key",
        IND + "    decimal: 1\n",
        "indicators[0].decimal",
        "unknown key — did you mean decimals? (allowed: " + ", ".join(sorted(INDICATOR_KEYS)) + ")",
        "nezināma atslēga — vai domājāt decimals? (atļautās: "
        + ", ".join(sorted(INDICATOR_KEYS))
        + ")",
    ),
    (
        "nearest top key",
        "indicators: []\nnetwork_list: 1\n",
        "network_list",
        "unknown key — did you mean networks? (allowed: indicators, network, networks)",
        "nezināma atslēga — vai domājāt networks? (atļautās: indicators, network, networks)",
    ),
    (
        "comma in a name",
        IND.replace("name: Y", "name: {en: Social workers per 10,000 inhabitants, lv: Y}"),
        "indicators[0].name.000 inhabitants",
        "is not a language code such as en or lv; a comma inside {…} starts a new key:"
        " put the text in quotes",
        "nav valodas kods, piemēram, en vai lv; komats iekavās {…} sāk jaunu atslēgu:"
        " ielieciet tekstu pēdiņās",
    ),
    (
        "comma in a unit",
        IND.replace("unit: EUR", "unit: {en: EUR per inhabitant, 2023 prices, lv: EUR}"),
        "indicators[0].unit.2023 prices",
        "is not a language code such as en or lv; a comma inside {…} starts a new key:"
        " put the text in quotes",
        "nav valodas kods, piemēram, en vai lv; komats iekavās {…} sāk jaunu atslēgu:"
        " ielieciet tekstu pēdiņās",
    ),
    (
        "top unknown key",
        "indicators: []\nextras: 1\n",
        "extras",
        "unknown key (allowed: indicators, network, networks)",
        "nezināma atslēga (atļautās: indicators, network, networks)",
    ),
    (
        "indicators list",
        "indicators: X\n",
        "indicators",
        "must be a list",
        "jābūt sarakstam",
    ),
    (
        "unknown numerator",
        IND + OTHER + "    statistic: rate\n    numerator: NOPE\n    denominator: X\n",
        "indicators[1].numerator",
        "A: unknown numerator indicator NOPE",
        "A: numerator ir nezināms rādītājs NOPE",
    ),
    (
        "unknown weight",
        IND + OTHER + "    aggregation: weighted_mean\n    weight: NOPE\n",
        "indicators[1].weight",
        "A: unknown weight indicator NOPE",
        "A: weight ir nezināms rādītājs NOPE",
    ),
    (
        "rule unknown",
        IND + "    rules: ['X <= NOPE']\n",
        "indicators[0].rules",
        "X: rule 'X <= NOPE' uses unknown indicator NOPE",
        "X: noteikumā „X <= NOPE” izmantots nezināms rādītājs NOPE",
    ),
    (
        "scale derived",
        IND
        + OTHER
        + "    formula: X + 1\n    scale: [{value: 1, label: a}, {value: 2, label: b}]\n",
        "indicators[1].scale",
        "A: an ordinal scale cannot be computed",
        "A: ordinālu skalu nevar aprēķināt",
    ),
    (
        "formula cycle",
        IND + "    formula: A + 1\n" + OTHER + "    formula: X + 1\n",
        "indicators[1].formula",
        "formulas refer to each other in a circle: A → X → A",
        "formulas atsaucas cita uz citu noslēgtā lokā: A → X → A",
    ),
    (
        "network rule unknown",
        IND + NET + "  rules: ['X <= NOPE']\n",
        "network.rules[0]",
        "rule 'X <= NOPE' uses unknown indicator NOPE",
        "noteikumā „X <= NOPE” izmantots nezināms rādītājs NOPE",
    ),
    (
        "expression empty",
        IND + "    formula: ' '\n",
        "indicators[0].formula",
        "an expression must be a non-empty string",
        "izteiksmei jābūt netukšai teksta virknei",
    ),
    (
        "expression long",
        IND + f"    formula: {LONG}\n",
        "indicators[0].formula",
        "'X1 + X1 + X1 + X1 + X1 + X1 + X1 + X1 + '…: a formula may have at most 1,000 "
        "characters; this one has 1,997",
        "„X1 + X1 + X1 + X1 + X1 + X1 + X1 + X1 + ”…: formulā drīkst būt ne vairāk kā 1 000 "
        "rakstzīmes; šajā ir 1 997",
    ),
    (
        "expression deep",
        IND + "    formula: " + "-" * 150 + "A\n",
        "indicators[0].formula",
        "'----------------------------------------'…: operations are nested more than 100 "
        "levels deep (split the formula into indicators of their own)",
        "„----------------------------------------”…: darbības ir ligzdotas dziļāk par 100 "
        "līmeņiem (sadaliet formulu vairākos atsevišķos rādītājos)",
    ),
    (
        "expression large",
        IND + "    formula: 1e999 * A\n",
        "indicators[0].formula",
        "'1e999 * A': a number is larger than 1.8e308",
        "„1e999 * A”: skaitlis ir lielāks par 1,8e308",
    ),
    (
        "expression constant",
        IND + "    formula: True + A\n",
        "indicators[0].formula",
        "'True + A': `Constant` (Python syntax) is not allowed in a formula",
        "„True + A”: formulā nav atļauta Python sintakse `Constant`",
    ),
    (
        "expression attribute",
        IND + "    formula: A.b\n",
        "indicators[0].formula",
        "'A.b': `Attribute` (Python syntax) is not allowed in a formula",
        "„A.b”: formulā nav atļauta Python sintakse `Attribute`",
    ),
    (
        "expression not",
        IND + "    rules: ['not A']\n",
        "indicators[0].rules[0].rule",
        "'not A': 'not' needs a comparison",
        "„not A”: „not” prasa salīdzinājumu",
    ),
    (
        "expression arithmetic",
        IND + "    formula: (A < 1) + 1\n",
        "indicators[0].formula",
        "'(A < 1) + 1': arithmetic on a comparison is not allowed",
        "„(A < 1) + 1”: aritmētiskas darbības ar salīdzinājumu nav atļautas",
    ),
    (
        "expression compare",
        IND + "    rules: ['(A < 1) < 2']\n",
        "indicators[0].rules[0].rule",
        "'(A < 1) < 2': cannot compare a comparison",
        "„(A < 1) < 2”: salīdzinājumu nevar salīdzināt",
    ),
    (
        "expression is",
        IND + "    rules: ['A is 1']\n",
        "indicators[0].rules[0].rule",
        "'A is 1': only <, <=, >, >=, == and != compare values",
        "„A is 1”: vērtības salīdzina tikai <, <=, >, >=, == un !=",
    ),
    (
        "expression and",
        IND + "    rules: ['A and 1']\n",
        "indicators[0].rules[0].rule",
        "'A and 1': 'and'/'or' join comparisons only",
        "„A and 1”: „and”/„or” savieno tikai salīdzinājumus",
    ),
    (
        "expression function",
        IND + "    formula: foo(A)\n",
        "indicators[0].formula",
        "'foo(A)': unknown function 'foo' (allowed: abs, log, max, min, sqrt)",
        "„foo(A)”: nezināma funkcija „foo” (atļautās: abs, log, max, min, sqrt)",
    ),
    (
        "expression arity",
        IND + "    formula: min(A)\n",
        "indicators[0].formula",
        "'min(A)': min() takes 2 argument(s)",
        "„min(A)”: funkcijas min() argumentu skaits: 2",
    ),
    (
        "expression function comparison",
        IND + "    formula: abs(A < 1)\n",
        "indicators[0].formula",
        "'abs(A < 1)': a function takes numbers, not comparisons",
        "„abs(A < 1)”: funkcija pieņem skaitļus, nevis salīdzinājumus",
    ),
]


#: Where each case's problem is in its file: the row and column an editor shows.
PLACES: dict[str, tuple[int, int]] = {
    "language code": (3, 12),
    "empty text": (3, 12),
    "text": (3, 5),
    "rules list": (6, 5),
    "rule mapping": (6, 13),
    "rule comparison": (6, 13),
    "indicator mapping": (1, 14),
    "decimals": (6, 5),
    "max below min": (7, 5),
    "formula comparison": (6, 5),
    "formula itself": (6, 5),
    "scale short": (6, 5),
    "scale level": (6, 13),
    "scale distinct": (6, 5),
    "aggregation formula": (6, 5),
    "required boolean": (6, 5),
    "max_change": (6, 5),
    "weight without weighted_mean": (6, 5),
    "weighted_mean without weight": (2, 5),
    "pooled": (6, 5),
    "derived pulled": (7, 5),
    "pull mapping": (6, 5),
    "pull key": (6, 28),
    "pull hosts": (6, 28),
    "pull source": (6, 5),
    "pxweb": (6, 12),
    "kolada": (6, 12),
    "select mapping": (6, 28),
    "select variable": (6, 37),
    "select value": (6, 46),
    "kolada select": (6, 28),
    "kolada gender": (6, 37),
    "match": (6, 28),
    "numerator without statistic": (6, 5),
    "statistic without numerator": (2, 5),
    "statistic and formula": (6, 5),
    "numerator itself": (7, 5),
    "same numerator": (8, 5),
    "multiplier": (9, 5),
    "suppress_below": (9, 5),
    "network mapping": (1, 1),
    "network indicator": (9, 16),
    "network weight": (9, 26),
    "structural log": (10, 26),
    "network indicators": (9, 3),
    "network indicator twice": (9, 3),
    "members": (10, 3),
    "members strings": (10, 3),
    "member twice": (10, 3),
    "structural list": (10, 3),
    "structural_window": (10, 3),
    "min_coverage": (10, 3),
    "top key": (1, 1),
    "top unknown key": (2, 1),
    "nearest key": (6, 5),
    "nearest top key": (2, 1),
    "comma in a name": (3, 38),
    "comma in a unit": (4, 36),
    "indicators list": (1, 1),
    "unknown numerator": (11, 5),
    "unknown weight": (11, 5),
    "rule unknown": (6, 5),
    "scale derived": (11, 5),
    "formula cycle": (11, 5),
    "network rule unknown": (10, 11),
    "expression empty": (6, 5),
    "expression long": (6, 5),
    "expression deep": (6, 5),
    "expression large": (6, 5),
    "expression constant": (6, 5),
    "expression attribute": (6, 5),
    "expression not": (6, 13),
    "expression arithmetic": (6, 5),
    "expression compare": (6, 13),
    "expression is": (6, 13),
    "expression and": (6, 13),
    "expression function": (6, 5),
    "expression arity": (6, 5),
    "expression function comparison": (6, 5),
}


def validate(path: Path, *lang: str) -> tuple[int, str]:
    args = [*lang, "definitions", "validate", str(path)]
    result = CliRunner().invoke(cli, args, prog_name="benchlearn")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


@pytest.mark.parametrize(("text", "where", "english", "latvian"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_every_definition_problem_is_latvian(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    text: str,
    where: str,
    english: str,
    latvian: str,
) -> None:
    bad = write(tmp_path / "bad.yaml", text)

    found = validate(bad, "--lang", "lv")

    row, column = PLACES[request.node.callspec.id]
    place = f"{row}. rinda, kolonna {column}"
    assert found == (
        1,
        f"Kļūda: definīcijās atrastās problēmas: 1\n  {bad}, {place}: {where}: {latvian}\n",
    )
    assert [word for word in english_left(found[1]) if word not in KEYS] == []


@pytest.mark.parametrize(("text", "where", "english", "latvian"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_every_definition_problem_in_english(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    text: str,
    where: str,
    english: str,
    latvian: str,
) -> None:
    bad = write(tmp_path / "bad.yaml", text)

    found = validate(bad)

    row, column = PLACES[request.node.callspec.id]
    place = f"row {row}, column {column}"
    assert found == (
        1,
        f"Error: 1 problem(s) in definitions\n  {bad}, {place}: {where}: {english}\n",
    )


def test_an_expression_missing_a_value_is_latvian() -> None:
    with pytest.raises(ExpressionError) as raised:
        parse("A + B").evaluate({"A": [1.0]})

    assert str(raised.value) == "'A + B' needs B"
    assert raised.value.text("lv") == "izteiksmei „A + B” vajag B"


def test_a_formula_python_cannot_parse_keeps_the_parsers_words(tmp_path: Path) -> None:
    """Python's own description of a syntax error has no Latvian; it is told as it is."""
    bad = write(tmp_path / "bad.yaml", IND + "    formula: A +\n")

    found = validate(bad, "--lang", "lv")

    assert found == (
        1,
        f"Kļūda: definīcijās atrastās problēmas: 1\n  {bad}, 6. rinda, kolonna 5: "
        "indicators[0].formula: cannot parse 'A +': invalid syntax\n",
    )
