"""Territories of an official table matched to the registry's municipalities.

Three ways, as ``--match`` says:

* ``code``: the territory's code is the municipality's code;
* an attribute (``csb_code``, ``kommunkod``…): the code is that attribute's value;
* ``name``: the names agree once both are normalised (:func:`name_key`).

Latvian names change their ending with the case: CSP's English tables say
"Ādaži municipality", the registry "Ādažu novads" (genitive), and "Cēsis" is
"Cēsu novads". A list of aliases would have to be kept for every reform, so
the rule is declension-tolerant instead: case and diacritics are dropped
("adazu"), the words that only say what kind of unit it is are dropped
("novads", "municipality", "valstspilsēta", "state city", "kommun"), and each
remaining word loses one Latvian case ending (``-as -es -is -us -u -a -e -i -s``)
when at least three letters stay: "adazi" and "adazu" both become "adaz",
"cesis" and "cesu" "ces", "tukums" and "tukuma" "tukum". Where one stem
belongs to two units (the state city Jelgava and Jelgava municipality), the
kind the label names decides ("municipality"/"novads" against
"city"/"valstspilsēta"); a label that names none takes the unit whose
name is the label itself ("Jelgava" is the city). What still matches two
units, or none, is reported, never guessed.

Totals are left out with a note rather than reported: a territory that
matches no municipality and is the whole country ("Latvia", "Riket",
"Total", "Kopā"), a region ("Kurzeme region", "statistical region",
"Stockholms län") or has a country or NUTS code ("LV", "LV003", "SE0", "00").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchlearn.errors import BenchlearnError
from benchlearn.importing.statistics.cube import Category, plain

if TYPE_CHECKING:
    import pandas as pd

#: Words that say a unit is a municipality (a novads), not which one.
MUNICIPALITY_WORDS = frozenset(
    {"municipality", "municipal", "novads", "novada", "novadi", "kommun", "kommune", "kunta"}
)
#: Words that say a unit is a city.
CITY_WORDS = frozenset(
    {"city", "state", "valstspilseta", "valstspilsetas", "pilseta", "pilsetas", "republikas"}
)
#: Latvian case endings, longest first.
ENDINGS = ("as", "es", "is", "us", "u", "a", "e", "i", "s")
#: Words of a total's name: the whole country, or a region above municipalities.
TOTAL_WORDS = frozenset(
    {
        "total",
        "kopa",
        "kopsumma",
        "latvia",
        "latvija",
        "riket",
        "sweden",
        "sverige",
        "finland",
        "suomi",
        "norway",
        "norge",
        "country",
        "statistical",
        "statistiskais",
        "lan",
        "county",
        "fylke",
        "maakunta",
        "landskap",
    }
)
#: How a territory is looked up: the municipality codes it may be.
Lookup = Callable[[Category], list[str]]
#: A country or NUTS code (LV, LV003, LV00A, SE0, SE11) or a code of zeros (SCB's "00").
TOTAL_CODE = re.compile(r"^(?:[A-Z]{2}[0-9A-Z]{0,3}|0+)$")


@dataclass
class TerritoryMatch:
    """What each territory of a table is.

    ``codes``: territory code → municipality code; ``unmatched``: territories
    that match no municipality (or, see ``candidates``, more than one);
    ``totals``: territories left out as the country or a region.
    """

    codes: dict[str, str] = field(default_factory=dict)
    unmatched: list[Category] = field(default_factory=list)
    totals: list[Category] = field(default_factory=list)
    # territory code → the municipality codes it could be, where it matches several
    candidates: dict[str, tuple[str, ...]] = field(default_factory=dict)


def name_key(name: str) -> tuple[str, str | None, str]:
    """A name as it is compared: its stem, the kind it names, and its words unstemmed.

    "Ādažu novads" → ("adaz", "municipality", "adazu"); "Jelgava state city"
    → ("jelgav", "city", "jelgava"); "Rīga" → ("rig", None, "riga").
    """
    words = re.findall(r"[a-z0-9]+", plain(name))
    kind = None
    if any(w in MUNICIPALITY_WORDS for w in words):
        kind = "municipality"
    elif any(w in CITY_WORDS for w in words):
        kind = "city"
    # SCB's labels lead with the code ("0114 Upplands Väsby"): digits are no part of a name
    base = [w for w in words if w not in MUNICIPALITY_WORDS | CITY_WORDS and not w.isdigit()]
    return " ".join(_stem(w) for w in base), kind, " ".join(base)


def _stem(word: str) -> str:
    for ending in ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            return word[: -len(ending)]
    return word


def is_total(category: Category) -> bool:
    """The whole country or a region rather than a municipality (see the module's doc)."""
    words = set(re.findall(r"[a-z]+", plain(category.label)))
    if words & TOTAL_WORDS or any(w.startswith("region") for w in words):
        return True
    has_code = category.code != category.label  # a file without codes repeats the label
    return has_code and bool(TOTAL_CODE.match(category.code.strip().upper()))


def match_territories(
    territories: Sequence[Category], municipalities: pd.DataFrame, match: str
) -> TerritoryMatch:
    """Match each territory to a municipality of the registry frame by ``match``.

    ``municipalities`` has columns ``code, name, kind`` and one per attribute
    (:func:`benchlearn.registry.municipalities.municipalities_frame`).
    ``match`` is ``code``, ``name`` or an attribute's name; an attribute the
    registry lacks is an error naming the ones it has.
    """
    found = TerritoryMatch()
    if match == "name":
        lookup = _by_name(municipalities)
    else:
        if match not in municipalities.columns or match in {"name", "kind"}:
            attributes = [
                c
                for c in municipalities.columns
                if c not in {"code", "name", "kind", "valid_from", "valid_to"}
            ]
            raise BenchlearnError.of(
                "stat_no_attribute",
                {"match": match, "attributes": ["code", "name", *attributes]},
            )
        lookup = _by_code(municipalities, match)
    for territory in territories:
        codes = lookup(territory)
        if len(codes) == 1:
            found.codes[territory.code] = codes[0]
        elif not codes and is_total(territory):
            found.totals.append(territory)
        else:
            found.unmatched.append(territory)
            if codes:
                found.candidates[territory.code] = tuple(codes)
    return found


def default_match(territories: Sequence[Category], municipalities: pd.DataFrame) -> str:
    """How to match when the user does not say: by the codes if the file has its own codes.

    Of ``code`` and the registry's attributes, the one that matches the most
    territories (``code`` on a tie): CSP's ``LV0025000`` finds ``csb_code``
    without ``--match``. A file without codes, or whose codes match nothing,
    is matched by name.
    """
    if not any(c.code != c.label for c in territories):
        return "name"
    columns = [
        c
        for c in municipalities.columns
        if c not in {"name", "kind", "valid_from", "valid_to", "id"}
    ]
    counts = {
        column: sum(len(_by_code(municipalities, column)(c)) == 1 for c in territories)
        for column in sorted(columns, key=lambda c: (c != "code", c))
    }
    best = max(counts, key=lambda column: counts[column], default="code")
    return best if counts.get(best) else "name"


def _by_code(municipalities: pd.DataFrame, column: str) -> Lookup:
    """Territory code → municipality codes whose ``column`` holds it (case and spaces ignored)."""
    index: dict[str, list[str]] = {}
    for code, value in zip(municipalities["code"], municipalities[column], strict=True):
        if isinstance(value, str) and value.strip():
            index.setdefault(value.strip().casefold(), []).append(str(code))

    def lookup(territory: Category) -> list[str]:
        return sorted(set(index.get(territory.code.strip().casefold(), [])))

    return lookup


def _by_name(municipalities: pd.DataFrame) -> Lookup:
    """Territory label → municipality codes by :func:`name_key`, ties broken by kind, then name."""
    kinds = municipalities["kind"] if "kind" in municipalities else [None] * len(municipalities)
    index: dict[str, list[tuple[str, str | None, str]]] = {}
    for code, name, kind in zip(municipalities["code"], municipalities["name"], kinds, strict=True):
        stem, named_kind, base = name_key(str(name))
        index.setdefault(stem, []).append((str(code), named_kind or _kind(kind), base))

    def lookup(territory: Category) -> list[str]:
        stem, kind, base = name_key(territory.label)
        candidates = index.get(stem, [])
        if len(candidates) > 1 and kind is not None:
            candidates = [c for c in candidates if c[1] == kind] or candidates
        if len(candidates) > 1:
            candidates = [c for c in candidates if c[2] == base] or candidates
        return sorted({c[0] for c in candidates})

    return lookup


def _kind(kind: object) -> str | None:
    """A registry's ``kind`` as the kind a name can say: municipality or city."""
    text = plain(str(kind)) if isinstance(kind, str) else ""
    if "novad" in text or "municip" in text or "kommun" in text:
        return "municipality"
    if "city" in text or "pilset" in text:
        return "city"
    return None
