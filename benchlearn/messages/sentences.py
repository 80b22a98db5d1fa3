"""The sentences of a municipality's position, and the words they are built from."""

MESSAGES: dict[str, dict[str, str]] = {
    # position sentences
    "sentence": {
        "en": "{name}'s {indicator} ({value}) is {band} than {basis} median of {median}.",
        "lv": "{name} rādītājs “{indicator}” ({value}) ir {band} nekā {basis} mediāna {median}.",
    },
    "sentence_similar": {
        "en": "{name}'s {indicator} ({value}) is broadly similar to {basis} median of {median}.",
        "lv": "{name} rādītājs “{indicator}” ({value}) ir līdzīgs {basis} mediānai {median}.",
    },
    "basis_network": {"en": "the network's", "lv": "tīkla"},
    "basis_all": {"en": "all municipalities'", "lv": "visu pašvaldību"},
    "basis_attr": {"en": "its {name} group's", "lv": "tās {name} grupas"},
    "basis_group": {"en": "its nearest neighbours'", "lv": "tās tuvāko kaimiņu"},
    "strongest": {"en": "Strongest: {items}.", "lv": "Stiprākie rādītāji: {items}."},
    "weakest": {"en": "Weakest: {items}.", "lv": "Vājākie rādītāji: {items}."},
    "partner_sentence": {
        "en": "{partner} is {gap} MADs better on {indicator}",
        "lv": "{partner} ir par {gap} MAD labāka rādītājā “{indicator}”",
    },
    "see_practice": {
        "en": "; see their practice: {practice}",
        "lv": "; skat. viņu praksi: {practice}",
    },
    "no_partners": {
        "en": "No similar municipality does clearly better on any indicator.",
        "lv": "Neviena līdzīga pašvaldība nevienā rādītājā nav skaidri labāka.",
    },
    # fair comparisons
    "cmp_better": {"en": "better", "lv": "labāks"},
    "cmp_worse": {"en": "worse", "lv": "sliktāks"},
    "cmp_higher": {"en": "higher", "lv": "augstāks"},
    "cmp_lower": {"en": "lower", "lv": "zemāks"},
    "sentence_significant": {
        "en": "{name}'s {indicator} ({value}) is {comparison} than its peers' pooled value of {comparator}, by more than chance explains ({level}% confidence).",
        "lv": "{name} rādītājs “{indicator}” ({value}) ir {comparison} nekā salīdzināmo kopējā vērtība {comparator}, un atšķirību nevar izskaidrot ar nejaušību ({level}% ticamība).",
    },
    "sentence_within_chance": {
        "en": "{name}'s {indicator} ({value}) is similar to its peers' pooled value of {comparator}: the difference is within chance ({level}% confidence).",
        "lv": "{name} rādītājs “{indicator}” ({value}) ir līdzīgs salīdzināmo kopējai vērtībai {comparator}: atšķirība ir nejaušības robežās ({level}% ticamība).",
    },
}
