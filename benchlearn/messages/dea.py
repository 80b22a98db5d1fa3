"""What ``benchlearn efficiency`` says: its refusals, notes and column headings.

"Efektivitāte" is feminine; the reference peers are "etalona pašvaldības" (the
municipalities on the frontier a municipality is measured against), and the partners
"mācīšanās partneri", as the learning partners are called elsewhere.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "dea_bad_orientation": {
        "en": "The orientation {orientation} is not known; use input or output.",
        "lv": "Orientācija {orientation} nav zināma; izmantojiet input (resursi) vai output (rezultāti).",
    },
    "dea_bad_returns": {
        "en": "The returns to scale {returns} are not known; use vrs, crs, drs or irs.",
        "lv": "Apjoma atdeve {returns} nav zināma; izmantojiet vrs, crs, drs vai irs.",
    },
    "dea_shapes": {
        "en": "Inputs are given for {inputs} units and outputs for {outputs}; each unit needs both.",
        "lv": "Resursi doti {inputs} vienībām, bet rezultāti {outputs}; katrai vienībai vajag abus.",
    },
    "dea_negative": {
        "en": "Efficiency needs inputs and outputs that are numbers of 0 or more.",
        "lv": "Efektivitātes aprēķinam resursiem un rezultātiem jābūt skaitļiem, kas nav mazāki par 0.",
    },
    "dea_negative_value": {
        "en": "{municipality} has {value} for {indicator} in {year}; efficiency needs values of 0 or more.",
        "lv": "Pašvaldībai {municipality} rādītāja {indicator} vērtība {year}. gadā ir {value}; efektivitātes aprēķinam vērtībām jābūt vismaz 0.",
    },
    "dea_no_output": {
        "en": "{municipality} has 0 for every output ({outputs}) in {year}, so how far its outputs could grow has no bound; use --orientation input.",
        "lv": "Pašvaldībai {municipality} {year}. gadā visi rezultāti ({outputs}) ir 0, tāpēc rezultātu pieaugumam nav robežas; izmantojiet --orientation input.",
    },
    "dea_not_solved": {
        "en": "The efficiency's linear programme was not solved: {reason}",
        "lv": "Efektivitātes lineārās programmēšanas uzdevums netika atrisināts: {reason}",
    },
    "dea_boot_degenerate": {
        "en": "The bootstrap needs at least 2 units that are not efficient; here fewer are.",
        "lv": "Bootstrap metodei vajag vismaz 2 vienības, kas nav efektīvas, bet šeit to ir mazāk.",
    },
    "dea_boot_replicates": {
        "en": "The bootstrap needs at least 2 replicates, not {replicates}.",
        "lv": "Bootstrap metodei vajag vismaz 2 atkārtojumus, nevis {replicates}.",
    },
    "dea_boot_confidence": {
        "en": "The confidence level {confidence} is not between 0 and 100.",
        "lv": "Ticamības līmenis {confidence} nav starp 0 un 100.",
    },
    "dea_no_variables": {
        "en": "Efficiency needs at least one input (--inputs) and one output (--outputs).",
        "lv": "Efektivitātei vajag vismaz vienu resursu (--inputs) un vienu rezultātu (--outputs).",
    },
    "dea_unknown_indicator": {
        "en": "No indicator is defined with the code {codes}.",
        "lv": "Nav definēta rādītāja ar kodu {codes}.",
    },
    "dea_in_both": {
        "en": "{codes} cannot be both an input and an output.",
        "lv": "{codes} nevar būt vienlaikus resurss un rezultāts.",
    },
    "dea_too_few": {
        "en": "Efficiency in {network} in {year} needs at least 2 members with every input and output; {count} have them.",
        "lv": "Efektivitātei tīklā {network} {year}. gadā vajag vismaz 2 dalībniekus ar visiem resursiem un rezultātiem; tie ir {count}.",
    },
    "dea_left_out": {
        "en": "Left out, for want of a value ({count}): {items}.",
        "lv": "Nav novērtētas pašvaldības, kurām trūkst vērtības ({count}): {items}.",
    },
    "dea_model": {
        "en": "{orientation} efficiency, {returns}: inputs {inputs}; outputs {outputs}.",
        "lv": "{orientation} efektivitāte, {returns}: resursi {inputs}; rezultāti {outputs}.",
    },
    "dea_orientation_input": {"en": "Input", "lv": "Uz resursiem orientēta"},
    "dea_orientation_output": {"en": "Output", "lv": "Uz rezultātiem orientēta"},
    "dea_returns_vrs": {"en": "variable returns to scale", "lv": "mainīga apjoma atdeve"},
    "dea_returns_crs": {"en": "constant returns to scale", "lv": "nemainīga apjoma atdeve"},
    "dea_returns_drs": {"en": "non-increasing returns to scale", "lv": "nepieaugoša apjoma atdeve"},
    "dea_returns_irs": {
        "en": "non-decreasing returns to scale",
        "lv": "nesamazinoša apjoma atdeve",
    },
    "dea_reading_input": {
        "en": "Efficiency 0.80: the municipality could do as its reference peers do with 80% of its inputs; slack_ is what is still to be saved or gained beyond that, target_ what it would use or produce matching its peers.",
        "lv": "Efektivitāte 0,80: pašvaldība varētu sasniegt to pašu, ko tās etalona pašvaldības, ar 80 % no saviem resursiem; slack_ ir tas, ko vēl var ietaupīt vai iegūt papildus, target_ – tas, ko tā izmantotu vai sasniegtu, līdzinoties etalona pašvaldībām.",
    },
    "dea_reading_output": {
        "en": "Efficiency 1.25: with its inputs the municipality could produce 25% more, as its reference peers do; slack_ is what is still to be saved or gained beyond that, target_ what it would use or produce matching its peers.",
        "lv": "Efektivitāte 1,25: ar saviem resursiem pašvaldība varētu sasniegt par 25 % vairāk, kā to dara tās etalona pašvaldības; slack_ ir tas, ko vēl var ietaupīt vai iegūt papildus, target_ – tas, ko tā izmantotu vai sasniegtu, līdzinoties etalona pašvaldībām.",
    },
    "dea_bootstrap_note": {
        "en": "Bias-corrected efficiency from {replicates} bootstrap replicates (Simar & Wilson 1998); its {level} interval by subsampling, {replicates} replicates for each subsample size (m-out-of-n bootstrap, Simar & Wilson 2011); seed {seed}.",
        "lv": "Nobīdes koriģētā efektivitāte no {replicates} bootstrap atkārtojumiem (Simar un Wilson 1998); tās {level} intervāls no apakšizlasēm, {replicates} atkārtojumi katram apakšizlases lielumam (m no n bootstrap, Simar un Wilson 2011); gadījumskaitļu sākumvērtība {seed}.",
    },
    "dea_partners_note": {
        "en": "Partners: reference peers that are also among the {k} most similar on the structural variables, whom to learn from first.",
        "lv": "Mācīšanās partneri: etalona pašvaldības, kas ir arī starp {k} pēc struktūras līdzīgākajām pašvaldībām; no tām mācīties vispirms.",
    },
    "col_efficiency": {"en": "efficiency", "lv": "efektivitāte"},
    "col_peers": {"en": "peers", "lv": "etalona pašvaldības"},
    "col_partners": {"en": "partners", "lv": "mācīšanās partneri"},
    "col_efficiency_bc": {"en": "efficiency_bc", "lv": "koriģētā efektivitāte"},
    "col_partner_efficiency": {"en": "partner_efficiency", "lv": "partnera efektivitāte"},
}
