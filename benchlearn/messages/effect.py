"""What ``benchlearn effect`` says: its sentences, refusals, headings and columns.

The Latvian sentence puts the municipality's name in the locative ("Bauskas
novadā", :func:`benchlearn.effect.locative`); a name whose ending is not known
starts the sentence before a colon instead (``_named``), so no word has to agree
with it. "Augstāks" and "zemāks" agree with "rādītājs" (masculine).
"""

MESSAGES: dict[str, dict[str, str]] = {
    "eff_sentence_higher": {
        "en": "Since {year}, {indicator} in {where} has been on average {amount} higher than in its synthetic twin ({twin}).",
        "lv": "Kopš {year}. gada {where} rādītājs „{indicator}” bija vidēji par {amount} augstāks nekā tā sintētiskajā dvīnī ({twin}).",
    },
    "eff_sentence_lower": {
        "en": "Since {year}, {indicator} in {where} has been on average {amount} lower than in its synthetic twin ({twin}).",
        "lv": "Kopš {year}. gada {where} rādītājs „{indicator}” bija vidēji par {amount} zemāks nekā tā sintētiskajā dvīnī ({twin}).",
    },
    "eff_sentence_higher_named": {
        "en": "Since {year}, {indicator} in {name} has been on average {amount} higher than in its synthetic twin ({twin}).",
        "lv": "{name}: kopš {year}. gada rādītājs „{indicator}” bija vidēji par {amount} augstāks nekā sintētiskajā dvīnī ({twin}).",
    },
    "eff_sentence_lower_named": {
        "en": "Since {year}, {indicator} in {name} has been on average {amount} lower than in its synthetic twin ({twin}).",
        "lv": "{name}: kopš {year}. gada rādītājs „{indicator}” bija vidēji par {amount} zemāks nekā sintētiskajā dvīnī ({twin}).",
    },
    "eff_sentence_placebos": {
        "en": "A gap this large, for how well the twin fitted before, showed in {rank} of the {units} municipalities compared (p = {p}).",
        "lv": "Tik lielu starpību (salīdzinot ar atbilstību pirms sākuma) uzrādīja {rank} no {units} salīdzināmajām pašvaldībām (p = {p}).",
    },
    "eff_sentence_placebos_one": {
        "en": "A gap this large, for how well the twin fitted before, showed in {rank} of the {units} municipalities compared (p = {p}).",
        "lv": "Tik lielu starpību (salīdzinot ar atbilstību pirms sākuma) uzrādīja {rank} no {units} salīdzināmās pašvaldības (p = {p}).",
    },
    "eff_refused_few_fit_years": {
        "en": "{name}: no judgment on {indicator}: the number of years before the start to fit the twin on is {years}, and at least 3 are needed.",
        "lv": "{name}: par rādītāju „{indicator}” spriedums netiek sniegts: dvīņa pielāgošanas gadu skaits pirms sākuma ir {years}, bet vajag vismaz 3.",
    },
    "eff_refused_few_donors": {
        "en": "{name}: no judgment on {indicator}: the number of municipalities to build the twin from is {donors}, and at least 5 are needed.",
        "lv": "{name}: par rādītāju „{indicator}” spriedums netiek sniegts: pašvaldību skaits, no kurām veidot dvīni, ir {donors}, bet vajag vismaz 5.",
    },
    "eff_refused_poor_fit": {
        "en": "{name}: no judgment on {indicator}: before the start the twin missed by {rmspe} on average (RMSPE), more than {share} of the spread between municipalities ({spread}).",
        "lv": "{name}: par rādītāju „{indicator}” spriedums netiek sniegts: pirms sākuma dvīnis atšķīrās vidēji par {rmspe} (RMSPE), vairāk nekā {share} no izkliedes starp pašvaldībām ({spread}).",
    },
    # errors
    "eff_bad_predictor": {
        "en": "--predictor {text}: write CODE:YEARS, where YEARS is a year, Y1-Y2 or Y1,Y2,...",
        "lv": "--predictor {text}: rakstiet KODS:GADI, kur GADI ir gads, G1-G2 vai G1,G2,...",
    },
    "eff_bad_years": {
        "en": "{text}: a range of years runs from the earlier year to the later one.",
        "lv": "{text}: gadu diapazons sākas ar agrāko gadu un beidzas ar vēlāko.",
    },
    "eff_fit_after_start": {
        "en": "--fit-years {years}: the fit years must be before the start ({start}).",
        "lv": "--fit-years {years}: pielāgošanas gadiem jābūt pirms sākuma ({start}).",
    },
    "eff_donors_k": {
        "en": "--donors {text}: K must be a whole number",
        "lv": "--donors {text}: K jābūt veselam skaitlim",
    },
    "eff_donors_kind": {
        "en": "--donors {text!r}: expected one of {kinds}",
        "lv": "--donors „{text}”: jābūt vienam no: {kinds}",
    },
    "eff_donors_attribute": {
        "en": "--donors attr:{name}: no such attribute (attributes: {known})",
        "lv": "--donors attr:{name}: šāda atribūta nav (atribūti: {known})",
    },
    "eff_which_network": {
        "en": "{code} belongs in {year} to these networks that compare {indicator}: {networks}; choose one with --network.",
        "lv": "{code} {year}. gadā ir šo tīklu dalībniece, kas salīdzina {indicator}: {networks}; izvēlieties vienu ar --network.",
    },
    "eff_not_in_registry": {
        "en": "{code} is not in the registry in {year}, so no similar municipalities can be found for it.",
        "lv": "{code} {year}. gadā nav reģistrā, tāpēc tai nevar atrast līdzīgas pašvaldības.",
    },
    "eff_no_data_after": {
        "en": "{code} has no value of {indicator} in {start} or later: there is nothing to judge yet.",
        "lv": "{code} nav rādītāja {indicator} vērtības {start}. gadā vai vēlāk: vēl nav ko vērtēt.",
    },
    "eff_no_fit_years": {
        "en": "{code} has no value of {indicator} in the fit years before {start}.",
        "lv": "{code} nav rādītāja {indicator} vērtības pielāgošanas gados pirms {start}. gada.",
    },
    "eff_no_predictor": {
        "en": "{code} has no value of the predictor {predictor}.",
        "lv": "{code} nav prediktora {predictor} vērtības.",
    },
    "eff_no_donors": {
        "en": "{code}: no municipality among the donors ({spec}) has a value of {indicator} in every year needed.",
        "lv": "{code}: nevienai pašvaldībai no donoriem ({spec}) nav rādītāja {indicator} vērtības visos vajadzīgajos gados.",
    },
    # the table's parts
    "eff_heading_gaps": {
        "en": "{indicator}: {name} and its synthetic twin",
        "lv": "{indicator}: {name} un sintētiskais dvīnis",
    },
    "eff_average": {
        "en": "Average gap since {year}: {gap}. Error before the start (RMSPE): {pre}; after: {post}.",
        "lv": "Vidējā starpība kopš {year}. gada: {gap}. Novirze pirms sākuma (RMSPE): {pre}; pēc: {post}.",
    },
    "eff_p_value": {
        "en": "p-value (placebos in space): {p}, rank {rank} of {units}.",
        "lv": "p-vērtība (telpiskie placebo): {p}, {rank}. vieta no {units}.",
    },
    "eff_no_p_value": {
        "en": "p-value: none, as no judgment is made.",
        "lv": "p-vērtība: nav, jo spriedums netiek sniegts.",
    },
    "eff_heading_event": {
        "en": "{indicator}: the members' plans, effect by years since the start",
        "lv": "{indicator}: dalībnieku plānu ietekme pa gadiem kopš sākuma",
    },
    "eff_heading_group_time": {
        "en": "By start year and year",
        "lv": "Pa sākuma gadiem un gadiem",
    },
    "eff_heading_donors": {"en": "The twin's donors", "lv": "Dvīņa donori"},
    "eff_heading_balance": {"en": "Predictor balance", "lv": "Prediktoru līdzsvars"},
    "eff_planned_out": {
        "en": "Left out for a plan of their own on this indicator: {codes}.",
        "lv": "Izlaistas, jo tām ir savs plāns ar mērķi šajā rādītājā: {codes}.",
    },
    "eff_what": {
        "en": "Name a stored plan with --plan, the municipality, indicator and start year with -m, -i and --start, or a network's plans with -n and -i.",
        "lv": "Norādiet saglabātu plānu ar --plan, pašvaldību, rādītāju un sākuma gadu ar -m, -i un --start vai tīkla plānus ar -n un -i.",
    },
    "eff_plan_which": {
        "en": "Plan {id} has targets on several indicators ({codes}): choose one with --indicator.",
        "lv": "Plānam Nr. {id} ir mērķi vairākos rādītājos ({codes}): izvēlieties vienu ar --indicator.",
    },
    "eff_plan_no_target": {
        "en": "Plan {id} has no target on {indicator} (its targets: {codes}).",
        "lv": "Plānam Nr. {id} nav mērķa rādītājā {indicator} (tā mērķi: {codes}).",
    },
    "eff_plan_network": {
        "en": "Plan {id} belongs to network {own}, not {network}.",
        "lv": "Plāns Nr. {id} pieder tīklam {own}, nevis {network}.",
    },
    "eff_left_out": {
        "en": "Left out for missing values: {codes}.",
        "lv": "Izlaistas trūkstošu vērtību dēļ: {codes}.",
    },
    "col_actual": {"en": "actual", "lv": "faktiskā"},
    "col_synthetic": {"en": "synthetic", "lv": "sintētiskā"},
    "col_period": {"en": "period", "lv": "periods"},
    "col_predictor": {"en": "predictor", "lv": "prediktors"},
    "col_donor_mean": {"en": "donor_mean", "lv": "donoru vidējais"},
    "val_before": {"en": "before", "lv": "pirms"},
    "val_after": {"en": "after", "lv": "pēc"},
}
