"""Messages of values with their uncertainty: ``se`` and ``ci_low``/``ci_high`` columns on
import (:mod:`benchlearn.importing.uncertainty`) and rank intervals in ``rank``.

Keys start with ``unc_``.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "unc_negative_se": {
        "en": "a standard error cannot be negative ({text})",
        "lv": "standartkļūda nevar būt negatīva ({text})",
    },
    "unc_ci_reversed": {
        "en": "ci_low {low} is above ci_high {high}",
        "lv": "ci_low {low} ir lielāka par ci_high {high}",
    },
    "unc_ci_half": {
        "en": "an interval needs both ci_low and ci_high; this row has only {given}",
        "lv": "intervālam vajag gan ci_low, gan ci_high; šajā rindā ir tikai {given}",
    },
    "unc_ci_outside": {
        "en": "the value {value} lies outside its interval {low} to {high}",
        "lv": "vērtība {value} ir ārpus sava intervāla no {low} līdz {high}",
    },
    "unc_se_and_ci": {
        "en": "a file gives either an se column or ci_low and ci_high, not both",
        "lv": "failā ir vai nu kolonna se, vai ci_low un ci_high, ne abas",
    },
    "unc_ci_level": {
        "en": "--ci-level must be a percentage between 0 and 100, not {level}",
        "lv": "--ci-level jābūt procentiem starp 0 un 100, nevis {level}",
    },
    "unc_rank_note": {
        "en": "In brackets: the ranks each one could hold, all of them together with {level} "
        "confidence given the values' standard errors (Klein, Wright & Wieczorek 2020); "
        "none where a value has no standard error.",
        "lv": "Iekavās: robežas, kurās ar {level} ticamību vienlaikus atrodas visu vērtību "
        "patiesās vietas, ņemot vērā to standartkļūdas (Klein, Wright & Wieczorek 2020); "
        "nav norādītas, ja vērtībai standartkļūdas nav.",
    },
}
