"""Messages of the gap to the clearly better similar municipalities
(:mod:`benchlearn.learning`: the position text, the handout and ``position``) and of the
funnel of values with a standard error (``funnel``).

Keys start with ``rk_``.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "rk_gaps_intro": {
        "en": "What if you matched your clearly better similar municipalities? The gap to "
        "their median, where you are behind:",
        "lv": "Kā būtu, ja sasniegtu skaidri labāko līdzīgo pašvaldību līmeni? Starpība līdz "
        "to mediānai rādītājos, kuros atpaliekat:",
    },
    "rk_gap": {
        "en": "On {indicator}, the clearly better similar municipalities ({count}) have a "
        "median of {target}; the gap to it: {gap}{amount}.",
        "lv": "Rādītājā „{indicator}” skaidri labāko līdzīgo pašvaldību ({count}) mediāna ir "
        "{target}; starpība līdz tai: {gap}{amount}.",
    },
    "rk_gap_amount": {
        "en": "; in {numerator}: {amount}",
        "lv": "; {numerator}: {amount}",
    },
    "rk_gaps_title": {
        "en": "If we matched our best similar peers",
        "lv": "Ja sasniegtu labāko līdzīgo pašvaldību līmeni",
    },
    "rk_funnel_se_drawing": {
        "en": "{indicator} is judged on its values' standard errors, not on counts: funnel "
        "writes its table (-o .csv, .json, .xlsx, .txt) but does not draw it",
        "lv": "rādītājs {indicator} tiek vērtēts pēc vērtību standartkļūdām, nevis skaitiem: "
        "funnel izvada tabulu (-o .csv, .json, .xlsx, .txt), bet diagrammu nezīmē",
    },
}
