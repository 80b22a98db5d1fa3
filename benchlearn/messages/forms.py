"""The yearly monitoring forms: their labels, help and validation messages."""

MESSAGES: dict[str, dict[str, str]] = {
    # monitoring forms
    "form_sheet": {"en": "Form", "lv": "Veidlapa"},
    "form_title": {
        "en": "Annual monitoring form: {network}",
        "lv": "Ikgadējā monitoringa veidlapa: {network}",
    },
    "form_network": {"en": "Network", "lv": "Tīkls"},
    "form_year": {"en": "Year", "lv": "Gads"},
    "form_municipality": {"en": "Municipality", "lv": "Pašvaldība"},
    "form_deadline": {"en": "Return by", "lv": "Iesniegt līdz"},
    "form_contact": {"en": "Contact", "lv": "Kontaktpersona"},
    "form_help": {
        "en": "Enter each value in the yellow column. If there is no value, choose a status instead: "
        "- missing, . not applicable, .. confidential (stored but never shown). Only yellow cells can be edited.",
        "lv": "Ievadiet katru vērtību dzeltenajā kolonnā. Ja vērtības nav, izvēlieties statusu: "
        "- trūkst, . nav attiecināms, .. konfidenciāls (saglabāts, bet netiek rādīts). Rediģēt var tikai dzeltenās šūnas.",
    },
    "form_code": {"en": "Code", "lv": "Kods"},
    "form_indicator": {"en": "Indicator", "lv": "Rādītājs"},
    "form_unit": {"en": "Unit", "lv": "Mērvienība"},
    "form_definition": {"en": "Definition", "lv": "Definīcija"},
    "form_value": {"en": "Value {year}", "lv": "Vērtība {year}"},
    "form_status": {"en": "Status", "lv": "Statuss"},
    "form_range_title": {"en": "Value", "lv": "Vērtība"},
    "form_range_error": {
        "en": "Enter a number from {low} to {high}.",
        "lv": "Ievadiet skaitli no {low} līdz {high}.",
    },
    "form_range_not_negative": {
        "en": "Enter a number that is not negative.",
        "lv": "Ievadiet skaitli, kas nav negatīvs.",
    },
    "form_range_at_least": {
        "en": "Enter a number of at least {low}.",
        "lv": "Ievadiet skaitli, kas nav mazāks par {low}.",
    },
    "form_range_at_most": {
        "en": "Enter a number of at most {high}.",
        "lv": "Ievadiet skaitli, kas nav lielāks par {high}.",
    },
    "form_range_any": {"en": "Enter a number.", "lv": "Ievadiet skaitli."},
    "form_yes": {"en": "Yes", "lv": "Jā"},
    "form_no": {"en": "No", "lv": "Nē"},
    "form_yes_no_error": {"en": "Choose Yes or No.", "lv": "Izvēlieties „Jā” vai „Nē”."},
    "form_scale_error": {"en": "Choose one of the levels.", "lv": "Izvēlieties vienu no līmeņiem."},
    "form_status_help": {
        "en": "- missing, . not applicable, .. confidential",
        "lv": "- trūkst, . nav attiecināms, .. konfidenciāls",
    },
    # reading a returned form
    "form_not_a_form": {
        "en": "{file}: not a benchlearn form (it has no key sheet)",
        "lv": "{file}: šī nav benchlearn veidlapa (tajā nav atslēgas lapas)",
    },
    "form_key_unreadable": {
        "en": "{file}: the form's key cannot be read; use the original form",
        "lv": "{file}: veidlapas atslēgu nevar nolasīt; izmantojiet oriģinālo veidlapu",
    },
    "form_key_changed": {
        "en": "{file}: the form's key was changed (signature does not match); "
        "use the original form",
        "lv": "{file}: veidlapas atslēga ir mainīta (paraksts neatbilst); "
        "izmantojiet oriģinālo veidlapu",
    },
    "form_other_database": {
        "en": "{file}: the form was not made by this database, or not with its secret (its "
        "signature key is unknown here); use a form made from this database with `benchlearn "
        "forms make`, where the database's secret is set (docs/accounts.md)",
        "lv": "{file}: veidlapa nav sagatavota no šīs datubāzes vai ne ar tās slepeno atslēgu "
        "(tās paraksta atslēga šeit nav zināma); izmantojiet veidlapu, kas sagatavota no šīs "
        "datubāzes ar `benchlearn forms make` tur, kur ir iestatīta datubāzes slepenā atslēga "
        "(docs/accounts.md)",
    },
    "form_key_retired": {
        "en": "{file}: the form was signed with a key that has been retired "
        "(`benchlearn forms rotate-key --retire-old`); make the form again with "
        "`benchlearn forms make`",
        "lv": "{file}: veidlapa parakstīta ar atslēgu, kas vairs nav derīga "
        "(`benchlearn forms rotate-key --retire-old`); sagatavojiet veidlapu vēlreiz ar "
        "`benchlearn forms make`",
    },
    "form_unsigned_version": {
        "en": "{file}: the form was made by an earlier benchlearn, whose forms were not signed "
        "with the database's key; make the form again with `benchlearn forms make`",
        "lv": "{file}: veidlapu sagatavoja agrāka benchlearn versija, kuras veidlapas netika "
        "parakstītas ar datubāzes atslēgu; sagatavojiet veidlapu vēlreiz ar `benchlearn forms make`",
    },
    "form_no_secret": {
        "en": "this database has no key to sign forms with; run `benchlearn forms rotate-key`",
        "lv": "šajā datubāzē nav atslēgas veidlapu parakstīšanai; izpildiet "
        "`benchlearn forms rotate-key`",
    },
    "form_key_rotated": {
        "en": "New form signing key {key_id}: it signs every form made from now on; "
        "forms signed with the {accepted} earlier key(s) still import.",
        "lv": "Jauna veidlapu paraksta atslēga {key_id}: ar to tiks parakstītas visas turpmāk "
        "sagatavotās veidlapas; ar iepriekšējām atslēgām ({accepted}) parakstītās veidlapas "
        "joprojām var importēt.",
    },
    "form_key_rotated_retired": {
        "en": "New form signing key {key_id}: it signs every form made from now on; "
        "forms signed with earlier keys are refused from now on, so make them again.",
        "lv": "Jauna veidlapu paraksta atslēga {key_id}: ar to tiks parakstītas visas turpmāk "
        "sagatavotās veidlapas; ar iepriekšējām atslēgām parakstītās veidlapas turpmāk tiks "
        "noraidītas, tāpēc sagatavojiet tās vēlreiz.",
    },
    "form_cover_changed": {
        "en": "{file}: the form says {found} but was made for {expected}; "
        "use the form made for you",
        "lv": "{file}: veidlapas sākumā ir mainīti dati ({found}; jābūt: {expected}); "
        "izmantojiet jums sagatavoto veidlapu",
    },
    "form_field_network": {"en": "network", "lv": "tīkls"},
    "form_field_year": {"en": "year", "lv": "gads"},
    "form_field_municipality": {"en": "municipality", "lv": "pašvaldība"},
    "form_row_moved": {
        "en": "{file}, row {row}: expected indicator {code} but found {found}; "
        "rows were moved or deleted, use the original form",
        "lv": "{file}, {row}. rinda: šeit jābūt rādītājam {code}, bet ir {found}; "
        "rindas ir pārvietotas vai dzēstas, izmantojiet oriģinālo veidlapu",
    },
    "form_found_nothing": {"en": "nothing", "lv": "tukša šūna"},
    "form_columns_changed": {
        "en": "{file}, column {column}: the form's columns were changed; "
        "make a new form or undo the change",
        "lv": "{file}, kolonna {column}: veidlapas kolonnas ir mainītas; "
        "sagatavojiet jaunu veidlapu vai atceliet izmaiņas",
    },
    "form_not_members": {
        "en": "not members of {network} in {year}: {codes}",
        "lv": "{year}. gadā nav tīkla {network} dalībnieces: {codes}",
    },
    # a form that does not fit the database
    "form_unusable": {
        "en": "{file}: this form cannot be imported",
        "lv": "{file}: šo veidlapu nevar importēt",
    },
    "form_other_network": {
        "en": "the form is for network {network}, which this database does not have",
        "lv": "veidlapa ir tīklam {network}, kura šajā datubāzē nav",
    },
    "form_other_year": {
        "en": "the form is for {form_year}, not {year}",
        "lv": "veidlapa ir par {form_year}. gadu, nevis par {year}. gadu",
    },
    "form_not_member": {
        "en": "{municipality} is not a member of {network} in {year}",
        "lv": "pašvaldība {municipality} {year}. gadā nav tīkla {network} dalībniece",
    },
    "form_indicators_changed": {
        "en": "the network's indicators changed since the form was made ({detail}); make new forms",
        "lv": "kopš veidlapas sagatavošanas tīkla rādītāji ir mainījušies ({detail}); "
        "sagatavojiet jaunas veidlapas",
    },
    "form_no_longer_asked": {
        "en": "no longer asked: {codes}",
        "lv": "vairs netiek prasīti: {codes}",
    },
    "form_now_asked": {"en": "now also asked: {codes}", "lv": "tagad prasīti arī: {codes}"},
    "form_order_changed": {"en": "the order changed", "lv": "mainījusies secība"},
    # `forms make` and `forms status`
    "form_written": {
        "en": "Wrote {count} forms to {folder}.",
        "lv": "Sagatavotās veidlapas: {count}; mape: {folder}.",
    },
    "form_col_returned": {"en": "returned", "lv": "iesniegta"},
    "form_col_filled": {"en": "filled", "lv": "aizpildīti"},
    "form_col_completeness": {"en": "completeness", "lv": "pilnīgums"},
    "form_col_received": {"en": "received", "lv": "saņemta"},
    "form_col_last_import": {"en": "last import", "lv": "pēdējais imports"},
    "form_filled_of": {"en": "{filled} of {total}", "lv": "{filled} no {total}"},
    "form_summary": {
        "en": "{returned} of {total} returned; missing: {names}.",
        "lv": "Iesniegušas {returned} no {total}; vēl nav iesniegušas: {names}.",
    },
    "form_summary_all": {
        "en": "{returned} of {total} returned; missing: none.",
        "lv": "Iesniegušas visas: {returned} no {total}.",
    },
}
