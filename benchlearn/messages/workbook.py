"""Labels of the meeting workbook and the charts: sheets, cover, tables, bands, significance."""

MESSAGES: dict[str, dict[str, str]] = {
    # sheet names (at most 31 characters, no []:*?/\)
    "sheet_cover": {"en": "Cover", "lv": "Titullapa"},
    "sheet_summary": {"en": "Summary", "lv": "Kopsavilkums"},
    "sheet_similar": {"en": "Similar municipalities", "lv": "Līdzīgās pašvaldības"},
    "sheet_definitions": {"en": "Definitions", "lv": "Definīcijas"},
    "sheet_data": {"en": "Data", "lv": "Dati"},
    "sheet_quality": {"en": "Data quality", "lv": "Datu kvalitāte"},
    "sheet_profile": {"en": "Profile {code}", "lv": "Profils {code}"},
    # cover
    "title": {
        "en": "Benchlearning comparison: {network}",
        "lv": "Salīdzinošā novērtēšana: {network}",
    },
    "network": {"en": "Network", "lv": "Tīkls"},
    "year": {"en": "Year", "lv": "Gads"},
    "peer_basis": {"en": "Compared with", "lv": "Salīdzināts ar"},
    "generated": {"en": "Generated", "lv": "Sagatavots"},
    "members": {"en": "Members", "lv": "Dalībnieki"},
    # who joined and who left the network in the year (cover, site, annual report)
    "members_new_mark": {"en": "new member", "lv": "jauns dalībnieks"},
    "members_joined": {
        "en": "New members in {year}: {names}.",
        "lv": "Jauni dalībnieki {year}. gadā: {names}.",
    },
    "members_joined_none": {
        "en": "No new members in {year}.",
        "lv": "{year}. gadā jaunu dalībnieku nav.",
    },
    "members_left": {
        "en": "Left the network in {year}: {names}.",
        "lv": "{year}. gadā tīklu atstāja: {names}.",
    },
    "sources": {"en": "Data sources", "lv": "Datu avoti"},
    "how_to_read": {"en": "How to read this workbook", "lv": "Kā lasīt šo darbgrāmatu"},
    "read_rank": {
        "en": "Rank 1 is the best value, whether higher or lower is better; equal values share a rank.",
        "lv": "1. vieta ir labākā vērtība neatkarīgi no tā, vai labāk ir augstāka vai zemāka; vienādām vērtībām ir vienāda vieta.",
    },
    "read_colours": {
        "en": "Colours show the quarter among the peers: blue is the best quarter, then light blue, light orange, and orange the worst quarter.",
        "lv": "Krāsas rāda ceturtdaļu salīdzināmo vidū: zilā ir labākā ceturtdaļa, tad gaiši zilā, gaiši oranžā, un oranžā — sliktākā.",
    },
    "read_bands": {
        "en": "Bands word the distance from the peer median in median absolute deviations (MADs), as the UK Office for Local Government does: within ±0.5 broadly similar, to 1.5 slightly better or worse, to 3 better or worse, beyond 3 much better or worse.",
        "lv": "Novērtējums rāda, cik tālu vērtība ir no salīdzināmo mediānas, mērot mediānas absolūtajās novirzēs (MAD): ±0,5 robežās līdzīgi, līdz 1,5 nedaudz labāk vai sliktāk, līdz 3 labāk vai sliktāk, vairāk par 3 daudz labāk vai sliktāk.",
    },
    "read_grey": {
        "en": "Grey means no value: missing, not applicable, or confidential. '..' marks a confidential value, which is never shown.",
        "lv": "Pelēks nozīmē, ka vērtības nav: trūkst, nav attiecināms vai konfidenciāls. „..” apzīmē konfidenciālu vērtību, kas netiek rādīta.",
    },
    "read_neutral": {
        "en": "Indicators without a better direction (context) are shown uncoloured and are not ranked.",
        "lv": "Rādītāji bez labākā virziena (konteksta rādītāji) netiek iekrāsoti un ranžēti.",
    },
    "quarter_1": {"en": "best quarter", "lv": "labākā ceturtdaļa"},
    "quarter_2": {"en": "second quarter", "lv": "otrā ceturtdaļa"},
    "quarter_3": {"en": "third quarter", "lv": "trešā ceturtdaļa"},
    "quarter_4": {"en": "worst quarter", "lv": "sliktākā ceturtdaļa"},
    "no_value": {"en": "no value / ..", "lv": "nav vērtības / .."},
    "peers_network": {"en": "the network's members", "lv": "tīkla dalībniekiem"},
    "peers_all": {
        "en": "all municipalities with data",
        "lv": "visām pašvaldībām, par kurām ir dati",
    },
    "peers_attr": {
        "en": "municipalities with the same {name}",
        "lv": "pašvaldībām ar to pašu {name}",
    },
    "peers_group": {
        "en": "each municipality's own peer list '{name}'",
        "lv": "katras pašvaldības salīdzināmo sarakstu „{name}”",
    },
    "peers_similar": {
        "en": "each municipality's {name} most similar municipalities",
        "lv": "katras pašvaldības {name} līdzīgākajām pašvaldībām",
    },
    "boundaries_note": {
        "en": "All years are shown on the units of {year}.",
        "lv": "Visi gadi attēloti {year}. gada teritoriālajās vienībās.",
    },
    # tables
    "municipality": {"en": "Municipality", "lv": "Pašvaldība"},
    "code": {"en": "Code", "lv": "Kods"},
    "indicator": {"en": "Indicator", "lv": "Rādītājs"},
    "value": {"en": "Value", "lv": "Vērtība"},
    "status": {"en": "Status", "lv": "Statuss"},
    "rank": {"en": "Rank", "lv": "Vieta"},
    "rank_of_n": {"en": "Rank of n", "lv": "Vieta no n"},
    "rank_interval": {"en": "Rank interval (90 %)", "lv": "Vietas intervāls (90 %)"},
    "score": {"en": "Composite score", "lv": "Kopējais vērtējums"},
    "coverage": {"en": "Coverage", "lv": "Datu pārklājums"},
    "not_ranked": {"en": "not ranked", "lv": "vieta nav noteikta"},
    "read_coverage": {
        "en": "A member is ranked in the composite score when it has values for at least "
        "{needed} of the weight; a missing part widens its rank interval.",
        "lv": "Kopējā vērtējumā pašvaldībai nosaka vietu, ja tai ir dati vismaz {needed} no "
        "svara; katra trūkstošā daļa paplašina tās vietas intervālu.",
    },
    "band": {"en": "Compared with peers", "lv": "Salīdzinājumā ar citiem"},
    "change": {"en": "Change since {year}", "lv": "Izmaiņas kopš {year}. gada"},
    "percentile": {"en": "Percentile", "lv": "Procentile"},
    "peer_median": {"en": "Peer median", "lv": "Salīdzināmo mediāna"},
    "peer_q1": {"en": "Lower quartile", "lv": "Apakšējā kvartile"},
    "peer_q3": {"en": "Upper quartile", "lv": "Augšējā kvartile"},
    "unit": {"en": "Unit", "lv": "Mērvienība"},
    "direction": {"en": "Better", "lv": "Labāk"},
    "formula": {"en": "Formula", "lv": "Formula"},
    "source": {"en": "Source", "lv": "Avots"},
    "description": {"en": "Description", "lv": "Apraksts"},
    "higher": {"en": "higher", "lv": "augstāka"},
    "lower": {"en": "lower", "lv": "zemāka"},
    "neutral": {"en": "neither (context)", "lv": "nav (konteksts)"},
    "partners": {"en": "Learning partners", "lv": "Mācīšanās partneri"},
    "partner": {"en": "Partner", "lv": "Partneris"},
    "gap": {"en": "Better by (MADs)", "lv": "Labāk par (MAD)"},
    "similarity": {"en": "Similarity", "lv": "Līdzība"},
    "practice": {"en": "Good practice", "lv": "Labā prakse"},
    "contact": {"en": "Contact", "lv": "Kontaktpersona"},
    "cluster": {"en": "Cluster", "lv": "Klasteris"},
    "variables": {"en": "Variables used", "lv": "Izmantotie mainīgie"},
    "no_structural": {
        "en": "This network declares no structural variables, so no similarity is computed.",
        "lv": "Šim tīklam nav norādīti strukturālie mainīgie, tāpēc līdzība netiek aprēķināta.",
    },
    "left_out": {"en": "Left out", "lv": "Neiekļauts"},
    "chart_values": {"en": "{indicator}, {year}", "lv": "{indicator}, {year}"},
    "chart_trend": {"en": "{indicator}: trend", "lv": "{indicator}: dinamika"},
    "chart_profile": {
        "en": "Percentile among peers (indicators where higher or lower is better)",
        "lv": "Procentile salīdzināmo vidū (rādītāji, kuros labāka ir augstāka vai zemāka vērtība)",
    },
    "missing_values": {"en": "Missing values", "lv": "Trūkstošās vērtības"},
    "outliers": {
        "en": "Possible outliers (|robust z| > 3.5)",
        "lv": "Iespējamās novirzes (|robustais z| > 3,5)",
    },
    "few_peers": {
        "en": "Indicators with few peers (n < 5)",
        "lv": "Rādītāji ar maz salīdzināmajiem (n < 5)",
    },
    "aggregated": {
        "en": "Figures aggregated from old units",
        "lv": "No iepriekšējām vienībām apkopotie skaitļi",
    },
    "none_found": {"en": "None.", "lv": "Nav."},
    "robust_z": {"en": "Robust z", "lv": "Robustais z"},
    "n_peers": {"en": "Peers with a value", "lv": "Salīdzināmie ar vērtību"},
    "footer": {"en": "{network} · {year}", "lv": "{network} · {year}"},
    # bands
    "much better": {"en": "much better", "lv": "daudz labāk"},
    "better": {"en": "better", "lv": "labāk"},
    "slightly better": {"en": "slightly better", "lv": "nedaudz labāk"},
    "broadly similar": {"en": "broadly similar", "lv": "līdzīgi"},
    "slightly worse": {"en": "slightly worse", "lv": "nedaudz sliktāk"},
    "worse": {"en": "worse", "lv": "sliktāk"},
    "much worse": {"en": "much worse", "lv": "daudz sliktāk"},
    # fair comparisons: significance against the peers' pooled value
    "comparator": {"en": "Peers' pooled value", "lv": "Salīdzināmo kopējā vērtība"},
    # the comparator: what values are judged, coloured and drawn against (--comparator)
    "comparator_basis": {"en": "Reference value", "lv": "Atskaites vērtība"},
    "comparator_median": {"en": "Peers' median", "lv": "Salīdzināmo mediāna"},
    "comparator_pooled": {"en": "Peers' pooled value", "lv": "Salīdzināmo kopējā vērtība"},
    "comparator_all": {
        "en": "Median of all municipalities with data",
        "lv": "Visu pašvaldību mediāna",
    },
    "comparator_mixed": {
        "en": "Per indicator (see each legend)",
        "lv": "Katram rādītājam sava (skatiet leģendas)",
    },
    "significance": {
        "en": "Compared with the pooled value",
        "lv": "Salīdzinājumā ar kopējo vērtību",
    },
    "ci_low": {"en": "{level}% interval: from", "lv": "{level} % intervāls: no"},
    "ci_high": {"en": "{level}% interval: to", "lv": "{level} % intervāls: līdz"},
    "sig_better": {"en": "better", "lv": "labāk"},
    "sig_similar": {"en": "similar", "lv": "līdzīgi"},
    "sig_worse": {"en": "worse", "lv": "sliktāk"},
    "sig_higher": {"en": "higher", "lv": "augstāk"},
    "sig_lower": {"en": "lower", "lv": "zemāk"},
    "sig_not_compared": {"en": "not compared", "lv": "nav salīdzināts"},
    "read_significance": {
        "en": "Where an indicator is a share or a rate with its counts behind it, the colour says whether the value differs from the reference value ({reference}) by more than chance (at {level}% confidence): dark blue better, yellow similar, dark red worse; for indicators where neither direction is better, dark purple higher and light purple lower; white not compared (no counts, or counts withheld). Bars in the charts show the {level}% interval.",
        "lv": "Ja rādītājs ir daļa vai koeficients, kam zināmi skaiti, krāsa rāda, vai vērtība atšķiras no atskaites vērtības ({reference}) vairāk, nekā to var izskaidrot nejaušība ({level} % ticamības līmenī): tumši zila — labāk, dzeltena — līdzīgi, tumši sarkana — sliktāk; rādītājiem bez labākā virziena tumši violeta — augstāk, gaiši violeta — zemāk; balta — nav salīdzināts (nav skaitu vai tie nav publiskojami). Diagrammās nogriežņi rāda {level} % ticamības intervālu.",
    },
    "chart_funnel_points": {"en": "Members", "lv": "Dalībnieki"},
    "chart_spine": {
        "en": "Where {name} stands: the peers' range, middle half and median; the better end to the right",
        "lv": "Kur atrodas {name}: salīdzināmo amplitūda, vidējā puse un mediāna; labākā puse pa labi",
    },
    "spine_quarter": {"en": "no counts: {quarter}", "lv": "bez skaitiem: {quarter}"},
    # funnel plots
    "funnel_title": {"en": "{indicator}: funnel plot", "lv": "{indicator}: piltuves diagramma"},
    "funnel_limit": {"en": "{level}% control limits", "lv": "{level} % kontroles robežas"},
    "funnel_above": {"en": "above the limits", "lv": "virs robežām"},
    "funnel_below": {"en": "below the limits", "lv": "zem robežām"},
    "funnel_within": {"en": "within the limits", "lv": "robežās"},
    "funnel_denominator": {"en": "Denominator ({code})", "lv": "Saucējs ({code})"},
    "funnel_adjusted": {
        "en": "limits widened for overdispersion (φ = {phi})",
        "lv": "robežas paplašinātas pārmērīgas izkliedes dēļ (φ = {phi})",
    },
    # yes/no and ordinal indicators, trends, the matrix of areas × stages
    "wb_yes": {"en": "yes", "lv": "jā"},
    "wb_no": {"en": "no", "lv": "nē"},
    "wb_no_value": {"en": "no value", "lv": "nav vērtības"},
    "wb_level": {"en": "Level", "lv": "Līmenis"},
    # A no-break space keeps "2. līmenis" on one line where a list of levels wraps.
    "level_named": {"en": "level\u00a0{level} — {label}", "lv": "{level}.\u00a0līmenis — {label}"},
    "wb_members_count": {"en": "Number of members", "lv": "Dalībnieku skaits"},
    "wb_chart_answers": {
        "en": "{indicator}, {year}: how many members answered yes and no",
        "lv": "{indicator}, {year}: cik dalībnieku atbildēja „jā” un cik „nē”",
    },
    "wb_chart_levels": {
        "en": "{indicator}, {year}: how many members are at each level",
        "lv": "{indicator}, {year}: cik dalībnieku ir katrā līmenī",
    },
    "wb_focus_answer": {"en": "{name}: {answer}", "lv": "{name}: {answer}"},
    "wb_bars_axis": {
        "en": "Members in the order of the table (names in the table)",
        "lv": "Dalībnieki tabulas secībā (nosaukumi tabulā)",
    },
    "wb_trend_yes": {
        "en": "Members answering yes (%)",
        "lv": "Dalībnieki, kas atbildēja „jā” (%)",
    },
    "wb_trend_band": {
        "en": "Middle half of the members (Q1–Q3)",
        "lv": "Dalībnieku vidējā puse (Q1–Q3)",
    },
    "wb_trend_median": {"en": "Members' median", "lv": "Dalībnieku mediāna"},
    "wb_trends": {
        "en": "Trend against the members' median and middle half",
        "lv": "Dinamika salīdzinājumā ar dalībnieku mediānu un vidējo pusi",
    },
    "wb_sheet_matrix": {"en": "Matrix", "lv": "Matrica"},
    "wb_matrix_title": {
        "en": "{network}: areas × stages, {year}",
        "lv": "{network}: jomas × posmi, {year}",
    },
    "wb_matrix_median": {
        "en": "The members' median level in each area and stage",
        "lv": "Dalībnieku līmeņu mediāna katrā jomā un posmā",
    },
    "wb_matrix_own": {
        "en": "{name}: its level in each area and stage",
        "lv": "{name}: līmenis katrā jomā un posmā",
    },
    "wb_matrix_chart": {
        "en": "How many members are at each level, by area and stage, {year}",
        "lv": "Cik dalībnieku ir katrā līmenī, pa jomām un posmiem, {year}",
    },
    "wb_area": {"en": "Area", "lv": "Joma"},
    "wb_matrix_counts": {
        "en": "How many members are at each level, in each area and stage",
        "lv": "Cik dalībnieku ir katrā līmenī katrā jomā un posmā",
    },
    "wb_matrix_not_ranked": {
        "en": "Self-assessed levels are not ranked, coloured by quarter or put in an index: "
        "each member reads the scale for itself. Each cell says how many members stand "
        "at each level.",
        "lv": "Pašnovērtējuma līmeņus neranžē, neiekrāso pa ceturtdaļām un neiekļauj kopējā "
        "vērtējumā: katra pašvaldība skalu vērtē pati. Katrā šūnā norādīts, cik dalībnieku "
        "ir katrā līmenī.",
    },
    "wb_matrix_own_marked": {
        "en": "{name}'s own level is marked ▶.",
        "lv": "{name}: līmenis atzīmēts ar ▶.",
    },
    "answers_yes": {"en": "yes: {yes} of {answered}", "lv": "„jā”: {yes} no {answered}"},
    "answers_not_ranked": {
        "en": "Self-assessed levels and yes/no answers are not ranked: shown instead is how "
        "many members gave each answer.",
        "lv": "Pašnovērtējuma līmeņus un atbildes „jā/nē” neranžē: parādīts, cik dalībnieku "
        "sniedza katru atbildi.",
    },
    # the summary, the data and the data quality sheets
    "wb_no_data_note": {
        "en": "No figures for {year} ({count}): {names}.",
        "lv": "Nav datu par {year}. gadu ({count}): {names}.",
    },
    "wb_indicator_code": {"en": "Indicator code", "lv": "Rādītāja kods"},
    "wb_not_printed": {
        "en": "This sheet is for filtering and pivot tables, not for paper: printed, it shows only this note. The figures of {year} are on the indicator sheets.",
        "lv": "Šī lapa paredzēta filtrēšanai un rakurstabulām, nevis drukāšanai: drukājot redzama tikai šī piezīme. {year}. gada skaitļi ir rādītāju lapās.",
    },
    "wb_missing_indicators": {"en": "Indicators without a value", "lv": "Rādītāji bez vērtības"},
    "wb_missing_count": {"en": "How many", "lv": "Skaits"},
    "wb_variables_dropped": {
        "en": "the variables {variables}, without figures for most members in {year}",
        "lv": "mainīgie {variables}, jo {year}. gadā lielākajai daļai dalībnieku nav to datu",
    },
    "wb_neighbour_n": {"en": "Nearest neighbour {n}", "lv": "{n}. līdzīgākā pašvaldība"},
    # a municipality's position in words
    "wb_sheet_position": {"en": "Position {code}", "lv": "Pozīcija {code}"},
    "wb_position_title": {
        "en": "{name} ({code}) among its peers · {network} · {year}",
        "lv": "{name} ({code}) salīdzināmo vidū · {network} · {year}",
    },
    "wb_change": {"en": "Change", "lv": "Izmaiņas"},
}
