"""Whether the network and its plans worked: ``benchlearn impact`` and the staggered
difference-in-differences of several members' plans on one indicator."""

MESSAGES: dict[str, dict[str, str]] = {
    # impact: members against the rest of the registry
    "impact_not_ranked": {
        "en": "{indicator} is a self-assessed level or a yes/no answer: it has no mean or "
        "quartiles to compare; choose an indicator members are ranked on.",
        "lv": "{indicator} ir pašnovērtējuma līmenis vai atbilde „jā/nē”: tam nav vidējās vērtības "
        "un kvartiļu, ko salīdzināt; izvēlieties rādītāju, pēc kura dalībniekus ranžē.",
    },
    "impact_years": {
        "en": "--year {year} must come after --since {since}.",
        "lv": "--year {year} jābūt vēlākam gadam nekā --since {since}.",
    },
    "impact_everyone": {
        "en": "Every municipality of the registry is a member of {network}: there are no "
        "non-members to compare with.",
        "lv": "Tīklā {network} ir visas reģistra pašvaldības: nav pašvaldību ārpus tīkla, "
        "ar ko salīdzināt.",
    },
    "impact_no_years": {
        "en": "{network} has no indicator with values both in {since} and in a later year: "
        "nothing to compare.",
        "lv": "Tīklam {network} nav neviena rādītāja ar vērtībām gan {since}. gadā, gan vēlāk: "
        "nav ko salīdzināt.",
    },
    "impact_without_years": {
        "en": "Not compared, without values in {since} or in the last year: {codes}.",
        "lv": "Nav salīdzināti, jo nav vērtību {since}. gadā vai pēdējā gadā: {codes}.",
    },
    "impact_no_members": {
        "en": "{network} has no member that was one in every year since {since}.",
        "lv": "Tīklā {network} nav neviena dalībnieka, kas būtu tajā katru gadu kopš {since}. gada.",
    },
    "impact_left_out": {
        "en": "Left out, as members for only part of the years: {codes}.",
        "lv": "Nav iekļauti dalībnieki, kas tīklā bija tikai daļu no šiem gadiem: {codes}.",
    },
    "impact_method": {
        "en": "Changes from the first year to the last; members minus non-members, with "
        "95 % percentile bootstrap intervals over municipalities ({draws} resamples, seed "
        "{seed}); the spread is the interquartile range, quartiles as R's quantile type 7; p "
        "from {permutations} random reassignments of the member label, and the verdict where "
        "p < 0.05.",
        "lv": "Pārmaiņas no pirmā līdz pēdējam gadam; dalībnieki mīnus pārējās pašvaldības, ar "
        "95 % procentiļu bootstrap intervāliem pa pašvaldībām ({draws} atkārtotas izlases, "
        "sākumvērtība {seed}); izkliede ir starpība starp augšējo un apakšējo kvartili, kvartiles "
        "kā R quantile 7. tipā; p no {permutations} nejaušām dalībnieka statusa pārdalēm, un "
        "secinājums, ja p < 0,05.",
    },
    "impact_summary": {
        "en": "{network} since {since}, indicators: improvement {improvement}, convergence "
        "{convergence}, both {both}, neither {neither}, too few data {too_few}.",
        "lv": "{network} kopš {since}. gada, rādītāju skaits: uzlabojums {improvement}, "
        "izlīdzināšanās {convergence}, abi {both}, ne viens, ne otrs {neither}, par maz datu "
        "{too_few}.",
    },
    "val_improvement": {"en": "improvement", "lv": "uzlabojums"},
    "val_convergence": {"en": "convergence", "lv": "izlīdzināšanās"},
    "val_both": {"en": "both", "lv": "abi"},
    "val_neither": {"en": "neither", "lv": "ne viens, ne otrs"},
    "val_too_few": {"en": "too few", "lv": "par maz datu"},
    "col_since": {"en": "since", "lv": "kopš"},
    "col_others": {"en": "others", "lv": "pārējās"},
    "col_members_mean_change": {"en": "members_mean_change", "lv": "dalībnieku vidējās pārmaiņa"},
    "col_others_mean_change": {"en": "others_mean_change", "lv": "pārējo vidējās pārmaiņa"},
    "col_mean_difference": {"en": "mean_difference", "lv": "vidējās starpība"},
    "col_mean_low": {"en": "mean_low", "lv": "vidējās starpība no"},
    "col_mean_high": {"en": "mean_high", "lv": "vidējās starpība līdz"},
    "col_members_iqr_change": {"en": "members_iqr_change", "lv": "dalībnieku izkliedes pārmaiņa"},
    "col_others_iqr_change": {"en": "others_iqr_change", "lv": "pārējo izkliedes pārmaiņa"},
    "col_iqr_difference": {"en": "iqr_difference", "lv": "izkliedes starpība"},
    "col_iqr_low": {"en": "iqr_low", "lv": "izkliedes starpība no"},
    "col_iqr_high": {"en": "iqr_high", "lv": "izkliedes starpība līdz"},
    "col_mean_p": {"en": "mean_p", "lv": "vidējās p"},
    "col_iqr_p": {"en": "iqr_p", "lv": "izkliedes p"},
    "col_verdict": {"en": "verdict", "lv": "secinājums"},
    # several members, one action: the staggered difference-in-differences
    "did_too_few": {
        "en": "Only {treated} members started a plan on {indicator}; an average effect needs "
        "at least {least}.",
        "lv": "Plānu rādītājam „{indicator}” sākušo dalībnieku skaits: {treated}; vidējai "
        "ietekmei vajag vismaz {least}.",
    },
    "did_no_comparison": {
        "en": "Of {units} units with a value in every year, {treated} started a plan and none "
        "is left to compare with.",
        "lv": "No {units} vienībām ar vērtību katrā gadā plānu sākušas {treated}, un nav "
        "neviena, ar ko salīdzināt.",
    },
    "did_sentence": {
        "en": "Members with a plan on {indicator} ({treated}; start years: {years}) against "
        "members without one ({controls}): average effect {att} (95 % interval {low} to "
        "{high}).",
        "lv": "Dalībnieki ar plānu rādītājam „{indicator}” ({treated}; sākuma gadi: {years}) "
        "pret dalībniekiem bez tāda plāna ({controls}): vidējā ietekme {att} (95 % intervāls "
        "no {low} līdz {high}).",
    },
    "did_placebo": {
        "en": "The same start years dealt to members at random gave an effect as large in "
        "{as_large} of {permutations} draws (p = {p}).",
        "lv": "Tikpat lielu ietekmi deva {as_large} no {permutations} nejaušām to pašu sākuma "
        "gadu sadalēm starp dalībniekiem (p = {p}).",
    },
    "did_better": {
        "en": "The plans improved it beyond chance.",
        "lv": "Plāni rādītāju uzlaboja vairāk, nekā to var izskaidrot nejaušība.",
    },
    "did_worse": {
        "en": "It worsened after the plans, beyond chance.",
        "lv": "Pēc plāniem rādītājs pasliktinājās vairāk, nekā to var izskaidrot nejaušība.",
    },
    "did_up": {
        "en": "It rose after the plans, beyond chance.",
        "lv": "Pēc plāniem rādītājs pieauga vairāk, nekā to var izskaidrot nejaušība.",
    },
    "did_down": {
        "en": "It fell after the plans, beyond chance.",
        "lv": "Pēc plāniem rādītājs samazinājās vairāk, nekā to var izskaidrot nejaušība.",
    },
    "did_none": {
        "en": "The difference is within chance: no effect shown.",
        "lv": "Starpība nepārsniedz nejaušības robežas: ietekme nav pierādīta.",
    },
    "did_pre_trend": {
        "en": "Before the start the members with a plan already moved apart from the others "
        "(years before: {events}), so the comparison may not be fair.",
        "lv": "Jau pirms plāna sākuma dalībnieki ar plānu attālinājās no pārējiem (gadi pirms "
        "sākuma: {events}), tāpēc salīdzinājums var nebūt godīgs.",
    },
    "col_group": {"en": "group", "lv": "sākuma gads"},
    "col_event": {"en": "event", "lv": "gadi kopš sākuma"},
    "col_att": {"en": "att", "lv": "ietekme"},
    "col_se": {"en": "se", "lv": "stand. kļūda"},
    "col_low": {"en": "low", "lv": "no"},
    "col_high": {"en": "high", "lv": "līdz"},
    "col_treated": {"en": "treated", "lv": "ar plānu"},
    "col_controls": {"en": "controls", "lv": "bez plāna"},
    "col_groups": {"en": "groups", "lv": "sākuma gadi"},
}
