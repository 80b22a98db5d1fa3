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
    "form_scale_error": {"en": "Choose one of the levels.", "lv": "Izvēlieties vienu no līmeņiem."},
    "form_status_help": {
        "en": "- missing, . not applicable, .. confidential",
        "lv": "- trūkst, . nav attiecināms, .. konfidenciāls",
    },
}
