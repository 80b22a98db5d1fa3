"""Online data entry (:mod:`benchlearn.entry`): a field's errors, a round's state, submission.

Keys start with ``ent_``; the audit log's words for what entry records are ``acc_action_*``
as every action's are. A field's error names its indicator first, so a page can show it
beside the field and a list of errors still says which figure each is about.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "ent_not_number": {
        "en": "{name}: {text!r} is not a number; write it as, for example, 1234 or 12.5.",
        "lv": "{name}: „{text}” nav skaitlis; rakstiet, piemēram, 1234 vai 12,5.",
    },
    "ent_ambiguous": {
        "en": "{name}: {text!r} is ambiguous, as the comma may separate thousands; write the "
        "number without thousands separators, its decimals after a point.",
        "lv": "{name}: „{text}” ir neviennozīmīgs, jo punkts var atdalīt tūkstošus; rakstiet "
        "skaitli bez tūkstošu atdalītājiem un decimāldaļu atdaliet ar komatu.",
    },
    "ent_too_large": {
        "en": "{name}: {text!r} is too large a number.",
        "lv": "{name}: „{text}” ir pārāk liels skaitlis.",
    },
    "ent_out_of_range": {
        "en": "{name}: {value} is outside the valid range ({range}).",
        "lv": "{name}: {value} ir ārpus pieļaujamā diapazona ({range}).",
    },
    "ent_not_yes_no": {
        "en": "{name}: {text!r} is not an answer; choose {yes} or {no}.",
        "lv": "{name}: „{text}” nav atbilde; izvēlieties „{yes}” vai „{no}”.",
    },
    "ent_not_a_level": {
        "en": "{name}: {text!r} is not one of the levels ({levels}).",
        "lv": "{name}: „{text}” nav neviens no līmeņiem ({levels}).",
    },
    "ent_rule": {
        "en": "{name}: {message}.",
        "lv": "{name}: {message}.",
    },
    "ent_problem": {
        "en": "{name}: {problem}.",
        "lv": "{name}: {problem}.",
    },
    "ent_unknown_field": {
        "en": "{field!r} is not an indicator of the {network} form for {year}.",
        "lv": "„{field}” nav {network} {year}. gada veidlapas rādītājs.",
    },
    "ent_round_closed": {
        "en": "The {network} round for {year} is closed, so figures can no longer be saved or "
        "submitted online; ask the network's facilitator to reopen it.",
        "lv": "{network} {year}. gada datu vākšana ir slēgta, tāpēc datus tiešsaistē vairs "
        "nevar saglabāt vai iesniegt; lūdziet tīkla koordinatoram to atsākt.",
    },
    "ent_submit_nothing": {
        "en": "Nothing has been entered for {network} {year} yet, so there is nothing to submit.",
        "lv": "{network} {year}. gada dati vēl nav ievadīti, tāpēc nav ko iesniegt.",
    },
    "ent_submit_errors": {
        "en": "The figures cannot be submitted while the control rules find errors: {errors}.",
        "lv": "Datus nevar iesniegt, kamēr kontroles noteikumi atrod kļūdas: {errors}.",
    },
    "ent_state_open": {"en": "open", "lv": "atvērta"},
    "ent_state_submitted": {"en": "submitted", "lv": "iesniegta"},
    "ent_state_closed": {"en": "closed", "lv": "slēgta"},
    "ent_closed": {
        "en": "Closed the {network} round for {year}: online entry refuses to save or submit "
        "until it is reopened (benchlearn forms reopen).",
        "lv": "{network} {year}. gada datu vākšana slēgta: tiešsaistē datus nevar saglabāt "
        "vai iesniegt, līdz tā tiek atsākta (benchlearn forms reopen).",
    },
    "ent_reopened": {
        "en": "Reopened the {network} round for {year}: members can enter and submit their "
        "figures online again.",
        "lv": "{network} {year}. gada datu vākšana atsākta: dalībnieki atkal var ievadīt un "
        "iesniegt datus tiešsaistē.",
    },
    "ent_status_closed": {
        "en": "The round is closed to online entry since {when} ({by}).",
        "lv": "Datu ievade tiešsaistē ir slēgta kopš {when} ({by}).",
    },
    # forms status: how a member's figures came in
    "ent_col_via": {"en": "came in as", "lv": "iesniegšanas veids"},
    "ent_via_form": {"en": "Excel form", "lv": "Excel veidlapa"},
    "ent_via_entry": {"en": "online", "lv": "tiešsaistē"},
    "ent_via_submitted": {
        "en": "online, submitted {when}",
        "lv": "tiešsaistē, iesniegta {when}",
    },
    "ent_via_import": {"en": "data file", "lv": "datu fails"},
    # the audit log's words
    "acc_action_entry_saved": {"en": "saved figures online", "lv": "saglabāja datus tiešsaistē"},
    "acc_action_entry_submitted": {
        "en": "submitted figures online",
        "lv": "iesniedza datus tiešsaistē",
    },
    "acc_action_round_closed": {"en": "closed a data round", "lv": "slēdza datu vākšanu"},
    "acc_action_round_reopened": {"en": "reopened a data round", "lv": "atsāka datu vākšanu"},
}
