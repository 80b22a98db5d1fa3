"""Messages of similarity: structural variables, their years, partial figures and clusters."""

MESSAGES: dict[str, dict[str, str]] = {
    "sim_no_variable": {
        "en": "no structural variable has figures for most municipalities ({variables})",
        "lv": "nevienam strukturālajam mainīgajam nav datu par lielāko daļu pašvaldību ({variables})",
    },
    "sim_too_few": {
        "en": (
            "too few municipalities have figures for the structural variables ({variables}): "
            "{count}; at least 2 are needed"
        ),
        "lv": (
            "strukturālo mainīgo ({variables}) dati ir pārāk mazam pašvaldību skaitam ({count}); "
            "vajag vismaz divas"
        ),
    },
    "sim_too_few_complete": {
        "en": (
            "too few municipalities have every structural variable to form clusters "
            "({count}; at least {needed} are needed)"
        ),
        "lv": (
            "visu strukturālo mainīgo dati ir pārāk mazam pašvaldību skaitam, lai veidotu "
            "klasterus ({count}; vajag vismaz {needed})"
        ),
    },
    "sim_bad_window": {
        "en": "--window {window}: give a number of years of 0 or more",
        "lv": "--window {window}: norādiet gadu skaitu, kas nav mazāks par 0",
    },
    "sim_variables_years": {
        "en": "Structural variables used, each from the nearest year in {start}–{end}: {used}.",
        "lv": (
            "Izmantotie strukturālie mainīgie, katrs no tuvākā gada laikposmā "
            "{start}–{end}: {used}."
        ),
    },
    "sim_without": {"en": "without {variables}", "lv": "bez {variables}"},
    "sim_partial": {
        "en": "Compared on the variables they have ({count}): {items}",
        "lv": "Salīdzinātas pēc tiem mainīgajiem, kas tām ir ({count}): {items}",
    },
    "sim_partial_clusters": {
        "en": "Clustered with their missing figures estimated from their others ({count}): {items}",
        "lv": ("Klasteros iekļautas, trūkstošās vērtības aplēšot pēc pārējām ({count}): {items}"),
    },
    "sim_compared_on_fewer": {
        "en": "Compared on the variables they have",
        "lv": "Salīdzinātas pēc tiem mainīgajiem, kas tām ir",
    },
}
