"""Messages about sizes: a text too long to store, a document too big to write.

Keys start with ``lim_``.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "lim_too_long": {
        "en": "at most {limit} characters fit here; this text has {length}",
        "lv": "šeit ietilpst ne vairāk kā {limit} rakstzīmes; šajā tekstā ir {length}",
    },
    # a document for a network too large to read: what to narrow
    "lim_workbook_indicators": {
        "en": "the network {network} has {count} indicators; a workbook holds at most {limit}: "
        "define a network with the indicators the meeting needs and write its workbook",
        "lv": "rādītāju skaits tīklā {network}: {count}; darbgrāmatā var būt ne vairāk kā {limit}: "
        "definējiet tīklu ar sanāksmei vajadzīgajiem rādītājiem un sagatavojiet tā darbgrāmatu",
    },
    "lim_site_indicators": {
        "en": "the network {network} has {count} indicators; a site holds at most {limit}: "
        "define a network with the indicators its readers need and write its site",
        "lv": "rādītāju skaits tīklā {network}: {count}; vietnē var būt ne vairāk kā {limit}: "
        "definējiet tīklu ar lasītājiem vajadzīgajiem rādītājiem un sagatavojiet tā vietni",
    },
    "lim_report_indicators": {
        "en": "the network {network} has {count} indicators; a PDF report holds at most {limit}: "
        "define a network with the indicators the meeting needs and write its report",
        "lv": "rādītāju skaits tīklā {network}: {count}; PDF pārskatā var būt ne vairāk kā {limit}: "
        "definējiet tīklu ar sanāksmei vajadzīgajiem rādītājiem un sagatavojiet tā pārskatu",
    },
}
