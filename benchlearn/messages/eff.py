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
}
