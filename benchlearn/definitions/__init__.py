"""Indicator and network definitions: YAML written by analysts, validated into frozen objects.

Every definition travels one path: ``yaml.safe_load`` → validation that collects
every problem with its file and key path (:mod:`.schema`) → frozen dataclasses
(:mod:`.model`) → :meth:`to_descriptor` writes it back. A file may hold
``indicators:`` (a list), ``network:`` (one mapping) or ``networks:`` (a list),
in any combination (:mod:`.files`). ``schemas/definitions.schema.json`` says the
same shape as a JSON Schema for editors (:func:`schema_path`).
"""

from benchlearn.definitions.files import (
    builtin_paths,
    definition_files,
    evaluation_order,
    read_files,
    read_mapping,
    schema_path,
)
from benchlearn.definitions.model import (
    DIRECTIONS,
    Definitions,
    Direction,
    IndicatorDefinition,
    NetworkDefinition,
    RuleDefinition,
    ScaleLevel,
    StructuralSpec,
    WeightedCode,
    freeze,
    parse_variables,
    pick_text,
)
from benchlearn.definitions.schema import read_descriptor

__all__ = [
    "DIRECTIONS",
    "Definitions",
    "Direction",
    "IndicatorDefinition",
    "NetworkDefinition",
    "RuleDefinition",
    "ScaleLevel",
    "StructuralSpec",
    "WeightedCode",
    "builtin_paths",
    "definition_files",
    "evaluation_order",
    "freeze",
    "parse_variables",
    "pick_text",
    "read_descriptor",
    "read_files",
    "read_mapping",
    "schema_path",
]
