"""What the data round says: imports, control rules and checks, registry loads, the CLI's lines.

Keys by prefix: ``prob_`` where a problem is, ``imp_`` reading and importing
files, ``chk_`` control rules and ``benchlearn check``, ``reg_`` municipalities,
crosswalks, peers and good practice, ``run_`` what the data commands print.
An English text is the one users read before the catalogue existed, word for
word; ``{x!r}`` quotes in English as Python does, Latvian quotes “x”.
"""

MESSAGES: dict[str, dict[str, str]] = {
    # where a problem is
    "prob_row": {"en": "row {row}", "lv": "{row}. rinda"},
    "prob_column": {"en": "column {column}", "lv": "kolonna {column}"},
    "prob_found": {"en": "{count} problem(s) found", "lv": "atrastās problēmas: {count}"},
    # reading files
    "imp_no_such_file": {"en": "{file}: no such file", "lv": "{file}: šāda faila nav"},
    "imp_file_type": {
        "en": "{file}: unsupported file type {suffix!r} (use .csv or .xlsx)",
        "lv": "{file}: neatbalstīts faila tips „{suffix}” (izmantojiet .csv vai .xlsx)",
    },
    "imp_cannot_read": {
        "en": "{file}: cannot read as {kind}: {error}",
        "lv": "{file}: nevar nolasīt kā {kind}: {error}",
    },
    "imp_cannot_import": {"en": "{file}: cannot import", "lv": "{file}: nevar importēt"},
    "imp_empty_file": {"en": "the file is empty", "lv": "fails ir tukšs"},
    "imp_column_twice": {
        "en": "column {column!r} appears twice",
        "lv": "kolonna „{column}” ir divreiz",
    },
    "imp_no_column": {
        "en": "the header has no {column!r} column",
        "lv": "galvenē nav kolonnas „{column}”",
    },
    "imp_header_shape": {
        "en": "the header needs {long} (long) or {wide} (wide)",
        "lv": "galvenē vajag kolonnas {long} (garā forma) vai {wide} (platā forma)",
    },
    "imp_indicator_codes": {"en": "<indicator codes>", "lv": "<rādītāju kodi>"},
    "imp_no_year_column": {
        "en": "the header has no 'year' column; give --year",
        "lv": "galvenē nav kolonnas „year”; norādiet --year",
    },
    # hostile files: what a file is instead of a table, and how its rows are broken
    "imp_long_text": {
        "en": "{start}… ({count} characters)",
        "lv": "{start}… (rakstzīmju skaits: {count})",
    },
    "imp_no_rows": {
        "en": "the file has a header but no data rows",
        "lv": "failā ir galvene, bet nav datu rindu",
    },
    "imp_no_values": {
        "en": "the data rows hold no values: every indicator cell is empty "
        "(write - for a missing value)",
        "lv": "datu rindās nav vērtību: visas rādītāju šūnas ir tukšas "
        "(ja vērtības nav, ierakstiet -)",
    },
    "imp_empty_header": {
        "en": "the first row is empty; the header must be on row 1",
        "lv": "pirmā rinda ir tukša; galvenei jābūt 1. rindā",
    },
    "imp_bad_line": {
        "en": "the row cannot be split into cells: {error}",
        "lv": "rindu nevar sadalīt šūnās: {error}",
    },
    "imp_csv_is_zip": {
        "en": "{file}: this is a zip archive (an XLSX workbook?), not a CSV text file; "
        "give it the .xlsx ending",
        "lv": "{file}: šis ir zip arhīvs (XLSX darbgrāmata?), nevis CSV teksta fails; "
        "piešķiriet tam paplašinājumu .xlsx",
    },
    "imp_xls_file": {
        "en": "{file}: this is an old Excel .xls workbook; save it as .xlsx or as CSV UTF-8",
        "lv": "{file}: šī ir vecā formāta Excel .xls darbgrāmata; "
        "saglabājiet to kā .xlsx vai CSV UTF-8",
    },
    "imp_not_zip": {
        "en": "{file}: this is not an XLSX workbook (an .xlsx file is a zip archive; "
        "this one is not)",
        "lv": "{file}: šī nav XLSX darbgrāmata (.xlsx fails ir zip arhīvs, bet šis nav)",
    },
    "imp_zip_not_xlsx": {
        "en": "{file}: this zip archive is not an XLSX workbook, or the workbook is damaged",
        "lv": "{file}: šis zip arhīvs nav XLSX darbgrāmata, vai arī darbgrāmata ir bojāta",
    },
    "imp_nul_byte": {
        "en": "the cell holds a NUL byte (0x{byte}): the file is not plain text; "
        "save it as CSV UTF-8",
        "lv": "šūnā ir NUL baits (0x{byte}): fails nav vienkāršs teksts; "
        "saglabājiet to kā CSV UTF-8",
    },
    "imp_not_utf8": {
        "en": "byte 0x{byte} is not UTF-8, and the file is not Latvian Windows-1257 either; "
        "save it as CSV UTF-8",
        "lv": "baits 0x{byte} nav UTF-8, un fails nav arī latviešu Windows-1257 kodējumā; "
        "saglabājiet to kā CSV UTF-8",
    },
    "imp_open_quote": {
        "en": "a quoted cell starts in this row and is never closed",
        "lv": "šajā rindā sākas pēdiņās likta šūna, kas netiek aizvērta",
    },
    "imp_too_many_cells": {
        "en": "the row has {count} cells but the header {width} "
        "(a delimiter at the end of the row?)",
        "lv": "šūnu skaits rindā ir {count}, bet galvenē {width} "
        "(varbūt rindas beigās ir lieks atdalītājs?)",
    },
    "imp_sheet_not_values": {
        "en": "the sheet is not a table of values: its header needs {long} (long) or "
        "{wide} (wide); delete or hide sheets that hold no values",
        "lv": "lapa nav vērtību tabula: galvenē vajag kolonnas {long} (garā forma) vai "
        "{wide} (platā forma); lapas bez vērtībām izdzēsiet vai paslēpiet",
    },
    "imp_empty_workbook": {
        "en": "no visible sheet holds anything",
        "lv": "nevienā redzamajā lapā nekā nav",
    },
    "imp_cell_outside_header": {
        "en": "the cell has a value but its column has no header",
        "lv": "šūnā ir vērtība, bet tās kolonnai nav galvenes",
    },
    "imp_formula_unsaved": {
        "en": "the cell holds a formula whose result was never saved (a program wrote the "
        "workbook); open it in Excel or LibreOffice and save it again",
        "lv": "šūnā ir formula, kuras rezultāts nav saglabāts (darbgrāmatu izveidojusi "
        "programma); atveriet to programmā Excel vai LibreOffice un saglabājiet vēlreiz",
    },
    "imp_number_too_large": {
        "en": "{text!r} is too large a number",
        "lv": "„{text}” ir pārāk liels skaitlis",
    },
    "imp_cell_holds_text": {
        "en": "the cell holds the text {text!r}, not a number: type the number into the cell again",
        "lv": "šūnā ir teksts „{text}”, nevis skaitlis: ierakstiet skaitli šūnā no jauna",
    },
    "imp_not_number_grouping": {
        "en": "{text!r} is not a number (write it without thousands separators)",
        "lv": "„{text}” nav skaitlis (rakstiet to bez tūkstošu atdalītājiem)",
    },
    "imp_no_indicator_code": {"en": "the indicator code is empty", "lv": "rādītāja kods ir tukšs"},
    "imp_no_municipality_code": {
        "en": "the municipality code is empty",
        "lv": "pašvaldības kods ir tukšs",
    },
    # one cell
    "imp_unknown_municipality": {
        "en": "unknown municipality {code!r}",
        "lv": "nezināma pašvaldība „{code}”",
    },
    "imp_unknown_municipality_zeros": {
        "en": "unknown municipality {code!r} — did you mean {meant}?",
        "lv": "nezināma pašvaldība „{code}” — vai domājāt {meant}?",
    },
    # --map: a file's own column names read as the ones an import needs
    "imp_map_format": {
        "en": "--map {text!r}: write SOURCE=TARGET, e.g. kommun=municipality",
        "lv": "--map „{text}”: rakstiet AVOTS=MĒRĶIS, piemēram, kommun=municipality",
    },
    "imp_map_source_twice": {
        "en": "--map: column {source!r} is mapped twice",
        "lv": "--map: kolonna „{source}” ir pārdēvēta divreiz",
    },
    "imp_map_unknown_target": {
        "en": "--map {source}={target}: {target!r} is neither a column ({known}) "
        "nor a stored indicator code",
        "lv": "--map {source}={target}: „{target}” nav ne kolonna ({known}), "
        "ne saglabāta rādītāja kods",
    },
    "imp_map_target_twice": {
        "en": "--map: columns {first!r} and {second!r} are both mapped to {target!r}",
        "lv": "--map: kolonnas „{first}” un „{second}” abas ir pārdēvētas par „{target}”",
    },
    "imp_map_statistics": {
        "en": "--map renames the columns of CSV and XLSX value files; it cannot be used "
        "with --indicator",
        "lv": "--map pārdēvē CSV un XLSX vērtību failu kolonnas; to nevar lietot kopā "
        "ar --indicator",
    },
    "imp_map_file_header": {
        "en": "{file}: a mapping file needs the header source,target",
        "lv": "{file}: kolonnu atbilstību failam jābūt galvenei source,target",
    },
    "imp_map_file_row": {
        "en": "{file}, row {row}: a mapping row needs a source and a target",
        "lv": "{file}, {row}. rinda: atbilstības rindā jābūt avotam un mērķim",
    },
    "imp_map_no_source": {
        "en": "the header has no column {source!r} to read as {target!r}",
        "lv": "galvenē nav kolonnas „{source}”, ko lasīt kā „{target}”",
    },
    "imp_map_onto_existing": {
        "en": "column {source!r} is mapped to {target!r}, but the file has a {target!r} "
        "column already",
        "lv": "kolonna „{source}” ir pārdēvēta par „{target}”, bet failā jau ir kolonna „{target}”",
    },
    "imp_unknown_indicator": {
        "en": "unknown indicator {code!r}",
        "lv": "nezināms rādītājs „{code}”",
    },
    "imp_derived": {
        "en": "{indicator} is computed from its formula; import its components instead",
        "lv": "rādītāju {indicator} aprēķina pēc formulas; importējiet tā sastāvdaļas",
    },
    "imp_bad_year": {
        "en": "{text!r} is not a possible year ({first}–{last})",
        "lv": "„{text}” nav iespējams gads ({first}–{last})",
    },
    "imp_unknown_status": {
        "en": "unknown status {status!r} (use - missing, . not applicable, .. confidential)",
        "lv": "nezināms statuss „{status}” (izmantojiet - trūkst, . nav attiecināms, "
        ".. konfidenciāls)",
    },
    "imp_status_missing": {"en": "missing", "lv": "trūkst"},
    "imp_status_not_applicable": {"en": "not applicable", "lv": "nav attiecināms"},
    "imp_status_confidential": {"en": "confidential", "lv": "konfidenciāls"},
    "imp_not_number": {"en": "{text!r} is not a number", "lv": "„{text}” nav skaitlis"},
    "imp_not_number_comma": {
        "en": "{text!r} is not a number (use a dot as the decimal separator)",
        "lv": "„{text}” nav skaitlis (decimāldaļu atdaliet ar punktu)",
    },
    "imp_value_with_status": {
        "en": "a value with status {status!r} ({meaning}) must be empty",
        "lv": "ja statuss ir „{status}” ({meaning}), vērtībai jābūt tukšai",
    },
    "imp_empty_value": {
        "en": "value is empty (write - for a missing value)",
        "lv": "vērtība ir tukša (ja vērtības nav, ierakstiet -)",
    },
    "imp_out_of_range": {
        "en": "{value} is outside {indicator}'s valid range {range}",
        "lv": "{value} ir ārpus rādītāja {indicator} pieļaujamā diapazona ({range})",
    },
    "imp_off_scale": {
        "en": "{value} is not a level of {indicator}'s scale ({levels})",
        "lv": "{value} nav rādītāja {indicator} skalas līmenis ({levels})",
    },
    "imp_not_in_year": {
        "en": "{municipality} existed {period}, not in {year}",
        "lv": "{municipality} {year}. gadā nepastāvēja (pastāvēja {period})",
    },
    "imp_period_until": {"en": "until {last}", "lv": "līdz {last}. gadam"},
    "imp_period_from": {"en": "from {first}", "lv": "no {first}. gada"},
    "imp_period_between": {"en": "{first}–{last}", "lv": "{first}.–{last}. gadā"},
    "imp_duplicate": {
        "en": "duplicate of row {first} ({municipality}, {indicator}, {year})",
        "lv": "{first}. rindas dublikāts ({municipality}, {indicator}, {year})",
    },
    "imp_duplicate_earlier": {
        "en": "duplicate of an earlier row for ({municipality}, {indicator}, {year})",
        "lv": "kādas iepriekšējās rindas dublikāts ({municipality}, {indicator}, {year})",
    },
    "imp_breaks_rule": {
        "en": "breaks a control rule: {message}",
        "lv": "pārkāpj kontroles noteikumu: {message}",
    },
    "imp_rule": {
        "en": "{municipality}, {year}: {message}",
        "lv": "{municipality}, {year}: {message}",
    },
    "imp_rejected": {
        "en": "{file}: {count} problem(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)",
        "lv": "{file}: problēmas: {count}; nekas netika importēts "
        "(derīgās rindas var importēt ar --skip-invalid)",
    },
    "imp_rejected_rows": {
        "en": "{file}: {count} problem(s) in {rows} row(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)",
        "lv": "{file}: problēmas: {count}, rindas ar problēmām: {rows}; nekas netika importēts "
        "(derīgās rindas var importēt ar --skip-invalid)",
    },
    # control rules and `benchlearn check`
    "numerator_exceeds": {
        "en": "the numerator of {indicator} exceeds its denominator",
        "lv": "rādītāja „{indicator}” skaitītājs pārsniedz saucēju",
    },
    "chk_required": {
        "en": "{indicator} is required",
        "lv": "rādītājs „{indicator}” ir obligāts",
    },
    "chk_not_returned": {
        "en": "form not returned: no figures for {network} in {year}",
        "lv": "veidlapa nav iesniegta: par {year}. gadu nav neviena tīkla {network} rādītāja",
    },
    "chk_outside_range": {
        "en": "{value} is outside the valid range {range}",
        "lv": "{value} ir ārpus pieļaujamā diapazona ({range})",
    },
    "chk_outside_range_confidential": {
        "en": "a confidential value (..) is outside the valid range {range}",
        "lv": "konfidenciāla vērtība (..) ir ārpus pieļaujamā diapazona ({range})",
    },
    "chk_range_at_most": {"en": "at most {high}", "lv": "ne vairāk kā {high}"},
    "chk_range_at_least": {"en": "at least {low}", "lv": "ne mazāk kā {low}"},
    "chk_range_between": {"en": "{low} to {high}", "lv": "no {low} līdz {high}"},
    "chk_max_change": {
        "en": "changed {change} since {previous_year} (largest credible change {largest})",
        "lv": "izmaiņas kopš {previous_year}. gada: {change} "
        "(lielākās ticamās izmaiņas: {largest})",
    },
    "chk_outlier_above": {
        "en": "{value} is {mads} MADs from the median of all municipalities ({median})",
        "lv": "{value} ir tālu virs visu pašvaldību mediānas {median} "
        "(par {mads} mediānas absolūtajām novirzēm)",
    },
    "chk_outlier_below": {
        "en": "{value} is {mads} MADs from the median of all municipalities ({median})",
        "lv": "{value} ir tālu zem visu pašvaldību mediānas {median} "
        "(par {mads} mediānas absolūtajām novirzēm)",
    },
    "chk_unusual_change": {
        "en": "changed {change} since {previous_year}, far outside the usual change "
        "({median} median)",
        "lv": "izmaiņas kopš {previous_year}. gada: {change}, daudz lielākas nekā parasti "
        "(izmaiņu mediāna: {median})",
    },
    "chk_rule_message": {"en": "{message} ({details})", "lv": "{message} ({details})"},
    "chk_rule_fails": {
        "en": "{rule} does not hold ({details})",
        "lv": "nosacījums {rule} nav izpildīts ({details})",
    },
    # the check table, for people who read Latvian (CSV and JSON keep the English columns)
    "chk_error": {"en": "error", "lv": "kļūda"},
    "chk_warning": {"en": "warning", "lv": "brīdinājums"},
    "chk_col_rule": {"en": "rule", "lv": "noteikums"},
    "chk_col_severity": {"en": "severity", "lv": "veids"},
    "chk_col_previous": {"en": "previous", "lv": "iepriekšējā gadā"},
    "chk_col_message": {"en": "message", "lv": "paziņojums"},
    "chk_rule_required": {"en": "required", "lv": "obligāts"},
    "chk_rule_range": {"en": "range", "lv": "diapazons"},
    "chk_rule_max_change": {"en": "max_change", "lv": "lielas izmaiņas"},
    "chk_rule_outlier": {"en": "outlier", "lv": "izlēcējs"},
    "chk_rule_unusual_change": {"en": "unusual_change", "lv": "neparastas izmaiņas"},
    "chk_rule_not_returned": {"en": "not_returned", "lv": "nav iesniegts"},
    "chk_and_more": {"en": "and {count} more", "lv": "un vēl {count}"},
    "chk_col_errors": {"en": "errors", "lv": "kļūdas"},
    "chk_col_warnings": {"en": "warnings", "lv": "brīdinājumi"},
    "chk_col_suspicious": {"en": "most suspicious", "lv": "aizdomīgākās vērtības"},
    # municipalities, crosswalks, peers, good practice
    "reg_cannot_read": {
        "en": "{file}: cannot read: {error}",
        "lv": "{file}: nevar nolasīt: {error}",
    },
    "reg_unknown_source": {
        "en": "{source}: no such file or built-in registry (built-in: {names})",
        "lv": "{source}: nav ne šāda faila, ne iebūvēta reģistra (iebūvētie: {names})",
    },
    "reg_cannot_load_municipalities": {
        "en": "{file}: cannot load municipalities",
        "lv": "{file}: pašvaldības nevar ielādēt",
    },
    "reg_nothing_loaded": {
        "en": "{file}: {count} problem(s); nothing was loaded",
        "lv": "{file}: problēmas: {count}; nekas netika ielādēts",
    },
    "reg_more_cells": {
        "en": "more cells than header columns",
        "lv": "rindā ir vairāk šūnu nekā galvenē kolonnu",
    },
    "reg_code_empty": {"en": "code is empty", "lv": "kods ir tukšs"},
    "reg_code_again": {
        "en": "code {code} already on row {row}",
        "lv": "kods {code} jau ir {row}. rindā",
    },
    "reg_name_empty": {"en": "name is empty", "lv": "nosaukums ir tukšs"},
    "reg_not_a_year": {"en": "{text!r} is not a year", "lv": "„{text}” nav gads"},
    "reg_ends_before": {
        "en": "valid_to {end} is before valid_from {start}",
        "lv": "valid_to {end} ir pirms valid_from {start}",
    },
    "reg_cannot_load_crosswalk": {
        "en": "{file}: cannot load the crosswalk",
        "lv": "{file}: atbilsmes tabulu nevar ielādēt",
    },
    "reg_not_a_share": {
        "en": "{text!r} is not a share between 0 and 1",
        "lv": "„{text}” nav daļa no 0 līdz 1",
    },
    "reg_duplicate": {"en": "duplicate of row {row}", "lv": "{row}. rindas dublikāts"},
    "reg_shares_over": {
        "en": "the shares of {code} in {year} add up to {total}, more than 1",
        "lv": "{code} daļu summa {year}. gadā ir {total}, vairāk nekā 1",
    },
    "reg_shares_no_room": {
        "en": "the shares of {code} in {year} add up to {total}, leaving nothing for its parts of unknown share (-)",
        "lv": "{code} daļu summa {year}. gadā ir {total}, un daļām ar nezināmu lielumu (-) nekas nepaliek",
    },
    "reg_unknown_crosswalk": {
        "en": "{source}: no such file or built-in crosswalk (built-in: {names})",
        "lv": "{source}: nav ne šāda faila, ne iebūvētas atbilsmes tabulas (iebūvētās: {names})",
    },
    "reg_not_apportioned": {
        "en": "{new}: figures before {year} are not rebuilt on these boundaries, because part of {old} went into it and the size of that part is not known",
        "lv": "{new}: skaitļi pirms {year}. gada šajās robežās nav apkopoti, jo tajā iekļauta daļa no bijušās pašvaldības „{old}” un šīs daļas lielums nav zināms",
    },
    "imp_database_busy": {
        "en": "{file}: the database stayed busy with another import for too long; nothing was written, import the file again",
        "lv": "{file}: datubāze pārāk ilgi bija aizņemta ar citu importu; nekas netika ierakstīts, importējiet failu vēlreiz",
    },
    "imp_disk_full": {
        "en": "{file}: the disk is full; nothing was written. Free some space and import the file again",
        "lv": "{file}: disks ir pilns; nekas netika ierakstīts. Atbrīvojiet vietu un importējiet failu vēlreiz",
    },
    "imp_unknown_dataset": {
        "en": "no built-in dataset {name!r} (built-in: {names})",
        "lv": "nav iebūvētas datu kopas „{name}” (iebūvētās: {names})",
    },
    "reg_cannot_load_peers": {
        "en": "{file}: cannot load peers",
        "lv": "{file}: salīdzināmās pašvaldības nevar ielādēt",
    },
    "reg_own_peer": {
        "en": "a municipality is always its own peer; drop this row",
        "lv": "pašvaldība vienmēr tiek salīdzināta arī pati ar sevi; izdzēsiet šo rindu",
    },
    "reg_unknown_network": {"en": "unknown network {code!r}", "lv": "nezināms tīkls „{code}”"},
    "reg_all": {"en": "{items}", "lv": "{items}"},
    "reg_practice_title": {
        "en": "a practice needs a title",
        "lv": "labajai praksei vajag nosaukumu",
    },
    "reg_practice_url": {
        "en": "--url {url!r} must start with http:// or https://",
        "lv": "--url „{url}” jāsākas ar http:// vai https://",
    },
    "reg_no_practice": {
        "en": "there is no practice {id} (see `benchlearn practice list`)",
        "lv": "labās prakses Nr. {id} nav (skatiet `benchlearn practice list`)",
    },
    "reg_no_batch": {
        "en": "there is no batch {batch} (see `benchlearn batches`)",
        "lv": "ielādes Nr. {batch} nav (skatiet `benchlearn batches`)",
    },
    "reg_reverted_already": {
        "en": "batch {batch} was already reverted by batch {by}",
        "lv": "ielāde Nr. {batch} jau ir atsaukta ar ielādi Nr. {by}",
    },
    # network membership (`benchlearn networks members`)
    "reg_network_no_members": {
        "en": "network {network} has no members in {year}; add them with: benchlearn networks members {network} --add CODE ...",
        "lv": "tīklam {network} {year}. gadā nav dalībnieku; pievienojiet tos ar: benchlearn networks members {network} --add KODS ...",
    },
    "reg_unknown_members": {
        "en": "unknown municipalities: {codes}; nothing was changed (see `benchlearn municipalities list`)",
        "lv": "nezināmas pašvaldības: {codes}; nekas netika mainīts (skatiet `benchlearn municipalities list`)",
    },
    "reg_not_members": {
        "en": "not members of {network}: {codes}; nothing was changed",
        "lv": "nav tīkla {network} dalībnieki: {codes}; nekas netika mainīts",
    },
    "reg_members_all": {
        "en": "every municipality in the registry is a member of {network} (members: all); give its member list with --set FILE first",
        "lv": "tīkla {network} dalībnieki ir visas reģistra pašvaldības (members: all); vispirms norādiet dalībnieku sarakstu ar --set FAILS",
    },
    "reg_codes_without_option": {
        "en": "{codes}: say whether they join or leave: --add CODE... or --remove CODE...",
        "lv": "{codes}: norādiet, vai tās pievienojas vai izstājas: --add KODS... vai --remove KODS...",
    },
    "reg_members_alone": {
        "en": "give --set or --all alone, without --add or --remove",
        "lv": "--set un --all norādiet atsevišķi, bez --add un --remove",
    },
    "reg_cannot_set_members": {
        "en": "{file}: cannot set the members; nothing was changed",
        "lv": "{file}: dalībniekus nevar iestatīt; nekas netika mainīts",
    },
    "reg_no_members_listed": {
        "en": "the file lists no municipality",
        "lv": "failā nav nevienas pašvaldības",
    },
    "reg_leaves_before_joining": {
        "en": "left {left} is not after joined {joined}",
        "lv": "izstāšanās gads {left} nav pēc pievienošanās gada {joined}",
    },
    "run_members_changed": {
        "en": "Network {network} in {year}: {added} joined, {left} left, {unchanged} unchanged; {count} members.",
        "lv": "Tīkls {network} {year}. gadā — pievienojušies: {added}, izstājušies: {left}, bez izmaiņām: {unchanged}; dalībnieku skaits: {count}.",
    },
    "run_members_everyone": {
        "en": "Network {network}: every municipality in the registry is a member ({count} in {year}).",
        "lv": "Tīkla {network} dalībnieki ir visas reģistra pašvaldības ({year}. gadā — {count}).",
    },
    "run_members_none": {
        "en": "Network {network} has no members yet; add them with: benchlearn networks members {network} --add CODE ...",
        "lv": "Tīklam {network} vēl nav dalībnieku; pievienojiet tos ar: benchlearn networks members {network} --add KODS ...",
    },
    # what the data commands print
    "run_error": {"en": "Error: {message}", "lv": "Kļūda: {message}"},
    "run_imported": {
        "en": "{file}: imported {rows} rows as batch {batch}: {new} new, {changed} changed, "
        "{unchanged} unchanged, {rejected} rejected.",
        "lv": "{file}: ielāde Nr. {batch} — rindas: {rows}; jaunas vērtības: {new}, "
        "mainītas: {changed}, nemainītas: {unchanged}; noraidītas rindas: {rejected}.",
    },
    "run_column_map": {
        "en": "{file}: columns read as {mapping}.",
        "lv": "{file}: kolonnas nolasītas šādi: {mapping}.",
    },
    "run_would_import": {
        "en": "{file}: would import {rows} rows: {new} new, {changed} changed, "
        "{unchanged} unchanged, {rejected} rejected.",
        "lv": "{file}: tiktu importēts — rindas: {rows}; jaunas vērtības: {new}, "
        "mainītas: {changed}, nemainītas: {unchanged}; noraidītas rindas: {rejected}.",
    },
    "run_nothing_changed": {
        "en": "{file}: nothing changed ({count} values already stored).",
        "lv": "{file}: nekas netika mainīts (jau saglabātās vērtības: {count}).",
    },
    "run_rejected": {"en": "  rejected: {problem}", "lv": "  noraidīts: {problem}"},
    "run_warning": {"en": "  warning: {problem}", "lv": "  brīdinājums: {problem}"},
    "run_importing": {"en": "Importing {name}", "lv": "Importē {name}"},
    "run_no_problems": {
        "en": "No problems found for {network} in {year}.",
        "lv": "Tīkla {network} {year}. gada datos problēmu nav.",
    },
    "run_check_counts": {
        "en": "{errors} error(s), {warnings} warning(s).",
        "lv": "Kļūdas: {errors}, brīdinājumi: {warnings}.",
    },
    "run_schema": {
        "en": "Schema at revision {revision}.",
        "lv": "Datubāzes shēmas versija: {revision}.",
    },
    "run_no_schema": {"en": "no schema", "lv": "shēmas nav"},
    "run_definitions_ok": {
        "en": "OK: {indicators}, {networks}.",
        "lv": "Definīcijas ir derīgas: {indicators}, {networks}.",
    },
    "run_municipalities_loaded": {
        "en": "Loaded {count} municipalities ({added} added, {updated} updated); "
        "attributes: {attributes}.",
        "lv": "Ielādētās pašvaldības: {count} (jaunas: {added}, atjauninātas: {updated}); "
        "atribūti: {attributes}.",
    },
    "run_none": {"en": "none", "lv": "nav"},
    "run_crosswalk_loaded": {
        "en": "Loaded {count} crosswalk links.",
        "lv": "Ielādētās atbilsmes tabulas saites: {count}.",
    },
    "run_peer_group": {
        "en": "Peer group {group}: {count} pairs.",
        "lv": "Salīdzināmo grupa {group}: pāru skaits: {count}.",
    },
    "run_practice_added": {"en": "Added practice {id}.", "lv": "Pievienota labā prakse Nr. {id}."},
    "run_practice_removed": {"en": "Removed practice {id}.", "lv": "Labā prakse Nr. {id} dzēsta."},
    "run_reverted": {
        "en": "Reverted batch {batch} as batch {revert}: {restored} values restored, "
        "{deleted} removed.",
        "lv": "Ielāde Nr. {batch} atsaukta ar ielādi Nr. {revert}: atjaunotās vērtības: "
        "{restored}, dzēstās: {deleted}.",
    },
    "run_reverted_kept": {
        "en": " {kept} values it wrote were changed again later and stay as they are.",
        "lv": " Tās ierakstītās vērtības, kas vēlāk mainītas vēlreiz, paliek, kā ir: {kept}.",
    },
    # audit listings (batches, history, practice list) in Latvian tables
    "run_confidential_shown": {
        "en": "Confidential values (status ..) are shown (--show-confidential): "
        "do not pass them on.",
        "lv": "Parādītas arī konfidenciālās vērtības (statuss ..; --show-confidential): "
        "nenododiet tās tālāk.",
    },
    "run_col_batch": {"en": "batch", "lv": "ielāde"},
    "run_col_kind": {"en": "kind", "lv": "veids"},
    "run_col_file": {"en": "file", "lv": "fails"},
    "run_col_created_at": {"en": "created_at", "lv": "importēta"},
    "run_col_read": {"en": "read", "lv": "nolasītas"},
    "run_col_inserted": {"en": "inserted", "lv": "jaunas"},
    "run_col_updated": {"en": "updated", "lv": "mainītas"},
    "run_col_unchanged": {"en": "unchanged", "lv": "nemainītas"},
    "run_col_rejected": {"en": "rejected", "lv": "noraidītas"},
    "run_col_deleted": {"en": "deleted", "lv": "dzēstas"},
    "run_col_reverted_by": {"en": "reverted_by", "lv": "atsaukta ar"},
    "run_col_time": {"en": "time", "lv": "laiks"},
    "run_col_replaced_by": {"en": "replaced_by", "lv": "aizstāta ar"},
    "run_col_id": {"en": "id", "lv": "Nr."},
    "run_col_network": {"en": "network", "lv": "tīkls"},
    "run_col_title": {"en": "title", "lv": "nosaukums"},
    "run_col_text": {"en": "text", "lv": "apraksts"},
    "run_kind_import": {"en": "import", "lv": "imports"},
    "run_kind_form": {"en": "form", "lv": "veidlapa"},
    "run_kind_revert": {"en": "revert", "lv": "atsaukums"},
}
