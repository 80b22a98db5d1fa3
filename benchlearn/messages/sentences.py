"""The sentences of a municipality's position, and the words they are built from.

Latvian sentences are built so that no word has to agree with the
municipality's name: a name such as "Bauskas novads" (masculine) or "Rīgas
valstspilsēta" (feminine) only ever starts a sentence before a colon, and the
adjectives agree with "rādītājs" (masculine), the subject of every sentence.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # where a value stands against the median of its peers (the robust z, in words)
    "sentence": {
        "en": "{name}: {indicator} is {value}, {distance} the median of {basis} ({median}).",
        "lv": "{name}: rādītājs „{indicator}” ir {value} — {distance} {basis} mediāna ({median}).",
    },
    "sentence_similar": {
        "en": "{name}: {indicator} is {value}, close to the median of {basis} ({median}).",
        "lv": "{name}: rādītājs „{indicator}” ir {value} — līdzīgs {basis} mediānai ({median}).",
    },
    "distance_much better": {"en": "far better than", "lv": "daudz labāks nekā"},
    "distance_better": {"en": "better than", "lv": "labāks nekā"},
    "distance_slightly better": {"en": "a little better than", "lv": "nedaudz labāks nekā"},
    "distance_slightly worse": {"en": "a little worse than", "lv": "nedaudz sliktāks nekā"},
    "distance_worse": {"en": "worse than", "lv": "sliktāks nekā"},
    "distance_much worse": {"en": "far worse than", "lv": "daudz sliktāks nekā"},
    "basis_network": {"en": "the network's members", "lv": "tīkla dalībnieku"},
    "basis_all": {"en": "all municipalities", "lv": "visu pašvaldību"},
    "basis_attr": {
        "en": "municipalities with the same {name}",
        "lv": "pašvaldību ar to pašu {name}",
    },
    "basis_group": {"en": "its peers", "lv": "salīdzināmo pašvaldību"},
    "strongest": {"en": "Strongest: {items}.", "lv": "Stiprākie rādītāji: {items}."},
    "weakest": {"en": "Weakest: {items}.", "lv": "Vājākie rādītāji: {items}."},
    # whom to learn from
    "partners_intro": {
        "en": "Whom to learn from, where you are behind: similar municipalities that do clearly better.",
        "lv": "No kā mācīties tur, kur atpaliekat: līdzīgas pašvaldības ar skaidri labākiem rādītājiem.",
    },
    "partner_sentence": {
        "en": "{partner}{similarity} on {indicator}: {partner_value}; in your municipality {own_value}",
        "lv": "{partner}{similarity} rādītājā „{indicator}”: {partner_value}; jūsu pašvaldībā {own_value}",
    },
    "partner_similarity": {"en": " (similarity {similarity})", "lv": " (līdzība {similarity})"},
    "see_practice": {
        "en": "; see their good practice: {practice}",
        "lv": "; skat. labo praksi: {practice}",
    },
    "no_partners": {
        "en": "No similar municipality does clearly better where you are behind.",
        "lv": "Rādītājos, kuros atpaliekat, neviena līdzīga pašvaldība nav skaidri labāka.",
    },
    # fair comparisons: against the peers' pooled value, beyond chance or within it
    "cmp_better": {"en": "better", "lv": "labāks"},
    "cmp_worse": {"en": "worse", "lv": "sliktāks"},
    "cmp_higher": {"en": "higher", "lv": "augstāks"},
    "cmp_lower": {"en": "lower", "lv": "zemāks"},
    "sentence_significant": {
        "en": "{name}: {indicator} is {value}, {comparison} than {reference} ({comparator}), by more than chance explains ({level} confidence).",
        "lv": "{name}: rādītājs „{indicator}” ir {value} — {comparison} nekā {reference} ({comparator}), un atšķirību nevar izskaidrot ar nejaušību ({level} ticamība).",
    },
    "sentence_within_chance": {
        "en": "{name}: {indicator} is {value}, similar to {reference} ({comparator}): the difference is within chance ({level} confidence).",
        "lv": "{name}: rādītājs „{indicator}” ir {value} — līdzīgs {reference} ({comparator}): atšķirība ir nejaušības robežās ({level} ticamība).",
    },
    # what a value with counts is judged against (--comparator), after "than" and after "similar to"
    "ref_median": {"en": "its peers' median", "lv": "salīdzināmo pašvaldību mediāna"},
    "ref_median_to": {"en": "its peers' median", "lv": "salīdzināmo pašvaldību mediānai"},
    "ref_pooled": {"en": "its peers' pooled value", "lv": "salīdzināmo pašvaldību kopējā vērtība"},
    "ref_pooled_to": {
        "en": "its peers' pooled value",
        "lv": "salīdzināmo pašvaldību kopējai vērtībai",
    },
    "ref_all": {"en": "the median of all municipalities", "lv": "visu pašvaldību mediāna"},
    "ref_all_to": {"en": "the median of all municipalities", "lv": "visu pašvaldību mediānai"},
    "partner_contact": {"en": "; contact: {contact}", "lv": "; kontaktpersona: {contact}"},
    "partners_by_peers": {
        "en": "The network declares no structural variables, so partners are chosen among its peers, not by similarity.",
        "lv": "Tīklam nav noteikti strukturālie rādītāji, tāpēc partneri izraudzīti no salīdzināmajām pašvaldībām, nevis pēc līdzības.",
    },
    "partners_no_similarity": {
        "en": "{name}: no learning partners, as there are no structural figures to find similar municipalities by.",
        "lv": "{name}: mācīšanās partneru nav, jo nav strukturālo datu, pēc kuriem atrast līdzīgas pašvaldības.",
    },
}
