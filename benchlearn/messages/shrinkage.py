"""Messages of shrunk values: ``benchlearn shrink`` (:mod:`benchlearn.shrinkage`) and the
``--shrink`` sections of the workbook, the report and the site.

Keys start with ``shr_``; the column headings of ``shrink``'s table are ``col_`` keys,
as every table's are.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "col_shrinkage": {"en": "shrinkage", "lv": "tuvinājums"},
    "shr_no_se": {
        "en": "no value of {indicator} in {year} has a standard error, so there is nothing to "
        "shrink: import the values with a column se (or ci_low and ci_high)",
        "lv": "nevienai {indicator} vērtībai {year}. gadā nav standartkļūdas, tāpēc nav ko "
        "tuvināt: ielādējiet vērtības ar kolonnu se (vai ci_low un ci_high)",
    },
    "shr_peers_own_sets": {
        "en": "--peers {peers} gives each member its own peers, which share no mean to shrink "
        "toward: use network, all or attr:NAME",
        "lv": "--peers {peers} katram dalībniekam dod savu salīdzināmo kopu, tāpēc nav kopējas "
        "vidējās vērtības, kurai tuvināt: izmantojiet network, all vai attr:NAME",
    },
    "shr_left_no_se": {
        "en": "Left out, their values having no standard error ({count}): {items}.",
        "lv": "Neiekļautas, jo to vērtībām nav standartkļūdas ({count}): {items}.",
    },
    "shr_left_no_toward": {
        "en": "Left out, having no value of {toward} in {year} ({count}): {items}.",
        "lv": "Neiekļautas, jo tām nav {toward} vērtības {year}. gadā ({count}): {items}.",
    },
    "shr_fit_mean": {
        "en": "{group}Pulled toward the precision-weighted mean {mean} of {units} values; "
        "spread of the true values μ₂ = {mu2}, kurtosis κ = {kappa} (before the "
        "finite-sample correction {mu2_raw} and {kappa_raw}); average half-length of the "
        "{level} intervals {half}.",
        "lv": "{group}Tuvināts {units} vērtību precizitātes svērtajam vidējam {mean}; patieso "
        "vērtību izkliede μ₂ = {mu2}, kurtoze κ = {kappa} (pirms galīgās izlases korekcijas "
        "{mu2_raw} un {kappa_raw}); {level} intervālu vidējais pusgarums {half}.",
    },
    "shr_fit_toward": {
        "en": "{group}Pulled toward the regression {target} on {units} values (weighted by "
        "precision); spread of the true values around it μ₂ = {mu2}, kurtosis κ = {kappa} "
        "(before the finite-sample correction {mu2_raw} and {kappa_raw}); average half-length "
        "of the {level} intervals {half}.",
        "lv": "{group}Tuvināts regresijai {target} pēc {units} vērtībām (svērtām ar "
        "precizitāti); patieso vērtību izkliede ap to μ₂ = {mu2}, kurtoze κ = {kappa} "
        "(pirms galīgās izlases korekcijas {mu2_raw} un {kappa_raw}); {level} intervālu "
        "vidējais pusgarums {half}.",
    },
    "shr_group": {"en": "Peer group {group}: ", "lv": "Salīdzināmo grupa {group}: "},
    "shr_meaning": {
        "en": "estimate: the value pulled toward the target by the share in shrinkage, the more "
        "the larger its standard error; ci_low to ci_high: robust empirical-Bayes intervals "
        "that cover {level} of the true values on average whatever their distribution "
        "(Armstrong, Kolesár & Plagborg-Møller 2022).",
        "lv": "novērtējums: vērtība, tuvināta mērķim par daļu, kas norādīta kolonnā tuvinājums, "
        "jo vairāk, jo lielāka tās standartkļūda; intervāls: robustie empīriskā Beijesa "
        "intervāli, kas vidēji aptver {level} patieso vērtību neatkarīgi no to sadalījuma "
        "(Armstrong, Kolesár & Plagborg-Møller 2022).",
    },
    "shr_explained": {
        "en": "Beside each value stands its shrunk estimate: a value measured on few people is "
        "pulled toward the peers' mean by as much as its own standard error warrants, so small "
        "municipalities' values move most and large ones' hardly at all. The intervals around "
        "the estimates cover {level} of the municipalities' true values on average, whatever "
        "their distribution "
        "(Armstrong, Kolesár & Plagborg-Møller 2022). The values themselves are unchanged.",
        "lv": "Blakus katrai vērtībai ir tās tuvinātais novērtējums: vērtība, kas izmērīta "
        "nedaudziem cilvēkiem, tiek pietuvināta salīdzināmo vidējai vērtībai tik daudz, cik to "
        "pamato tās standartkļūda, tāpēc mazo pašvaldību vērtības mainās visvairāk, bet lielo "
        "— gandrīz nemaz. Intervāli ap novērtējumiem vidēji aptver {level} pašvaldību patiesās "
        "vērtības neatkarīgi no tā, kā šīs vērtības ir sadalītas (Armstrong, Kolesár & "
        "Plagborg-Møller 2022). Pašas vērtības nav mainītas.",
    },
    "shr_nothing": {
        "en": "Shrunk estimates were asked for, but no indicator's values in {year} have "
        "standard errors: the values are shown as they are.",
        "lv": "Tika prasīti tuvinātie novērtējumi, bet nevienam rādītājam {year}. gadā nav "
        "vērtību ar standartkļūdām: vērtības parādītas, kā tās ir.",
    },
    "shr_pack_only": {
        "en": "--shrink adds shrunk values to the meeting pack only: leave out --municipality "
        "and --annual",
        "lv": "--shrink pievieno tuvinātās vērtības tikai sanāksmes materiāliem: nenorādiet "
        "--municipality un --annual",
    },
    "shr_title": {"en": "Shrunk estimates", "lv": "Tuvinātie novērtējumi"},
    "shr_interval": {"en": "{level} interval", "lv": "{level} intervāls"},
    "shr_estimate": {"en": "Shrunk estimate", "lv": "Tuvinātais novērtējums"},
    "shr_moved": {"en": "Moved toward the mean", "lv": "Pietuvināts vidējam"},
}
