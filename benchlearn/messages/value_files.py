"""Messages of value files (CSV and XLSX) about their columns, numbers, years and size.

Kept apart from :mod:`benchlearn.messages.data`, which holds the rest of an
import's messages, so that each module stays readable.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "imp_unknown_column": {
        "en": "unknown column {column!r}: a long file's columns are {known}; rename or delete it",
        "lv": "nezināma kolonna „{column}”: garās formas faila kolonnas ir {known}; "
        "pārdēvējiet vai izdzēsiet to",
    },
    "imp_columns_read_as": {
        "en": "column names read as the known ones they differ from only in capitals "
        "or spaces: {columns}",
        "lv": "kolonnu nosaukumi nolasīti kā zināmie, no kuriem tie atšķiras tikai "
        "ar lielajiem burtiem vai atstarpēm: {columns}",
    },
    "imp_too_many_columns": {
        "en": "the header has {count} columns, more than the {most} a value file may have "
        "(Excel's limit)",
        "lv": "kolonnu skaits galvenē ir {count}, bet vērtību failā drīkst būt ne vairāk "
        "kā {most} (Excel ierobežojums)",
    },
    "imp_year_not_whole": {
        "en": "{text!r} is not a whole year (write the year in digits only, such as 2024)",
        "lv": "„{text}” nav vesels gads (rakstiet gadu tikai ar cipariem, piemēram, 2024)",
    },
    "imp_dot_ambiguous": {
        "en": "{text!r} is ambiguous: in a file separated by semicolons or tabs the decimal "
        "separator is the comma, so the dot may separate thousands (remove thousands "
        "separators; write decimals with a comma)",
        "lv": "„{text}” ir neviennozīmīgs: failā, kurā kolonnas atdala semikols vai "
        "tabulācija, decimāldaļu atdala komats, tāpēc punkts var atdalīt tūkstošus "
        "(izņemiet tūkstošu atdalītājus; decimāldaļu atdaliet ar komatu)",
    },
    "imp_percent_cell": {
        "en": "the cell is formatted as a percentage ({shown} %), but {indicator}'s unit is "
        "not a percentage: type the number without the percentage format",
        "lv": "šūna ir formatēta kā procenti ({shown} %), bet rādītāja {indicator} mērvienība "
        "nav procenti: ierakstiet skaitli bez procentu formāta",
    },
    "imp_percent_cells_read": {
        "en": "{count} percentage-formatted cell(s) read as the percentage shown "
        "(55 % as 55, not 0.55)",
        "lv": "procentos formatētās šūnas (skaits: {count}) nolasītas kā redzamie procenti "
        "(55 % kā 55, nevis 0,55)",
    },
    "imp_shared_strings": {
        "en": "{file}: the workbook's table of texts holds more than {most} entries, too many for "
        "a file of {size} bytes; open it in Excel or LibreOffice and save it again",
        "lv": "{file}: darbgrāmatas tekstu tabulā ierakstu skaits pārsniedz {most} — pārāk daudz "
        "{size} baitu lielam failam; atveriet to programmā Excel vai LibreOffice un saglabājiet vēlreiz",
    },
}
