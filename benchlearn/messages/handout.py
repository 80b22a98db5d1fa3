"""Labels and sentences of a member's one-page handout and of its three-line headline
(the handout's top, the site's member page).

Latvian sentences make "rādītāji" (or "rādītājs") the subject, so adjectives agree with it
whatever kind of municipality the name is.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "hl_standing": {
        "en": "{name} in {year}: better than the reference value on {better} of {compared} "
        "indicators compared, similar on {similar}, worse on {worse}.",
        "lv": "{name}, {year}. gads: no {compared} salīdzinātajiem rādītājiem labāki par "
        "atskaites vērtību — {better}, līdzīgi — {similar}, sliktāki — {worse}.",
    },
    "hl_no_red_red": {
        "en": "No indicator is both worse than the reference value and significantly worse "
        "than in {year}.",
        "lv": "Neviens rādītājs nav vienlaikus sliktāks par atskaites vērtību un kopš "
        "{year}. gada nozīmīgi pasliktinājies.",
    },
    "hl_improvement": {
        "en": "Largest significant improvement since {year}: {indicator} ({before} in {year}, "
        "{value} in {now}).",
        "lv": "Lielākais nozīmīgais uzlabojums kopš {year}. gada: {indicator} ({year}. gadā "
        "{before}, {now}. gadā {value}).",
    },
    "hl_no_improvement": {
        "en": "No indicator improved significantly since {year}.",
        "lv": "Kopš {year}. gada neviens rādītājs nav nozīmīgi uzlabojies.",
    },
    "ho_comparator": {"en": "Reference value", "lv": "Atskaites vērtība"},
    "ho_verdict": {"en": "Compared with it", "lv": "Salīdzinājumā"},
    # --- the handout's plans page --------------------------------------------
    "ho_plans": {"en": "Plans of {name}", "lv": "Plāni: {name}"},
    "ho_plan": {
        "en": "{title} ({status}, {start}–{end})",
        "lv": "{title} (statuss: {status}, {start}–{end})",
    },
    "ho_plan_progress": {
        "en": "Progress to {year}: each target's way from its baseline (left) to the target "
        "(right), the part covered in blue when on track and in orange when behind; the black "
        "tick is where a straight line from the baseline would stand.",
        "lv": "Izpilde līdz {year}. gadam: katra mērķa ceļš no bāzes vērtības (pa kreisi) līdz "
        "mērķim (pa labi); paveiktā daļa zila, ja virzās pēc plāna, oranža, ja atpaliek; "
        "melnā atzīme rāda, kur būtu jābūt, virzoties pa taisni no bāzes vērtības.",
    },
    "ho_plan_no_value": {"en": "no value yet", "lv": "vērtības vēl nav"},
    "ho_effect_twin": {"en": "synthetic twin", "lv": "sintētiskais dvīnis"},
    "ho_effect_actual": {"en": "actual", "lv": "faktiskā vērtība"},
    "ho_effect_gap": {"en": "gap", "lv": "starpība"},
    "ho_effect_gaps": {
        "en": "Gap to the twin; placebos in grey",
        "lv": "Starpība no dvīņa; placebo pelēkā krāsā",
    },
    "ho_effect_start": {"en": "start {year}", "lv": "sākums {year}. g."},
    "ho_effect_heading": {
        "en": "Did it work? {indicator}",
        "lv": "Vai tas darbojās? {indicator}",
    },
    "rp_handouts_with_pack_only": {
        "en": "--handouts follow the meeting pack: leave out --municipality and --annual",
        "lv": "--handouts pievieno sanāksmes materiāliem: nenorādiet --municipality un --annual",
    },
}
