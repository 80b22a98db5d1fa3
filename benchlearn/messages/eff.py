"""Messages of efficiency: the models a network declares (:mod:`benchlearn.definitions.efficiency`),
the expected cost (:mod:`benchlearn.analysis.expected_cost`) and what the commands print.

Keys start with ``eff_``.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "eff_not_mapping": {
        "en": "must be a mapping of model codes to models "
        "({SPORTS: {name: ..., inputs: [...], outputs: [...]}})",
        "lv": "jābūt kartējumam no modeļu kodiem uz modeļiem "
        "({SPORTS: {name: ..., inputs: [...], outputs: [...]}})",
    },
    "eff_model_not_mapping": {
        "en": "must be a mapping with name, inputs, outputs and optionally orientation, "
        "returns and context",
        "lv": "jābūt kartējumam ar name, inputs, outputs un pēc izvēles orientation, "
        "returns un context",
    },
    "eff_empty_list": {
        "en": "must be a non-empty list of indicator codes",
        "lv": "jābūt netukšam rādītāju kodu sarakstam",
    },
    "eff_in_both": {
        "en": "{code} is both an input and an output; a model uses an indicator as one of them",
        "lv": "{code} ir gan ieguldījums, gan rezultāts; modelis rādītāju izmanto tikai kā vienu no tiem",
    },
    "eff_context_in_model": {
        "en": "{code} is an input or output of the model and cannot also be its context",
        "lv": "{code} ir modeļa ieguldījums vai rezultāts un nevar būt arī tā konteksts",
    },
    "eff_no_models": {
        "en": "none",
        "lv": "neviena",
    },
    "eff_unknown_model": {
        "en": "network {network} has no efficiency model {code} (its models: {known})",
        "lv": "tīklam {network} nav efektivitātes modeļa {code} (tā modeļi: {known})",
    },
    "col_model": {"en": "model", "lv": "modelis"},
    "col_inputs": {"en": "inputs", "lv": "ieguldījumi"},
    "col_outputs": {"en": "outputs", "lv": "rezultāti"},
    "col_orientation": {"en": "orientation", "lv": "orientācija"},
    "col_returns": {"en": "returns", "lv": "mēroga atdeve"},
    "col_context": {"en": "context", "lv": "konteksts"},
    "eff_too_few": {
        "en": "an expected cost needs at least {needed} municipalities with every figure, "
        "not {count}",
        "lv": "gaidāmo izmaksu aprēķinam vajag vismaz {needed} pašvaldības ar visiem "
        "rādītājiem, nevis {count}",
    },
    "eff_collinear": {
        "en": "cannot regress on {names}: a variable is constant or a combination of the others",
        "lv": "nevar veidot regresiju uz {names}: kāds mainīgais ir nemainīgs vai citu "
        "mainīgo kombinācija",
    },
    "eff_no_context": {
        "en": "network {network} has no structural variables: name them with --context",
        "lv": "tīklam {network} nav strukturālo mainīgo: norādiet tos ar --context",
    },
    "eff_expected_fit": {
        "en": "Expected cost of {indicator} by least squares on {terms}: R² {r2}, "
        "{count} municipalities.",
        "lv": "{indicator} gaidāmās izmaksas ar mazāko kvadrātu metodi no {terms}: R² {r2}, "
        "{count} pašvaldības.",
    },
    "eff_cost_left_out": {
        "en": "Left out, a figure missing: {codes}.",
        "lv": "Izlaistas, jo trūkst kāda rādītāja: {codes}.",
    },
    "eff_above_total": {
        "en": "If the {count} municipalities above their expected cost spent what their "
        "structure predicts, about {amount} {unit} would be freed.",
        "lv": "Ja {count} pašvaldības, kuru izmaksas pārsniedz gaidāmās, tērētu tik, cik "
        "paredz to struktūra, atbrīvotos aptuveni {amount} {unit}.",
    },
    "col_expected_cost": {"en": "expected cost", "lv": "gaidāmās izmaksas"},
    "col_cost": {"en": "cost", "lv": "izmaksas"},
    "col_difference": {"en": "difference", "lv": "starpība"},
    "col_difference_total": {"en": "difference in total", "lv": "starpība kopā"},
    "col_term": {"en": "term", "lv": "mainīgais"},
    "col_estimate": {"en": "estimate", "lv": "novērtējums"},
    "col_std_error": {"en": "standard error", "lv": "standartkļūda"},
    "col_t_value": {"en": "t", "lv": "t"},
    "col_population": {"en": "population", "lv": "iedzīvotāji"},
    "eff_stage_too_few": {
        "en": "the second stage needs at least {needed} units off the frontier with every "
        "figure, not {count}",
        "lv": "otrajam posmam vajag vismaz {needed} vienības ārpus efektivitātes robežas ar "
        "visiem rādītājiem, nevis {count}",
    },
}
