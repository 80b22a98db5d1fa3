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
    "col_std_error": {"en": "standard error", "lv": "standartkļūda"},
    "col_t_value": {"en": "t", "lv": "t"},
    "col_population": {"en": "population", "lv": "iedzīvotāji"},
    "eff_stage_too_few": {
        "en": "the second stage needs at least {needed} units off the frontier with every "
        "figure, not {count}",
        "lv": "otrajam posmam vajag vismaz {needed} vienības ārpus efektivitātes robežas ar "
        "visiem rādītājiem, nevis {count}",
    },
    "eff_potential_input": {
        "en": "{variable}: if every member used no more than its reference peers, about "
        "{amount} {unit} could be saved, {share} of the members' total.",
        "lv": "{variable}: ja katra pašvaldība izlietotu ne vairāk kā tās etalona pašvaldības, "
        "varētu ietaupīt aptuveni {amount} {unit}, {share} no dalībnieku kopsummas.",
    },
    "eff_potential_output": {
        "en": "{variable}: if every member produced as much as its reference peers, about "
        "{amount} {unit} more could be produced, {share} more than the members' total.",
        "lv": "{variable}: ja katra pašvaldība sasniegtu tikpat, cik tās etalona pašvaldības, "
        "varētu panākt aptuveni par {amount} {unit} vairāk, par {share} vairāk nekā "
        "dalībnieku kopsumma.",
    },
    "eff_wb_sheet": {"en": "Efficiency {model}", "lv": "Efektivitāte {model}"},
    "eff_wb_title": {"en": "{name}: efficiency {year}", "lv": "{name}: efektivitāte {year}"},
    "eff_model_line": {
        "en": "Inputs: {inputs}. Outputs: {outputs}. {orientation}; {returns}.",
        "lv": "Ieguldījumi: {inputs}. Rezultāti: {outputs}. {orientation}; {returns}.",
    },
    "eff_orientation_input": {
        "en": "Input orientation: how much less a member could use for the same outputs "
        "(1 = on the frontier)",
        "lv": "Orientācija uz ieguldījumiem: cik mazāk pašvaldība varētu izlietot tiem pašiem "
        "rezultātiem (1 = uz efektivitātes robežas)",
    },
    "eff_orientation_output": {
        "en": "Output orientation: how much more a member could produce with the same inputs "
        "(1 = on the frontier)",
        "lv": "Orientācija uz rezultātiem: cik vairāk pašvaldība varētu sasniegt ar tiem pašiem "
        "ieguldījumiem (1 = uz efektivitātes robežas)",
    },
    "eff_returns_vrs": {
        "en": "variable returns to scale (a member is compared with members of its size)",
        "lv": "mainīga mēroga atdeve (pašvaldību salīdzina ar līdzīga lieluma pašvaldībām)",
    },
    "eff_returns_crs": {
        "en": "constant returns to scale (a member is compared with any, scaled)",
        "lv": "nemainīga mēroga atdeve (pašvaldību salīdzina ar jebkuru, pārrēķinot mērogu)",
    },
    "eff_returns_drs": {
        "en": "non-increasing returns to scale",
        "lv": "nepieaugoša mēroga atdeve",
    },
    "eff_returns_irs": {
        "en": "non-decreasing returns to scale",
        "lv": "nesamazinoša mēroga atdeve",
    },
    "eff_left_out_line": {
        "en": "Left out, an input or output missing: {items}.",
        "lv": "Izlaistas, jo trūkst kāda ieguldījuma vai rezultāta: {items}.",
    },
    "eff_col_efficiency": {"en": "Efficiency", "lv": "Efektivitāte"},
    "eff_col_rank": {"en": "Rank", "lv": "Vieta"},
    "eff_col_peers": {
        "en": "Reference peers (weight)",
        "lv": "Etalona pašvaldības (svars)",
    },
    "eff_col_actual": {"en": "{variable}: actual", "lv": "{variable}: faktiski"},
    "eff_col_target": {"en": "{variable}: target", "lv": "{variable}: mērķis"},
    "eff_col_saved": {
        "en": "{variable}: could be saved",
        "lv": "{variable}: varētu ietaupīt",
    },
    "eff_col_gained": {
        "en": "{variable}: could be gained",
        "lv": "{variable}: varētu iegūt vairāk",
    },
    "eff_col_adjusted": {
        "en": "Efficiency adjusted for structure",
        "lv": "Efektivitāte, koriģēta pēc struktūras",
    },
    "eff_stage_no_context": {
        "en": "The model names no context variables, so no second stage relates efficiency "
        "to structure.",
        "lv": "Modelim nav konteksta mainīgo, tāpēc otrais posms efektivitāti ar struktūru "
        "nesaista.",
    },
    "eff_stage_none": {
        "en": "Too few members off the frontier to relate efficiency to structure.",
        "lv": "Pārāk maz pašvaldību ārpus efektivitātes robežas, lai efektivitāti saistītu ar "
        "struktūru.",
    },
    "eff_stage_line": {
        "en": "Structure (second stage, Simar & Wilson 2007; {count} members off the frontier, "
        "{draws} bootstrap draws, {level} % intervals): {terms}. A positive coefficient means "
        "more of the variable goes with less efficiency; the adjusted efficiency is the one "
        "a member would show with the network's average structure.",
        "lv": "Struktūra (otrais posms, Simar & Wilson 2007; {count} pašvaldības ārpus "
        "efektivitātes robežas, {draws} bootstrap atkārtojumi, {level} % intervāli): {terms}. "
        "Pozitīvs koeficients nozīmē, ka lielāka mainīgā vērtība saistīta ar zemāku "
        "efektivitāti; koriģētā efektivitāte ir tā, kāda pašvaldībai būtu ar tīkla vidējo "
        "struktūru.",
    },
    "eff_site_potential": {"en": "The potential", "lv": "Potenciāls"},
    "eff_site_frontier": {"en": "The frontier", "lv": "Efektivitātes robeža"},
    "eff_site_alt": {
        "en": "{name}: each member's input and output, and the frontier through the most efficient",
        "lv": "{name}: katras pašvaldības ieguldījums un rezultāts un efektivitātes robeža, "
        "ko veido efektīvākās",
    },
    "eff_site_caption": {
        "en": "{name}: the members and the frontier through the {count} efficient ones",
        "lv": "{name}: pašvaldības un efektivitātes robeža, ko veido {count} efektīvās",
    },
    "eff_site_models": {"en": "Efficiency", "lv": "Efektivitāte"},
    "eff_ho_title": {"en": "{name}: efficiency", "lv": "{name}: efektivitāte"},
    "eff_ho_score_input": {
        "en": "{name}: efficiency {efficiency}, rank {rank} of {count}. Its reference peers "
        "({peers}) produce as much with {share} of its inputs.",
        "lv": "{name}: efektivitāte {efficiency}, {rank}. vieta no {count}. Tās etalona "
        "pašvaldības ({peers}) to pašu sasniedz ar {share} no tās ieguldījumiem.",
    },
    "eff_ho_score_output": {
        "en": "{name}: efficiency {efficiency}, rank {rank} of {count}. Its reference peers "
        "({peers}) produce {share} more with as much.",
        "lv": "{name}: efektivitāte {efficiency}, {rank}. vieta no {count}. Tās etalona "
        "pašvaldības ({peers}) ar tikpat ieguldījumiem sasniedz par {share} vairāk.",
    },
    "eff_ho_actual": {"en": "Actual", "lv": "Faktiski"},
    "eff_ho_target": {"en": "Target", "lv": "Mērķis"},
    "eff_ho_saved": {"en": "Could be saved", "lv": "Varētu ietaupīt"},
    "eff_ho_gained": {"en": "Could be gained", "lv": "Varētu iegūt vairāk"},
    "eff_ho_adjusted": {
        "en": "With the network's average structure its efficiency would be {efficiency}.",
        "lv": "Ar tīkla vidējo struktūru tās efektivitāte būtu {efficiency}.",
    },
    "eff_ho_frontier": {
        "en": "{name}: efficiency {efficiency}, rank {rank} of {count}. It is on the frontier: "
        "the other members are measured against it and its like.",
        "lv": "{name}: efektivitāte {efficiency}, {rank}. vieta no {count}. Tā ir uz "
        "efektivitātes robežas: ar to un līdzīgām salīdzina pārējās pašvaldības.",
    },
    "eff_model_or_variables": {
        "en": "give either --model or --inputs and --outputs",
        "lv": "norādiet vai nu --model, vai --inputs un --outputs",
    },
    "eff_site_left_out": {
        "en": "Left out, an input or output missing ({count})",
        "lv": "Izlaistas, jo trūkst kāda ieguldījuma vai rezultāta ({count})",
    },
}
