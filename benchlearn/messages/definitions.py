"""What ``benchlearn definitions validate`` and ``load`` say about a definition file.

Keys ``def_`` beyond the commonest ones in :mod:`.compare`: a descriptor's shape, an
indicator's or a network's keys, ``pull:``, references between definitions; ``def_expr_``
a formula's or rule's expression. An English text is the one users read before the
catalogue existed, word for word. Key names, values such as ``aggregation: weighted_mean``
and expressions such as ``PART <= TOTAL`` stay as a file writes them; Latvian quotes “x”.
An ``{example}`` holds a YAML example with braces, which a template cannot hold.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # a descriptor's shape
    "def_no_top_key": {
        "en": "expected a mapping with 'indicators:', 'network:' or 'networks:'",
        "lv": "gaidīts kartējums ar „indicators:”, „network:” vai „networks:”",
    },
    "def_not_list": {"en": "must be a list", "lv": "jābūt sarakstam"},
    "def_not_boolean": {"en": "must be true or false", "lv": "jābūt true vai false"},
    "def_not_positive": {"en": "must be greater than 0", "lv": "jābūt lielākam par 0"},
    "def_number_range": {
        "en": "{value} is out of range: a bound, level or threshold may be at most 10^15 in size",
        "lv": "{value} ir ārpus pieļaujamā: robeža, līmenis vai slieksnis pēc absolūtās vērtības "
        "nedrīkst pārsniegt 10^15",
    },
    "def_weight_range": {
        "en": "{value} is out of range: a weight may be at most 1,000,000",
        "lv": "{value} ir ārpus pieļaujamā: svars nedrīkst pārsniegt 1 000 000",
    },
    "def_duplicate_key": {
        "en": "key {name!r} is given twice in one mapping, at lines {first} and {second}; keep one",
        "lv": "atslēga „{name}” vienā kartējumā norādīta divreiz — {first}. un {second}. rindā; "
        "atstājiet vienu",
    },
    "def_too_deep": {
        "en": "nested more than {depth} levels deep; a definition file needs a few",
        "lv": "ligzdojums ir dziļāks par {depth} līmeņiem; definīciju failam pietiek ar dažiem",
    },
    # texts in one or several languages
    "def_not_language": {
        "en": "is not a language code such as en or lv",
        "lv": "nav valodas kods, piemēram, en vai lv",
    },
    "def_not_language_comma": {
        "en": (
            "is not a language code such as en or lv; a comma inside {…} starts a new key:"
            " put the text in quotes"
        ),
        "lv": (
            "nav valodas kods, piemēram, en vai lv; komats iekavās {…} sāk jaunu atslēgu:"
            " ielieciet tekstu pēdiņās"
        ),
    },
    "def_empty_text": {"en": "must be a non-empty string", "lv": "jābūt netukšai teksta virknei"},
    "def_not_text": {
        "en": "must be a string or a mapping of language to string, e.g. {example}",
        "lv": "jābūt teksta virknei vai kartējumam no valodas uz tekstu, piemēram, {example}",
    },
    # an indicator
    "def_indicator_not_mapping": {
        "en": "must be a mapping with code, name, unit and direction",
        "lv": "jābūt kartējumam ar code, name, unit un direction",
    },
    "def_not_decimals": {
        "en": "{value} is not a whole number from 0 to 10",
        "lv": "{value} nav vesels skaitlis no 0 līdz 10",
    },
    "def_max_below_min": {
        "en": "{high} is below min {low}",
        "lv": "{high} ir mazāks par min vērtību {low}",
    },
    "def_formula_condition": {
        "en": "must compute a number, not a comparison",
        "lv": "jāaprēķina skaitlis, nevis salīdzinājums",
    },
    "def_refers_to_itself": {
        "en": "refers to the indicator itself",
        "lv": "atsaucas uz pašu rādītāju",
    },
    "def_scale_short": {
        "en": "must be a list of at least two levels {example}",
        "lv": "jābūt sarakstam ar vismaz diviem līmeņiem {example}",
    },
    "def_level_not_mapping": {
        "en": "must be a mapping with exactly value and label",
        "lv": "jābūt kartējumam tieši ar value un label",
    },
    "def_levels_distinct": {
        "en": "level values must be distinct",
        "lv": "līmeņu vērtībām jābūt atšķirīgām",
    },
    "def_formula_aggregation": {
        "en": "'formula' needs the indicator to have a formula or a statistic",
        "lv": "„formula” prasa, lai rādītājam būtu formula vai statistic",
    },
    "def_not_percentage": {
        "en": "must be a positive percentage, e.g. 50",
        "lv": "jābūt pozitīvai procentu vērtībai, piemēram, 50",
    },
    "def_only_weighted_mean": {
        "en": "is only used with aggregation: weighted_mean",
        "lv": "lieto tikai kopā ar aggregation: weighted_mean",
    },
    "def_required_weighted_mean": {
        "en": "is required with aggregation: weighted_mean",
        "lv": "ir obligāts kopā ar aggregation: weighted_mean",
    },
    "def_pooled_needs_counts": {
        "en": "'pooled' needs statistic: proportion or rate",
        "lv": "„pooled” prasa statistic: proportion vai rate",
    },
    "def_derived_pulled": {
        "en": "a derived indicator is computed, never pulled",
        "lv": "atvasinātu rādītāju aprēķina, nevis lejupielādē",
    },
    # rules
    "def_rules_not_list": {
        "en": "must be a list of rules such as 'PART <= TOTAL'",
        "lv": "jābūt noteikumu sarakstam, piemēram, „PART <= TOTAL”",
    },
    "def_rule_not_mapping": {
        "en": "must be an expression or a mapping with rule, severity, message",
        "lv": "jābūt izteiksmei vai kartējumam ar rule, severity, message",
    },
    "def_rule_not_condition": {
        "en": "must be a comparison such as PART <= TOTAL",
        "lv": "jābūt salīdzinājumam, piemēram, PART <= TOTAL",
    },
    # statistic: proportion or rate
    "def_only_statistic": {
        "en": "is only used with statistic: proportion or rate",
        "lv": "lieto tikai kopā ar statistic: proportion vai rate",
    },
    "def_required_statistic": {
        "en": "is required with statistic: {statistic}",
        "lv": "ir obligāts kopā ar statistic: {statistic}",
    },
    "def_statistic_and_formula": {
        "en": "give either a formula or a statistic with numerator and denominator, not both",
        "lv": "norādiet vai nu formula, vai statistic ar numerator un denominator, ne abus",
    },
    "def_same_numerator": {
        "en": "must differ from the numerator",
        "lv": "jāatšķiras no numerator",
    },
    "def_multiplier": {
        "en": "must be greater than 0, e.g. 100 for a percentage",
        "lv": "jābūt lielākam par 0, piemēram, 100 procentiem",
    },
    "def_suppress_below": {
        "en": "must be 0 or more, e.g. 5",
        "lv": "jābūt 0 vai vairāk, piemēram, 5",
    },
    # pull:
    "def_pull_not_mapping": {
        "en": "must be a mapping such as {example}",
        "lv": "jābūt kartējumam, piemēram, {example}",
    },
    "def_pull_hosts": {
        "en": "must be a list of host names such as [data.example.org]",
        "lv": "jābūt resursdatoru nosaukumu sarakstam, piemēram, [data.example.org]",
    },
    "def_pull_one_source": {
        "en": "must name exactly one source: {kinds}",
        "lv": "jānorāda tieši viens avots: {kinds}",
    },
    "def_not_pxweb": {
        "en": "{value} is not an http(s) URL of a PxWeb table",
        "lv": "{value} nav PxWeb tabulas http(s) adrese",
    },
    "def_not_kolada": {
        "en": "{value} is not a Kolada KPI id such as N00945",
        "lv": "{value} nav Kolada KPI identifikators, piemēram, N00945",
    },
    "def_select_not_mapping": {
        "en": "must be a mapping of variable code to value code",
        "lv": "jābūt kartējumam no mainīgā koda uz vērtības kodu",
    },
    "def_not_variable": {
        "en": "{value} is not a variable code",
        "lv": "{value} nav mainīgā kods",
    },
    "def_not_value_code": {
        "en": "must be one value code (a string)",
        "lv": "jābūt vienam vērtības kodam (teksta virknei)",
    },
    "def_kolada_gender": {
        "en": "Kolada takes only gender (T, K or M)",
        "lv": "Kolada pieņem tikai gender (T, K vai M)",
    },
    "def_not_match": {
        "en": "must be code, name or a registry attribute such as csb_code",
        "lv": "jābūt code, name vai reģistra atribūtam, piemēram, csb_code",
    },
    # a network
    "def_network_not_mapping": {
        "en": "must be a mapping with code, name and indicators",
        "lv": "jābūt kartējumam ar code, name un indicators",
    },
    "def_weighted_not_mapping": {
        "en": "must be a code or a mapping such as {example}",
        "lv": "jābūt kodam vai kartējumam, piemēram, {example}",
    },
    "def_indicators_empty": {
        "en": "must be a non-empty list of indicator codes",
        "lv": "jābūt netukšam rādītāju kodu sarakstam",
    },
    "def_listed_twice": {
        "en": "{code} is listed more than once",
        "lv": "{code} norādīts vairāk nekā vienu reizi",
    },
    "def_members_not_list": {
        "en": "must be 'all' or a non-empty list of municipality codes",
        "lv": "jābūt „all” vai netukšam pašvaldību kodu sarakstam",
    },
    "def_members_not_strings": {
        "en": "must list municipality codes as strings",
        "lv": "pašvaldību kodiem jābūt teksta virknēm",
    },
    "def_not_code_list": {
        "en": "must be a list of indicator codes",
        "lv": "jābūt rādītāju kodu sarakstam",
    },
    "def_not_window": {
        "en": "must be a whole number of years, 0 or more",
        "lv": "jābūt veselam gadu skaitam, 0 vai vairāk",
    },
    "def_not_share": {
        "en": "must be a share between 0 and 1, e.g. 0.75",
        "lv": "jābūt daļai no 0 līdz 1, piemēram, 0,75",
    },
    # references between definitions
    "def_unknown_reference": {
        "en": "{code}: unknown {role} indicator {name}",
        "lv": "{code}: {role} ir nezināms rādītājs {name}",
    },
    "def_rule_unknown": {
        "en": "{code}: rule {rule!r} uses unknown indicator {name}",
        "lv": "{code}: noteikumā „{rule}” izmantots nezināms rādītājs {name}",
    },
    "def_network_rule_unknown": {
        "en": "rule {rule!r} uses unknown indicator {name}",
        "lv": "noteikumā „{rule}” izmantots nezināms rādītājs {name}",
    },
    "def_scale_derived": {
        "en": "{code}: an ordinal scale cannot be computed",
        "lv": "{code}: ordinālu skalu nevar aprēķināt",
    },
    "def_formula_cycle": {
        "en": "formulas refer to each other in a circle: {cycle}",
        "lv": "formulas atsaucas cita uz citu noslēgtā lokā: {cycle}",
    },
    # a formula's or rule's expression
    "def_expr_empty": {
        "en": "an expression must be a non-empty string",
        "lv": "izteiksmei jābūt netukšai teksta virknei",
    },
    "def_expr_too_long": {
        "en": "{start}: a formula may have at most {limit} characters; this one has {length}",
        "lv": "{start}: formulā drīkst būt ne vairāk kā {limit} rakstzīmes; šajā ir {length}",
    },
    "def_expr_too_deep": {
        "en": "{start}: operations are nested more than {limit} levels deep "
        "(split the formula into indicators of their own)",
        "lv": "{start}: darbības ir ligzdotas dziļāk par {limit} līmeņiem "
        "(sadaliet formulu vairākos atsevišķos rādītājos)",
    },
    "def_expr_too_large": {
        "en": "{start}: a number is larger than 1.8e308",
        "lv": "{start}: skaitlis ir lielāks par 1,8e308",
    },
    "def_expr_not_allowed": {
        "en": "{text!r}: `{node}` (Python syntax) is not allowed in a formula",
        "lv": "„{text}”: formulā nav atļauta Python sintakse `{node}`",
    },
    "def_expr_not_needs_comparison": {
        "en": "{text!r}: 'not' needs a comparison",
        "lv": "„{text}”: „not” prasa salīdzinājumu",
    },
    "def_expr_arithmetic_on_comparison": {
        "en": "{text!r}: arithmetic on a comparison is not allowed",
        "lv": "„{text}”: aritmētiskas darbības ar salīdzinājumu nav atļautas",
    },
    "def_expr_compare_comparison": {
        "en": "{text!r}: cannot compare a comparison",
        "lv": "„{text}”: salīdzinājumu nevar salīdzināt",
    },
    "def_expr_comparators": {
        "en": "{text!r}: only <, <=, >, >=, == and != compare values",
        "lv": "„{text}”: vērtības salīdzina tikai <, <=, >, >=, == un !=",
    },
    "def_expr_and_or": {
        "en": "{text!r}: 'and'/'or' join comparisons only",
        "lv": "„{text}”: „and”/„or” savieno tikai salīdzinājumus",
    },
    "def_expr_unknown_function": {
        "en": "{text!r}: unknown function {name!r} (allowed: {allowed})",
        "lv": "„{text}”: nezināma funkcija „{name}” (atļautās: {allowed})",
    },
    "def_expr_arity": {
        "en": "{text!r}: {name}() takes {count} argument(s)",
        "lv": "„{text}”: funkcijas {name}() argumentu skaits: {count}",
    },
    "def_expr_function_comparison": {
        "en": "{text!r}: a function takes numbers, not comparisons",
        "lv": "„{text}”: funkcija pieņem skaitļus, nevis salīdzinājumus",
    },
    "def_expr_needs": {
        "en": "{text!r} needs {names}",
        "lv": "izteiksmei „{text}” vajag {names}",
    },
    # a stored definition that files would change (definitions load and validate)
    "def_refused": {
        "en": "stored definitions these files would change: {count}; nothing was loaded "
        "(to change them, load again with --replace)",
        "lv": "saglabātās definīcijas, ko šie faili mainītu: {count}; nekas netika ielādēts "
        "(lai tās mainītu, ielādējiet vēlreiz ar --replace)",
    },
    "def_refused_check": {
        "en": "stored definitions these files would change: {count}; `definitions load` "
        "changes them with --replace only",
        "lv": "saglabātās definīcijas, ko šie faili mainītu: {count}; `definitions load` tās "
        "maina tikai ar --replace",
    },
    "def_change_indicator": {
        "en": "indicator {code}: {differences}",
        "lv": "rādītājs {code}: {differences}",
    },
    "def_change_indicator_used": {
        "en": "indicator {code}, used by {networks}: {differences}",
        "lv": "rādītājs {code}, ko izmanto {networks}: {differences}",
    },
    "def_change_network": {
        "en": "network {code}: {differences}",
        "lv": "tīkls {code}: {differences}",
    },
    "def_networks_one": {"en": "network {codes}", "lv": "tīkls {codes}"},
    "def_networks_many": {"en": "networks {codes}", "lv": "tīkli {codes}"},
    "def_not_set": {"en": "(not set)", "lv": "(nav norādīts)"},
    # what definitions load says it did
    "run_load_builtin_hint": {
        "en": "No indicators defined yet: load the built-in definitions with "
        "`benchlearn definitions load --builtin`.",
        "lv": "Rādītāji vēl nav definēti: iebūvētās definīcijas ielādējiet ar "
        "`benchlearn definitions load --builtin`.",
    },
    "run_definitions_loaded": {
        "en": "Definitions: {added}, {changed}, {unchanged}.",
        "lv": "Definīcijas: {added}, {changed}, {unchanged}.",
    },
    "run_definitions_added_one": {"en": "{count} added", "lv": "pievienota {count}"},
    "run_definitions_added_many": {"en": "{count} added", "lv": "pievienotas {count}"},
    "run_definitions_changed_one": {"en": "{count} changed", "lv": "mainīta {count}"},
    "run_definitions_changed_many": {"en": "{count} changed", "lv": "mainītas {count}"},
    "run_definitions_unchanged_one": {"en": "{count} unchanged", "lv": "nemainīta {count}"},
    "run_definitions_unchanged_many": {"en": "{count} unchanged", "lv": "nemainītas {count}"},
    "run_definition_changed": {
        "en": "  changed {change}",
        "lv": "  mainīts: {change}",
    },
    "run_definitions_what": {
        "en": "give definition files or folders, or --builtin for the shipped definitions",
        "lv": "norādiet definīciju failus vai mapes vai --builtin iebūvētajām definīcijām",
    },
}
