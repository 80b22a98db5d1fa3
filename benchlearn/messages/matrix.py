"""Messages of the self-assessment matrix (Healthy Boost) on the site, in the PDF and the form.

Keys start with ``mx_``. The matrix's title and area header are the workbook's
(``wb_matrix_own``, ``wb_area``), so every output names it the same way.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "mx_read_own": {
        "en": "Each cell's colour and words are the municipality's level; its bars show how many "
        "members stand at each level ({levels}), the municipality's own bar outlined.",
        "lv": "Šūnas krāsa un teksts rāda pašvaldības līmeni; stabiņi rāda, cik dalībnieku ir "
        "katrā līmenī ({levels}), un pašvaldības līmeņa stabiņš ir apvilkts.",
    },
    "mx_read_network": {
        "en": "Each cell's bars show how many members stand at each level ({levels}).",
        "lv": "Stabiņi katrā šūnā rāda, cik dalībnieku ir katrā līmenī ({levels}).",
    },
    "mx_levels": {"en": "Levels", "lv": "Līmeņi"},
    "mx_form_help": {
        "en": "Choose your municipality's level in each area (row) at each stage (column) from "
        "the cell's drop-down list. Only the yellow cells can be edited.",
        "lv": "Katrā šūnā no izkrītošā saraksta izvēlieties pašvaldības līmeni attiecīgajā jomā "
        "(rinda) un posmā (kolonna). Rediģēt var tikai dzeltenās šūnas.",
    },
    "mx_form_earlier": {
        "en": "Your levels in {year}, for reference",
        "lv": "Pašvaldības līmeņi {year}. gadā (uzziņai)",
    },
    "mx_form_cell": {
        "en": "{area}, {stage}",
        "lv": "{area}, {stage}",
    },
}
