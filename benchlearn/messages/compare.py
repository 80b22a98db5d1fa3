"""What the comparisons say when they cannot compare, and click's own usage errors.

Keys by prefix: ``cmp_`` a comparison's errors (a year without data, an
unknown network or indicator, options that do not parse, a member left out),
``click_`` the command line's usage errors as click words them, told in the
reader's language, ``def_`` the commonest problems of definition files (the rest in
:mod:`.definitions`). An English text is the one users read before the catalogue
existed, word for word; Latvian quotes “x”.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # a year without data
    "cmp_no_data_year": {
        "en": "Network {network}'s members have no data for {year} yet ({returned}); "
        "years with data: {years}",
        "lv": "{year}. gadā tīkla {network} dalībniekiem vēl nav datu ({returned}); "
        "gadi ar datiem: {years}",
    },
    "cmp_no_data_ever": {
        "en": "Network {network}'s members have no data for {year} yet ({returned}), "
        "nor for any other year",
        "lv": "{year}. gadā tīkla {network} dalībniekiem vēl nav datu ({returned}), "
        "un nav datu arī par citiem gadiem",
    },
    "cmp_forms_returned_one": {
        "en": "{count} form returned",
        "lv": "iesniegta {count} veidlapa",
    },
    "cmp_forms_returned_many": {
        "en": "{count} forms returned",
        "lv": "iesniegtas {count} veidlapas",
    },
    "cmp_no_structural_year": {
        "en": "The structural variables ({variables}) have no figures for network {network}'s "
        "members in {year}; years with figures: {years}",
        "lv": "Strukturālajiem mainīgajiem ({variables}) {year}. gadā nav skaitļu par tīkla "
        "{network} dalībniekiem; gadi ar skaitļiem: {years}",
    },
    "cmp_no_structural_ever": {
        "en": "The structural variables ({variables}) have no figures for network {network}'s "
        "members in {year}, nor in any other year",
        "lv": "Strukturālajiem mainīgajiem ({variables}) nav skaitļu par tīkla {network} "
        "dalībniekiem ne {year}. gadā, ne citos gados",
    },
    "cmp_one_member": {
        "en": "network {network} has one member in {year} ({code}): a comparison needs at "
        "least two",
        "lv": "tīklam {network} {year}. gadā ir viens dalībnieks ({code}), bet salīdzināšanai "
        "vajag vismaz divus",
    },
    "cmp_no_peers": {
        "en": "{code} has no peers with --peers {peers} in {year}: there is no one to compare "
        "it with",
        "lv": "{code} {year}. gadā ar --peers {peers} nav neviena, ar ko to salīdzināt",
    },
    "cmp_no_peers_any": {
        "en": "no member of network {network} has peers with --peers {peers} in {year}: there "
        "is no one to compare them with",
        "lv": "nevienam tīkla {network} dalībniekam {year}. gadā ar --peers {peers} nav neviena, "
        "ar ko to salīdzināt",
    },
    "cmp_not_members": {
        "en": "not members of {network} in {year}: {codes}",
        "lv": "nav tīkla {network} dalībnieki {year}. gadā: {codes}",
    },
    # the network, its members and indicators
    "cmp_unknown_network": {
        "en": "unknown network {code!r} (known: {known})",
        "lv": "nezināms tīkls „{code}” (zināmie: {known})",
    },
    "cmp_none_loaded": {
        "en": "none loaded; `benchlearn definitions load --builtin` loads the built-in ones",
        "lv": "neviens nav ielādēts; iebūvētos ielādē `benchlearn definitions load --builtin`",
    },
    "cmp_unknown_indicator": {
        "en": "unknown indicator {code!r}",
        "lv": "nezināms rādītājs „{code}”",
    },
    "cmp_not_member": {
        "en": "{code} is not a member of network {network} in {year}",
        "lv": "{code} nav tīkla {network} dalībniece {year}. gadā",
    },
    "cmp_left_out": {
        "en": "{code} is left out: no value for {missing}",
        "lv": "{code} netiek salīdzināta, jo tai nav vērtības: {missing}",
    },
    "cmp_comparator": {
        "en": "--comparator {comparator}: use {choices}",
        "lv": "--comparator {comparator}: izmantojiet {choices}",
    },
    "cmp_confidence": {
        "en": "--confidence {confidence}: use 90, 95 or 99.8",
        "lv": "--confidence {confidence}: izmantojiet 90, 95 vai 99,8",
    },
    # structural variables, clusters, the index, the funnel
    "cmp_no_structural": {
        "en": "network {network} declares no structural variables; declare them under "
        "structural: in its definition",
        "lv": "tīklam {network} nav noteiktu strukturālo mainīgo; norādiet tos tā definīcijā "
        "sadaļā structural:",
    },
    "cmp_no_structural_vars": {
        "en": "network {network} declares no structural variables; give them with --vars, "
        "e.g. --vars POP:log,AREA_KM2",
        "lv": "tīklam {network} nav noteiktu strukturālo mainīgo; norādiet tos ar --vars, "
        "piemēram, --vars POP:log,AREA_KM2",
    },
    "cmp_vars_item": {
        "en": "--vars: {item!r}: expected CODE[:log][:WEIGHT]",
        "lv": "--vars: „{item}”: jābūt KODS[:log][:SVARS]",
    },
    "cmp_vars_no_code": {
        "en": "--vars: {item!r} has no indicator code",
        "lv": "--vars: „{item}” nav rādītāja koda",
    },
    "cmp_k_or_auto": {"en": "give -k N or --auto", "lv": "norādiet -k N vai --auto"},
    "cmp_no_attribute": {
        "en": "--compare {name}: no such municipality attribute",
        "lv": "--compare {name}: pašvaldībām nav šāda atribūta",
    },
    "cmp_needs_counts": {
        "en": "{indicator} has no counts behind it: a funnel plot needs an indicator with "
        "statistic: proportion or rate, a numerator and a denominator",
        "lv": "rādītājam {indicator} pamatā nav skaitu: piltuves diagrammai vajag rādītāju ar "
        "skaitītāju un saucēju (definīcijā statistic: proportion vai rate)",
    },
    "cmp_explain_needs_municipality": {
        "en": "--explain needs --municipality",
        "lv": "--explain var lietot tikai kopā ar --municipality",
    },
    "cmp_not_positive": {
        "en": "{code} is declared log but is not positive for {found}",
        "lv": "{code} ir logaritmējams, bet nav pozitīvs: {found}",
    },
    "cmp_constant": {
        "en": "{codes} takes one value for every municipality and cannot tell them apart",
        "lv": "{codes} visām pašvaldībām ir viena vērtība, tāpēc tās nevar atšķirt",
    },
    "cmp_not_compared": {
        "en": "not among the municipalities compared: {codes}",
        "lv": "nav starp salīdzinātajām pašvaldībām: {codes}",
    },
    "cmp_too_few_for_clusters": {
        "en": "too few municipalities to choose a number of clusters",
        "lv": "pārāk maz pašvaldību, lai izvēlētos klasteru skaitu",
    },
    "cmp_clusters_at_least_one": {
        "en": "give a number of clusters of at least 1, or choose it automatically",
        "lv": "norādiet klasteru skaitu, kas nav mazāks par 1, vai ļaujiet to izvēlēties "
        "automātiski",
    },
    "cmp_silhouettes": {
        "en": "Silhouette by number of clusters:",
        "lv": "Siluets pēc klasteru skaita:",
    },
    "cmp_adjusted_rand": {
        "en": "Adjusted Rand index against {attribute}: {value}",
        "lv": "Koriģētais Randa indekss salīdzinājumā ar {attribute}: {value}",
    },
    "cmp_unknown_normalisation": {
        "en": "unknown normalisation {method!r} (use {known})",
        "lv": "nezināma normalizācija „{method}” (izmantojiet: {known})",
    },
    "cmp_index_needs_direction": {
        "en": "the index needs at least one indicator that is not neutral",
        "lv": "indeksam vajag vismaz vienu rādītāju, kas nav neitrāls",
    },
    "cmp_unknown_aggregation": {
        "en": "unknown aggregation {method!r}",
        "lv": "nezināma agregācija „{method}”",
    },
    # --peers
    "cmp_peers_k": {
        "en": "--peers {text}: K must be a whole number",
        "lv": "--peers {text}: K jābūt veselam skaitlim",
    },
    "cmp_peers_kind": {
        "en": "--peers {text!r}: expected one of {kinds}",
        "lv": "--peers „{text}”: jābūt vienam no: {kinds}",
    },
    "cmp_peers_attribute": {
        "en": "--peers attr:{name}: no such attribute (attributes: {known})",
        "lv": "--peers attr:{name}: šāda atribūta nav (atribūti: {known})",
    },
    "cmp_none": {"en": "none", "lv": "nav"},
    "cmp_unknown_group": {
        "en": "unknown peer group {name!r}; loaded groups: {known}",
        "lv": "nezināma salīdzināmo grupa „{name}”; ielādētās grupas: {known}",
    },
    "cmp_no_groups": {
        "en": "none (use `benchlearn peers load`)",
        "lv": "nav (ielādējiet ar `benchlearn peers load`)",
    },
    # the database and the files a comparison writes
    "cmp_cannot_use_database": {
        "en": "cannot use database {url!r}: {error}",
        "lv": "datubāzi „{url}” nevar izmantot: {error}",
    },
    "dep_url_at_in_userinfo": {
        "en": "cannot use database {url!r}: more than one '@' stands before its host, so its "
        "password would be read as part of the host; write an '@' in the user name or "
        "password as %40",
        "lv": "datubāzi „{url}” nevar izmantot: URL pirms servera nosaukuma ir vairāk nekā "
        "viena „@”, tāpēc daļa paroles tiktu nolasīta kā servera nosaukums; lietotājvārdā vai "
        "parolē „@” rakstiet kā %40",
    },
    "cmp_no_migrations": {
        "en": "the database migrations are missing from this installation",
        "lv": "šajā instalācijā trūkst datubāzes migrāciju",
    },
    "cmp_cannot_reach_database": {
        "en": "cannot reach the database: {error}",
        "lv": "nevar piekļūt datubāzei: {error}",
    },
    "cmp_no_schema": {
        "en": "database {url} has no benchlearn schema yet: run `benchlearn db upgrade` first",
        "lv": "datubāzē {url} vēl nav benchlearn shēmas: vispirms izpildiet "
        "`benchlearn db upgrade`",
    },
    "cmp_not_folder": {"en": "{folder}: not a folder", "lv": "{folder}: tā nav mape"},
    "cmp_site_languages": {
        "en": "--lang {text!r}: give one or more of {languages}, separated by commas",
        "lv": "--lang „{text}”: norādiet vienu vai vairākas no {languages}, atdalītas ar komatiem",
    },
    "cmp_chart_suffix": {
        "en": "{path}: write a chart as .svg or .png",
        "lv": "{path}: diagrammu var ierakstīt tikai kā .svg vai .png",
    },
    # definition files
    "def_problems": {
        "en": "{count} problem(s) in definitions",
        "lv": "definīcijās atrastās problēmas: {count}",
    },
    "def_stored_indicator": {
        "en": "stored indicator {code} no longer validates",
        "lv": "saglabātais rādītājs {code} vairs neatbilst definīciju shēmai",
    },
    "def_stored_network": {
        "en": "stored network {code} no longer validates",
        "lv": "saglabātais tīkls {code} vairs neatbilst definīciju shēmai",
    },
    "def_no_files": {
        "en": "no definition files given",
        "lv": "nav norādīts neviens definīciju fails",
    },
    "def_cannot_read": {"en": "cannot read: {error}", "lv": "nevar nolasīt: {error}"},
    "api_definitions_source": {
        "en": "definitions come from a YAML file or folder, a list of them, or a mapping like a file's content (given: {kind})",
        "lv": "definīcijas nāk no YAML faila vai mapes, to saraksta vai vārdnīcas ar faila saturu (norādīts: {kind})",
    },
    "def_already_defined": {
        "en": "{kind} {code} is already defined in {where}",
        "lv": "{kind} {code} jau ir definēts failā {where}",
    },
    "def_kind_indicator": {"en": "indicator", "lv": "rādītājs"},
    "def_kind_network": {"en": "network", "lv": "tīkls"},
    "def_formula_unknown": {
        "en": "{code}: formula uses unknown indicator {name}",
        "lv": "{code}: formulā izmantots nezināms rādītājs {name}",
    },
    "def_unknown_indicator": {
        "en": "unknown indicator {code}",
        "lv": "nezināms rādītājs {code}",
    },
    "def_required": {"en": "is required", "lv": "ir obligāts"},
    "def_unknown_key": {
        "en": "unknown key (allowed: {allowed})",
        "lv": "nezināma atslēga (atļautās: {allowed})",
    },
    "def_unknown_key_near": {
        "en": "unknown key — did you mean {near}? (allowed: {allowed})",
        "lv": "nezināma atslēga — vai domājāt {near}? (atļautās: {allowed})",
    },
    "def_not_code": {
        "en": "{value!r} is not a valid code (a letter, then letters, digits or _)",
        "lv": "„{value}” nav derīgs kods (burts, tad burti, cipari vai _)",
    },
    "def_not_string": {"en": "must be a string", "lv": "jābūt teksta virknei"},
    "def_not_number": {"en": "{value!r} is not a number", "lv": "„{value}” nav skaitlis"},
    "def_not_choice": {
        "en": "{value!r} is not one of {choices}",
        "lv": "„{value}” nav neviena no šīm: {choices}",
    },
    # a municipality's kind in a table (the registry's word → the reader's)
    "reg_kind_city": {"en": "state city", "lv": "valstspilsēta"},
    "reg_kind_novads": {"en": "municipality", "lv": "novads"},
    # click's usage errors
    "click_usage": {"en": "Usage:", "lv": "Lietojums:"},
    "click_try_help": {
        "en": "Try '{command}' for help.",
        "lv": "Palīdzība: „{command}”.",
    },
    "click_options_metavar": {"en": "[OPTIONS]", "lv": "[OPCIJAS]"},
    "click_command_metavar": {"en": "COMMAND [ARGS]...", "lv": "KOMANDA [ARGUMENTI]..."},
    "click_missing_option": {"en": "Missing option {name}.", "lv": "Trūkst opcijas {name}."},
    "click_alias_differs": {
        "en": "{name} {given} and the argument {positional} differ; give one of them.",
        "lv": "{name} {given} un arguments {positional} atšķiras; norādiet tikai vienu.",
    },
    "click_xlsx_needs_out": {
        "en": "xlsx is written to a file: give -o FILE.xlsx.",
        "lv": "xlsx tiek rakstīts failā: norādiet -o FAILS.xlsx.",
    },
    "click_missing_argument": {
        "en": "Missing argument {name}.",
        "lv": "Trūkst argumenta {name}.",
    },
    "click_missing_parameter": {
        "en": "Missing parameter {name}.",
        "lv": "Trūkst parametra {name}.",
    },
    "click_missing_command": {"en": "Missing command.", "lv": "Trūkst komandas."},
    "click_no_such_option": {
        "en": "No such option {name}.",
        "lv": "Nav šādas opcijas: {name}.",
    },
    "click_did_you_mean": {
        "en": "Did you mean {possibility}?",
        "lv": "Varbūt domājāt {possibility}?",
    },
    "click_did_you_mean_one_of": {
        "en": "Did you mean one of {possibilities}?",
        "lv": "Varbūt domājāt kādu no šīm: {possibilities}?",
    },
    "click_possible_options": {
        "en": "(Possible options: {possibilities})",
        "lv": "(Iespējamās opcijas: {possibilities})",
    },
    "click_no_such_command": {
        "en": "No such command {name}.",
        "lv": "Nav šādas komandas: {name}.",
    },
    "click_requires_argument": {
        "en": "Option {name} requires an argument.",
        "lv": "Opcijai {name} vajag vērtību.",
    },
    "click_extra_arguments": {
        "en": "Got unexpected extra arguments ({args})",
        "lv": "Lieki argumenti ({args})",
    },
    "click_invalid_value": {
        "en": "Invalid value for {name}: {message}",
        "lv": "Nederīga {name} vērtība: {message}",
    },
    "click_not_one_of": {
        "en": "{value} is not one of {choices}.",
        "lv": "{value} nav neviena no šīm: {choices}.",
    },
    "click_not_integer": {
        "en": "{value} is not a valid integer.",
        "lv": "{value} nav vesels skaitlis.",
    },
    "click_not_float": {
        "en": "{value} is not a valid float.",
        "lv": "{value} nav skaitlis.",
    },
    "click_site_languages": {
        "en": "{value!r}: one or more of {languages}, separated by commas",
        "lv": "„{value}”: viena vai vairākas no {languages}, atdalītas ar komatiem",
    },
    "click_no_dataset": {
        "en": "{value!r} is no file, folder or built-in dataset (built-in: {known})",
        "lv": "„{value}” nav ne fails, ne mape, ne iebūvēta datu kopa (iebūvētās: {known})",
    },
    "click_no_such_path": {
        "en": "{kind} {path} does not exist.",
        "lv": "{kind} {path} neeksistē.",
    },
    "click_kind_File": {"en": "File", "lv": "Fails"},
    "click_kind_Directory": {"en": "Directory", "lv": "Mape"},
    "click_kind_Path": {"en": "Path", "lv": "Ceļš"},
}
