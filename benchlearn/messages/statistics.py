"""Messages of the official-statistics readers: PC-Axis, JSON-stat and PxWeb CSV files.

Keys start with ``stat_``. A problem's message says what is wrong; the file,
and the dimension or line where there is one, come from the problem itself.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # reading a file
    "stat_file_type": {
        "en": "{file}: not an official statistics file {suffix!r} (use .px, .json or a PxWeb "
        "CSV export)",
        "lv": "{file}: „{suffix}” nav oficiālās statistikas fails (izmantojiet .px, .json vai "
        "PxWeb CSV eksportu)",
    },
    "stat_cannot_read": {
        "en": "{file}: cannot read as {kind}: {error}",
        "lv": "{file}: nevar nolasīt kā {kind}: {error}",
    },
    "stat_cannot_use": {
        "en": "{file}: cannot import this table",
        "lv": "{file}: šo tabulu nevar importēt",
    },
    "stat_need_indicator": {
        "en": "{file}: an official statistics file needs --indicator CODE: the indicator its "
        "values are",
        "lv": "{file}: oficiālās statistikas failam vajag --indicator KODS: rādītāju, kura "
        "vērtības tajā ir",
    },
    "stat_options_need_indicator": {
        "en": "--select and --match are for official statistics files; give --indicator too",
        "lv": "--select un --match ir oficiālās statistikas failiem; norādiet arī --indicator",
    },
    "stat_select_format": {
        "en": "--select {text!r} is not VARIABLE=VALUE",
        "lv": "--select „{text}” nav formā MAINĪGAIS=VĒRTĪBA",
    },
    "stat_run_note": {"en": "  note: {problem}", "lv": "  piezīme: {problem}"},
    # JSON-stat
    "stat_not_dataset": {
        "en": "not a JSON-stat dataset (class {found!r}); ask the API for json-stat2",
        "lv": "nav JSON-stat datu kopa (klase „{found}”); prasiet API formātu json-stat2",
    },
    "stat_no_dimensions": {
        "en": "the dataset has no id, size and dimension",
        "lv": "datu kopai nav id, size un dimension",
    },
    "stat_sizes": {
        "en": "{ids} dimension ids but {sizes} sizes",
        "lv": "dimensiju id ir {ids}, bet izmēru {sizes}",
    },
    "stat_no_dimension": {
        "en": "dimension {dimension!r} is listed in id but not described",
        "lv": "dimensija „{dimension}” ir id sarakstā, bet nav aprakstīta",
    },
    "stat_dimension_size": {
        "en": "dimension {dimension!r} has size {size} but {count} categories",
        "lv": "dimensijas „{dimension}” izmērs ir {size}, bet kategoriju ir {count}",
    },
    "stat_cell_count": {
        "en": "{count} cells for a table of {size}",
        "lv": "{count} šūnas tabulai ar {size} šūnām",
    },
    "stat_cell_index": {
        "en": "cell index {index!r} is outside the table of {size} cells",
        "lv": "šūnas indekss „{index}” ir ārpus tabulas ar {size} šūnām",
    },
    "stat_not_number": {
        "en": "cell {cell}: {text!r} is neither a number nor a data symbol",
        "lv": "{cell}. šūna: „{text}” nav ne skaitlis, ne datu simbols",
    },
    "stat_cell_grouping": {
        "en": "cell {cell}: {text!r} is not a number (write it without thousands separators)",
        "lv": "{cell}. šūna: „{text}” nav skaitlis (rakstiet to bez tūkstošu atdalītājiem)",
    },
    "stat_cell_too_large": {
        "en": "cell {cell}: {text!r} is too large a number",
        "lv": "{cell}. šūna: „{text}” ir pārāk liels skaitlis",
    },
    "stat_duplicate_category": {
        "en": "dimension {dimension!r} lists {code!r} twice, so two cells would have one key",
        "lv": "dimensijā „{dimension}” kategorija „{code}” norādīta divreiz, tāpēc divām šūnām "
        "būtu viena atslēga",
    },
    "stat_too_deep": {
        "en": "{file}: the JSON is nested deeper than {depth} levels; not a JSON-stat dataset",
        "lv": "{file}: JSON ir ligzdots dziļāk par {depth} līmeņiem; tā nav JSON-stat datu kopa",
    },
    "stat_too_many_cells": {
        "en": "the dimensions declare more than {limit} cells, more than the file can hold",
        "lv": "dimensijas paredz vairāk nekā {limit} šūnu — vairāk, nekā fails var saturēt",
    },
    "stat_js_not_object": {
        "en": "must be an object ({example})",
        "lv": "jābūt objektam ({example})",
    },
    "stat_js_not_list": {
        "en": "must be a list ({example})",
        "lv": "jābūt sarakstam ({example})",
    },
    "stat_js_size": {
        "en": "size {size!r} is not a whole number",
        "lv": "izmērs „{size}” nav vesels skaitlis",
    },
    "stat_js_index": {
        "en": "{code!r} has position {index!r}; positions must be the whole numbers 0 to {last}, "
        "each once",
        "lv": "„{code}” pozīcija ir „{index}”; pozīcijām jābūt veseliem skaitļiem no 0 līdz "
        "{last}, katram vienreiz",
    },
    # PC-Axis
    "stat_px_no_data": {
        "en": "no DATA= keyword: not a PC-Axis file",
        "lv": "nav atslēgvārda DATA=: tas nav PC-Axis fails",
    },
    "stat_px_codepage": {
        "en": "{file}: unknown CODEPAGE {codepage!r}",
        "lv": "{file}: nezināma kodu lapa (CODEPAGE) „{codepage}”",
    },
    "stat_px_codepage_not_text": {
        "en": "{file}: CODEPAGE {codepage!r} is not a code page of text (use UTF-8 or ISO-8859-1)",
        "lv": "{file}: CODEPAGE „{codepage}” nav teksta kodu lapa (izmantojiet UTF-8 vai "
        "ISO-8859-1)",
    },
    "stat_px_unclosed": {
        "en": "a quote opened at line {line} is never closed",
        "lv": "{line}. rindā atvērtās pēdiņas nekur netiek aizvērtas",
    },
    "stat_px_entry_too_long": {
        "en": "the keyword at line {line} holds more than {limit} characters; no PC-Axis table "
        "has one so long",
        "lv": "atslēgvārdā {line}. rindā ir vairāk nekā {limit} rakstzīmju; nevienā PC-Axis "
        "tabulā tas nav tik garš",
    },
    "stat_px_too_many": {
        "en": "more than {limit} keywords before DATA (the one at line {line} is too many); no "
        "PC-Axis table has so many",
        "lv": "pirms DATA ir vairāk nekā {limit} atslēgvārdu ({line}. rindā — jau par daudz); "
        "nevienā PC-Axis tabulā to nav tik daudz",
    },
    "stat_px_size": {
        "en": "the VALUES declare more cells than the {room} that DATA has room for",
        "lv": "VALUES nosaka vairāk šūnu nekā {room}, kam aiz DATA ir vietas",
    },
    "stat_px_cell_count_grouping": {
        "en": "{count} cells for a table of {size}: DATA is separated by spaces, so a number "
        "written with digit groups (1 000) counts as two cells; write numbers without "
        "separators",
        "lv": "{count} šūnas tabulai ar {size} šūnām: DATA vērtības atdala atstarpes, tāpēc "
        "skaitlis ar ciparu grupām (1 000) tiek skaitīts kā divas šūnas; rakstiet skaitļus bez "
        "atdalītājiem",
    },
    "stat_px_codepage_guess": {
        "en": "the file says CODEPAGE {codepage!r}, which cannot write language {language!r}; "
        "read as {used}",
        "lv": "failā norādītā kodu lapa „{codepage}” nevar attēlot valodu „{language}”; nolasīts "
        "kā {used}",
    },
    "stat_px_language": {
        "en": "{file}: has no language {language!r} (it has {languages})",
        "lv": "{file}: nav valodas „{language}” (ir {languages})",
    },
    "stat_px_keys": {
        "en": "KEYS (data rows keyed by value) is not supported; save the table without KEYS",
        "lv": "KEYS (datu rindas ar atslēgām) netiek atbalstīts; saglabājiet tabulu bez KEYS",
    },
    "stat_px_no_variables": {
        "en": "no STUB or HEADING variables",
        "lv": "nav STUB vai HEADING mainīgo",
    },
    "stat_px_translation": {
        "en": "STUB and HEADING in language {language!r} do not list as many variables",
        "lv": "STUB un HEADING valodā „{language}” nav tikpat daudz mainīgo",
    },
    "stat_px_no_values": {
        "en": "variable {variable!r} has no VALUES",
        "lv": "mainīgajam „{variable}” nav VALUES",
    },
    "stat_px_codes": {
        "en": "variable {variable!r} has {codes} CODES but {values} VALUES",
        "lv": "mainīgajam „{variable}” ir {codes} CODES, bet {values} VALUES",
    },
    # PxWeb CSV exports
    "stat_csv_layout": {
        "en": "not a PxWeb CSV export: it needs a quoted title line, a blank line, then the header",
        "lv": "nav PxWeb CSV eksports: vajag virsrakstu pēdiņās, tukšu rindu, tad galveni",
    },
    "stat_csv_header": {
        "en": "the header needs label columns, then one column per year",
        "lv": "galvenē vajag nosaukumu kolonnas, tad pa kolonnai katram gadam",
    },
    "stat_csv_columns": {
        "en": "{count} cells where the header has {header}",
        "lv": "{count} šūnas, bet galvenē ir {header}",
    },
    "stat_csv_duplicate": {
        "en": "the same row as row {first} ({labels})",
        "lv": "tāda pati rinda kā {first}. rinda ({labels})",
    },
    "stat_csv_not_number": {
        "en": "{text!r} is neither a number nor a data symbol",
        "lv": "„{text}” nav ne skaitlis, ne datu simbols",
    },
    # dimensions
    "stat_no_geo": {
        "en": "no territory dimension among {dimensions}",
        "lv": "starp dimensijām {dimensions} nav teritorijas",
    },
    "stat_no_time": {
        "en": "no time dimension among {dimensions}",
        "lv": "starp dimensijām {dimensions} nav laika",
    },
    "stat_not_annual": {
        "en": "{dimension!r} has periods that are not years: {periods}; benchlearn imports "
        "annual figures only",
        "lv": "dimensijā „{dimension}” ir periodi, kas nav gadi: {periods}; benchlearn importē "
        "tikai gada datus",
    },
    "stat_year_absent": {
        "en": "--year {year}: the table has no such year (it has {years})",
        "lv": "--year {year}: tabulā šāda gada nav (ir {years})",
    },
    "stat_select_missing": {
        "en": "dimension {dimension!r} has several values; choose one with --select "
        "{code}=VALUE: {values}",
        "lv": "dimensijai „{dimension}” ir vairākas vērtības; izvēlieties vienu ar --select "
        "{code}=VĒRTĪBA: {values}",
    },
    "stat_select_unknown_dimension": {
        "en": "--select names {dimension!r}, which is not a dimension: {dimensions}",
        "lv": "--select min „{dimension}”, kas nav dimensija: {dimensions}",
    },
    "stat_select_unknown_value": {
        "en": "--select {dimension}={value}: no such value; the values are {values}",
        "lv": "--select {dimension}={value}: tādas vērtības nav; vērtības ir {values}",
    },
    # territories
    "stat_no_attribute": {
        "en": "--match {match!r}: the registry has no such attribute (use one of {attributes})",
        "lv": "--match „{match}”: reģistrā nav šāda atribūta (izmantojiet kādu no {attributes})",
    },
    "stat_unknown_territory": {
        "en": "territory {territory!r} of {dimension!r} matches no municipality (by {match})",
        "lv": "dimensijas „{dimension}” teritorija „{territory}” neatbilst nevienai pašvaldībai "
        "(pēc {match})",
    },
    "stat_territory_ambiguous": {
        "en": "territory {territory!r} of {dimension!r} matches several municipalities: "
        "{municipalities}",
        "lv": "dimensijas „{dimension}” teritorija „{territory}” atbilst vairākām pašvaldībām: "
        "{municipalities}",
    },
    "stat_totals_left_out": {
        "en": "left out as totals or regions, not municipalities: {territories}",
        "lv": "izlaists kā kopsummas vai reģioni, nevis pašvaldības: {territories}",
    },
}
