"""Messages of improvement plans: writing them, their files, their listing and progress."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- a plan as written ---------------------------------------------------
    "plan_bad_year": {
        "en": "{text!r} is not a year from {first} to {last}",
        "lv": "„{text}” nav gads no {first} līdz {last}",
    },
    "plan_bad_target": {
        "en": "{text!r} is not a target: write CODE:VALUE or CODE:VALUE:YEAR, e.g. "
        "T2_CARE_WAIT_DAYS:7:2026",
        "lv": "„{text}” nav mērķis: rakstiet KODS:VĒRTĪBA vai KODS:VĒRTĪBA:GADS, piemēram, "
        "T2_CARE_WAIT_DAYS:7:2026",
    },
    "plan_bad_source": {
        "en": "{text!r} is not a partner: write a municipality code, or CODE:PRACTICE_ID with "
        "the number `benchlearn practice list` shows",
        "lv": "„{text}” nav partneris: rakstiet pašvaldības kodu vai KODS:PRAKSES_NR ar numuru, "
        "ko rāda `benchlearn practice list`",
    },
    "plan_no_title": {
        "en": "a plan needs a title (in English or in Latvian)",
        "lv": "plānam jābūt nosaukumam (angliski vai latviski)",
    },
    "plan_bad_status": {
        "en": "unknown status {status!r}: a plan is one of {choices}",
        "lv": "nezināms statuss „{status}”: plāna statuss ir viens no šiem: {choices}",
    },
    "plan_ends_before_start": {
        "en": "the plan ends in {end}, before it starts in {start}",
        "lv": "plāns beidzas {end}. gadā, pirms tas sākas {start}. gadā",
    },
    "plan_target_before_start": {
        "en": "the target year {year} is before the plan starts in {start}",
        "lv": "mērķa gads {year} ir agrāks par plāna sākuma gadu {start}",
    },
    "plan_baseline_not_before": {
        "en": "the baseline year {baseline} is not before the target year {year}",
        "lv": "bāzes gads {baseline} nav agrāks par mērķa gadu {year}",
    },
    "plan_target_twice": {
        "en": "the plan has two targets on {indicator} for {year}",
        "lv": "plānā ir divi mērķi rādītājam {indicator} {year}. gadam",
    },
    "plan_learned_from_itself": {
        "en": "{code} is the plan's own municipality: a plan learns from partners",
        "lv": "{code} ir pati plāna pašvaldība; plāns mācās no partneriem",
    },
    "plan_source_twice": {
        "en": "the partner {code} is named twice with the same practice",
        "lv": "partneris {code} ar to pašu labo praksi norādīts divreiz",
    },
    "plan_practice_of_other": {
        "en": "practice {id} is {owner}'s, not {code}'s (see `benchlearn practice list`)",
        "lv": "labā prakse Nr. {id} ir pašvaldības {owner}, nevis {code} "
        "(skatiet `benchlearn practice list`)",
    },
    "plan_no_baseline": {
        "en": "{municipality} has no value of {indicator} that may be shown in {year} or "
        "before, so the target has no baseline: import the value, or give --baseline-year",
        "lv": "pašvaldībai {municipality} nav rādāmas rādītāja {indicator} vērtības "
        "{year}. gadā vai agrāk, tāpēc mērķim nav bāzes vērtības: importējiet vērtību vai "
        "norādiet --baseline-year",
    },
    "plan_no_baseline_in": {
        "en": "{municipality} has no value of {indicator} that may be shown in {year} "
        "(missing or confidential), so it cannot be the baseline",
        "lv": "pašvaldībai {municipality} nav rādāmas rādītāja {indicator} vērtības "
        "{year}. gadā (trūkst vai konfidenciāla), tāpēc tā nevar būt bāzes vērtība",
    },
    "plan_not_stored": {
        "en": "nothing was stored: {count} problem(s)",
        "lv": "nekas netika saglabāts: problēmu skaits – {count}",
    },
    "plan_unknown": {
        "en": "there is no plan {id} (see `benchlearn plans list`)",
        "lv": "plāna Nr. {id} nav (skatiet `benchlearn plans list`)",
    },
    # --- plan files ----------------------------------------------------------
    "plan_file_type": {
        "en": "{file}: unsupported file type {suffix!r} (use .csv, .xlsx or .yaml)",
        "lv": "{file}: neatbalstīts faila tips „{suffix}” (izmantojiet .csv, .xlsx vai .yaml)",
    },
    "plan_file_refused": {
        "en": "{file} was not imported; nothing was stored",
        "lv": "{file} netika importēts; nekas netika saglabāts",
    },
    "plan_no_plans": {"en": "the file holds no plan", "lv": "failā nav neviena plāna"},
    "plan_unknown_column": {
        "en": "unknown column {column!r}: a plan file's columns are {known}",
        "lv": "nezināma kolonna „{column}”: plānu faila kolonnas ir {known}",
    },
    "plan_cell_outside": {
        "en": "this cell is outside the table (its column has no header)",
        "lv": "šī šūna ir ārpus tabulas (tās kolonnai nav galvenes)",
    },
    "plan_cell_differs": {
        "en": "{text!r} differs from the plan's first row (row {first}): leave it blank or "
        "write the same",
        "lv": "„{text}” atšķiras no plāna pirmajā rindā ({first}. rindā) rakstītā: atstājiet "
        "tukšu vai rakstiet to pašu",
    },
    "plan_no_indicator": {
        "en": "a target needs its indicator in the same row",
        "lv": "mērķim tajā pašā rindā jānorāda rādītājs",
    },
    "plan_no_target_value": {
        "en": "the indicator has no target value",
        "lv": "rādītājam nav mērķa vērtības",
    },
    "plan_empty_cell": {
        "en": "the plan's first row needs this cell",
        "lv": "plāna pirmajā rindā šī šūna jāaizpilda",
    },
    "plan_unknown_key": {
        "en": "unknown key {name!r}: known keys here are {known}",
        "lv": "nezināma atslēga „{name}”: šeit zināmās atslēgas ir {known}",
    },
    "plan_missing_key": {
        "en": "the key {name!r} is missing",
        "lv": "trūkst atslēgas „{name}”",
    },
    "plan_yaml_shape": {
        "en": "a plan file holds a list of plans under `plans:`",
        "lv": "plānu failā zem `plans:` ir plānu saraksts",
    },
    "plan_yaml_not_mapping": {
        "en": "this is a mapping of keys and values (key: value)",
        "lv": "šeit jābūt atslēgām ar vērtībām (atslēga: vērtība)",
    },
    "plan_yaml_not_text": {
        "en": "this is a code or word, not a list or mapping",
        "lv": "šeit jābūt kodam vai vārdam, nevis sarakstam vai kopai",
    },
    "plan_yaml_not_texts": {
        "en": "write a text, or {{en: ..., lv: ...}}",
        "lv": "rakstiet tekstu vai {{en: ..., lv: ...}}",
    },
    "plan_yaml_not_list": {
        "en": "this is a list (items starting with -)",
        "lv": "šeit jābūt sarakstam (vienumi sākas ar -)",
    },
    # --- the commands ----------------------------------------------------------
    "run_plan_added": {
        "en": "Plan {id} stored: {targets} target(s), baselines read from the database.",
        "lv": "Plāns Nr. {id} saglabāts: mērķu skaits – {targets}, bāzes vērtības nolasītas "
        "no datubāzes.",
    },
    "run_plans_imported": {
        "en": "{file}: {count} plan(s) stored, ids {ids}.",
        "lv": "{file}: saglabāto plānu skaits – {count}, numuri {ids}.",
    },
    "run_plan_status": {
        "en": "Plan {id} is now {status}.",
        "lv": "Plāna Nr. {id} statuss tagad: {status}.",
    },
    "plan_status_planned": {"en": "planned", "lv": "plānots"},
    "plan_status_active": {"en": "active", "lv": "tiek īstenots"},
    "plan_status_done": {"en": "done", "lv": "īstenots"},
    "plan_status_dropped": {"en": "dropped", "lv": "atcelts"},
    # how progress judged a change (plans progress' method column, in words in a table)
    "plan_method_fisher": {"en": "Fisher's exact test", "lv": "Fišera precīzais tests"},
    "plan_method_poisson": {"en": "Poisson exact test", "lv": "Puasona precīzais tests"},
    "plan_method_z": {"en": "z-test", "lv": "z tests"},
    "plan_method_noise": {"en": "spread of changes", "lv": "izmaiņu izkliede"},
    "run_plans_none": {"en": "No plans.", "lv": "Plānu nav."},
    "run_plans_no_targets": {
        "en": "No plan of {network} with a target has started by {year}.",
        "lv": "Neviens tīkla {network} plāns ar mērķiem nav sācies līdz {year}. gadam.",
    },
    "plan_show_title": {"en": "Plan {id}: {title}", "lv": "Plāns Nr. {id}: {title}"},
    "plan_show_what": {
        "en": "{municipality} in {network}, {start}–{end}, {status}",
        "lv": "{municipality} tīklā {network}, {start}–{end}, statuss: {status}",
    },
    "plan_show_learned": {"en": "Learned from: {sources}", "lv": "Mācījās no: {sources}"},
    "plan_show_no_targets": {"en": "No targets.", "lv": "Mērķu nav."},
    # --- the plan form -------------------------------------------------------
    "plan_form_sheet": {"en": "Plan", "lv": "Plāns"},
    "plan_form_heading": {
        "en": "Improvement plan: {network}",
        "lv": "Uzlabojumu plāns: {network}",
    },
    "plan_form_title": {"en": "Title (English)", "lv": "Nosaukums (angliski)"},
    "plan_form_title_lv": {"en": "Title (Latvian)", "lv": "Nosaukums (latviski)"},
    "plan_form_description": {
        "en": "What will be done (English)",
        "lv": "Kas tiks darīts (angliski)",
    },
    "plan_form_description_lv": {
        "en": "What will be done (Latvian)",
        "lv": "Kas tiks darīts (latviski)",
    },
    "plan_form_start": {"en": "First year", "lv": "Pirmais gads"},
    "plan_form_end": {"en": "Last year", "lv": "Pēdējais gads"},
    "plan_form_learned_from": {
        "en": "Learned from (codes, e.g. LV-022:1 LV-113)",
        "lv": "Mācījās no (kodi, piemēram, LV-022:1 LV-113)",
    },
    "plan_form_help": {
        "en": "Write a target value (and the year to reach it by; default the last year) for "
        "each indicator the plan aims at; leave the others blank. The baseline is your latest "
        "value in the database at or before the first year.",
        "lv": "Katram rādītājam, kuru plānā paredzēts uzlabot, ierakstiet mērķa vērtību un gadu, "
        "līdz kuram to sasniegt (ja gads nav norādīts – plāna pēdējais gads); pārējos atstājiet "
        "tukšus. Bāzes vērtība ir jūsu jaunākā vērtība datubāzē plāna pirmajā gadā vai agrāk.",
    },
    "plan_form_code": {"en": "Code", "lv": "Kods"},
    "plan_form_indicator": {"en": "Indicator", "lv": "Rādītājs"},
    "plan_form_unit": {"en": "Unit", "lv": "Mērvienība"},
    "plan_form_latest": {"en": "Latest value", "lv": "Jaunākā vērtība"},
    "plan_form_latest_year": {"en": "Its year", "lv": "Vērtības gads"},
    "plan_form_target": {"en": "Target value", "lv": "Mērķa vērtība"},
    "plan_form_target_year": {"en": "Target year", "lv": "Mērķa gads"},
    "plan_form_number": {"en": "Write a number.", "lv": "Ierakstiet skaitli."},
    "plan_form_year_help": {
        "en": "Write a year, e.g. 2026.",
        "lv": "Ierakstiet gadu, piemēram, 2026.",
    },
    "plan_form_no_year": {
        "en": "write the plan's year here",
        "lv": "šeit ierakstiet plāna gadu",
    },
    "plan_form_cover_changed": {
        "en": "{file}: the form's network or municipality was changed; use the original form",
        "lv": "{file}: veidlapā mainīts tīkls vai pašvaldība; izmantojiet oriģinālo veidlapu",
    },
    # --- table headers -------------------------------------------------------
    "col_network": {"en": "network", "lv": "tīkls"},
    "col_title": {"en": "title", "lv": "plāna nosaukums"},
    "col_start": {"en": "start", "lv": "sākums"},
    "col_end": {"en": "end", "lv": "beigas"},
    "col_targets": {"en": "targets", "lv": "mērķi"},
    "col_learned_from": {"en": "learned_from", "lv": "mācījās no"},
    "col_plan": {"en": "plan", "lv": "plāns"},
    "col_plans": {"en": "plans", "lv": "plāni"},
    "col_baseline_year": {"en": "baseline_year", "lv": "bāzes gads"},
    "col_baseline": {"en": "baseline", "lv": "bāzes vērtība"},
    "col_target_value": {"en": "target_value", "lv": "mērķa vērtība"},
    "col_target_year": {"en": "target_year", "lv": "mērķa gads"},
    "col_covered": {"en": "covered", "lv": "paveiktā daļa"},
    "col_expected": {"en": "expected", "lv": "gaidāmā daļa"},
    "col_on_track": {"en": "on_track", "lv": "pēc plāna"},
    "col_significant": {"en": "significant", "lv": "nozīmīga izmaiņa"},
    "col_p_value": {"en": "p_value", "lv": "p-vērtība"},
    "col_method": {"en": "method", "lv": "metode"},
    # --- the workbook's plans sheet -----------------------------------------------
    "wb_plans_sheet": {"en": "Plans", "lv": "Plāni"},
    "wb_plans_title": {
        "en": "Improvement plans: {network}, progress to {year}",
        "lv": "Uzlabojumu plāni: {network}, izpilde līdz {year}. gadam",
    },
    "wb_plan_member": {"en": "Member", "lv": "Dalībnieks"},
    "wb_plan_title": {"en": "Plan", "lv": "Plāns"},
    "wb_plan_status": {"en": "Status", "lv": "Statuss"},
    "wb_plan_years": {"en": "Years", "lv": "Gadi"},
    "wb_plan_learned_from": {"en": "Learned from", "lv": "Mācījās no"},
    "wb_plan_indicator": {"en": "Indicator", "lv": "Rādītājs"},
    "wb_plan_baseline": {"en": "Baseline", "lv": "Bāzes vērtība"},
    "wb_plan_baseline_year": {"en": "Baseline year", "lv": "Bāzes gads"},
    "wb_plan_latest": {"en": "Latest", "lv": "Jaunākā vērtība"},
    "wb_plan_latest_year": {"en": "Its year", "lv": "Vērtības gads"},
    "wb_plan_target": {"en": "Target", "lv": "Mērķa vērtība"},
    "wb_plan_target_year": {"en": "Target year", "lv": "Mērķa gads"},
    "wb_plan_covered": {"en": "Share of the way", "lv": "Paveiktā daļa"},
    "wb_plan_on_track": {"en": "On track", "lv": "Pēc plāna"},
    "wb_plan_significant": {"en": "Significant change", "lv": "Nozīmīga izmaiņa"},
    "wb_plan_practice": {"en": "good practice {id}", "lv": "labā prakse Nr. {id}"},
    "wb_plan_not_followed": {
        "en": "not followed in {year}",
        "lv": "{year}. gadā netiek vērtēts",
    },
    "wb_plans_note": {
        "en": "Share of the way: how much of the way from the baseline to the target the latest "
        "value has covered. On track: at least the share of the time gone by, on a straight "
        "line from the baseline year to the target year. Significant change: the change since "
        "the baseline is beyond chance at {level} % (tested on counts or standard errors where "
        "the indicator has them, else against its year-on-year change in the network). A plan "
        "not yet started or dropped is listed without progress.",
        "lv": "Paveiktā daļa: cik lielu daļu ceļa no bāzes vērtības līdz mērķim jaunākā vērtība "
        "ir veikusi. Pēc plāna: vismaz tik liela daļa, cik laika pagājis, ja virzās pa taisni "
        "no bāzes gada līdz mērķa gadam. Nozīmīga izmaiņa: izmaiņa kopš bāzes gada nav "
        "izskaidrojama ar nejaušību {level} % ticamības līmenī (pārbaudīta ar skaitītājiem vai "
        "standartkļūdām, ja rādītājam tās ir, citādi salīdzinot ar rādītāja ikgadējām "
        "svārstībām tīklā). Plāns, kas vēl nav sācies vai ir atcelts, parādīts bez izpildes.",
    },
    # --- the annual report's plans chapter ------------------------------------
    "an_plans": {"en": "Improvement plans", "lv": "Uzlabojumu plāni"},
    "an_practice_plans": {
        "en": "Plans that learned from it: {plans}.",
        "lv": "No tās mācījušies plāni: {plans}.",
    },
    "an_practice_plan": {
        "en": "{name}, “{title}” ({status})",
        "lv": "{name}, „{title}” ({status})",
    },
    "an_practice_plan_followed": {
        "en": "{name}, “{title}” ({status}; targets on track: {on_track} of {targets})",
        "lv": "{name}, „{title}” ({status}; mērķi pēc plāna: {on_track} no {targets})",
    },
    "an_plans_sentence": {
        "en": "The network's members have {plans} improvement plan(s) ({statuses}). Of the "
        "{targets} target(s) followed in {year}, on track: {on_track}; changed significantly "
        "since the baseline: {significant}.",
        "lv": "Tīkla dalībniekiem ir uzlabojumu plāni: {plans} ({statuses}). No {year}. gadā "
        "vērtētajiem mērķiem ({targets}) pēc plāna virzās {on_track}, kopš bāzes vērtības "
        "nozīmīgi mainījušies {significant}.",
    },
}
