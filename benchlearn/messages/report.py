"""Labels and sentences of the PDF reports: the meeting pack, a municipality's report and the
NVPT annual report.

Latvian texts avoid adjectives that would have to agree with a municipality's kind (a
novads is masculine, a valstspilsēta feminine): counts and nouns say it instead.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "rp_page": {"en": "Page {page} of {pages}", "lv": "{page}. lappuse no {pages}"},
    "rp_not_pdf": {
        "en": "{path}: a report is written as a .pdf file",
        "lv": "{path}: pārskatu saglabā kā .pdf datni",
    },
    "rp_wrote": {
        "en": "Wrote {path}: {pages} pages.",
        "lv": "Saglabāts {path}; lappušu skaits: {pages}.",
    },
    "rp_annual_with_municipality": {
        "en": "--annual reports on the whole network: leave out --municipality",
        "lv": "--annual sagatavo pārskatu par visu tīklu: nenorādiet --municipality",
    },
    "rp_not_member": {
        "en": "{code} is not a member of {network} in {year}",
        "lv": "{code} nav starp tīkla {network} dalībniekiem {year}. gadā",
    },
    # the meeting pack
    "rp_pack_title": {
        "en": "{network}: meeting pack, {year}",
        "lv": "{network}: sanāksmes materiāli, {year}",
    },
    "rp_how_to_read": {"en": "How to read this pack", "lv": "Kā lasīt šos materiālus"},
    "rp_no_value": {
        "en": "No value ({count}): {names}.",
        "lv": "Nav vērtības ({count}): {names}.",
    },
    "rp_bars_axis": {
        "en": "{count} members, best to worst (the ends are named below)",
        "lv": "Dalībnieki ({count}) no labākā līdz sliktākajam (abos galos esošie nosaukti zemāk)",
    },
    "rp_best_ten": {"en": "The best ten", "lv": "Desmit labākie"},
    "rp_worst_ten": {"en": "The worst ten", "lv": "Desmit sliktākie"},
    "rp_highest_ten": {"en": "The ten highest values", "lv": "Desmit augstākās vērtības"},
    "rp_lowest_ten": {"en": "The ten lowest values", "lv": "Desmit zemākās vērtības"},
    "rp_similarity_note": {
        "en": "Beside each neighbour's name: its similarity (1 is identical on the variables used).",
        "lv": "Blakus katras līdzīgās pašvaldības nosaukumam — līdzība (1 nozīmē vienādas izmantoto mainīgo vērtības).",
    },
    "rp_share_yes": {"en": "% yes", "lv": "% „jā”"},
    # the annual report
    "rp_annual_title": {
        "en": "{network}: annual report {year}",
        "lv": "{network}: {year}. gada pārskats",
    },
    "rp_deadline": {"en": "Forms due", "lv": "Veidlapu iesniegšanas termiņš"},
    "rp_participation": {
        "en": "Participation and returned forms",
        "lv": "Dalība un iesniegtās veidlapas",
    },
    "rp_members_count": {"en": "Members", "lv": "Dalībnieku skaits"},
    "rp_returned": {"en": "Forms returned", "lv": "Iesniegtās veidlapas"},
    "rp_on_time": {
        "en": "Returned by the deadline ({deadline})",
        "lv": "Iesniegtas līdz termiņam ({deadline})",
    },
    "rp_complete": {"en": "Complete forms", "lv": "Pilnībā aizpildītās veidlapas"},
    "rp_not_returned": {"en": "Forms not returned", "lv": "Neiesniegtās veidlapas"},
    "rp_not_returned_names": {
        "en": "No form returned: {names}.",
        "lv": "Veidlapa nav iesniegta: {names}.",
    },
    "rp_on_time_note": {
        "en": 'A form counts as returned when it holds at least one of the network\'s own indicators; as returned by the deadline when it was first imported by then (a later correction does not change that: corrections are listed apart); as complete when each of them has a number, "." (not applicable) or ".." (confidential), "-" being a missing answer.',
        "lv": "Veidlapa uzskatāma par iesniegtu, ja tajā ir vismaz viens tīkla rādītājs; par iesniegtu līdz termiņam, ja tā pirmo reizi importēta līdz termiņam (vēlāki labojumi to nemaina, tie norādīti atsevišķi); par pilnībā aizpildītu, ja katram tīkla rādītājam ir skaitlis, „.” (nav attiecināms) vai „..” (konfidenciāli), bet „-” nozīmē trūkstošu atbildi.",
    },
    "rp_form_returned": {"en": "Form returned", "lv": "Veidlapa iesniegta"},
    "rp_filled": {"en": "Indicators filled", "lv": "Aizpildītie rādītāji"},
    "rp_of": {"en": "{part} of {whole}", "lv": "{part} no {whole}"},
    "rp_completeness": {"en": "Completeness", "lv": "Pilnīgums"},
    "rp_last_import": {"en": "Last import", "lv": "Pēdējais imports"},
    "rp_received": {"en": "Received", "lv": "Saņemta"},
    "rp_corrected": {"en": "Corrected", "lv": "Labota"},
    "rp_corrected_names": {
        "en": "Corrected after it was received: {names}.",
        "lv": "Labota pēc iesniegšanas: {names}.",
    },
    "rp_not_applicable": {"en": "Not applicable (.)", "lv": "Nav attiecināms (.)"},
    "rp_completeness_title": {
        "en": "Completeness of the figures for {year}, by indicator",
        "lv": "{year}. gada datu pilnīgums pa rādītājiem",
    },
    "rp_with_value": {"en": "With a value", "lv": "Ar vērtību"},
    "rp_without_value": {"en": "Without a value", "lv": "Bez vērtības"},
    "rp_confidential": {"en": "Confidential (..)", "lv": "Konfidenciāli (..)"},
    "rp_across_years": {
        "en": "Each indicator across the members and years",
        "lv": "Katrs rādītājs visiem dalībniekiem pa gadiem",
    },
    "rp_across_years_note": {
        "en": "Each cell: the members' median and, in brackets, their middle half (lower to upper quartile); for a yes/no indicator the share answering yes; n, the members with a value.",
        "lv": "Katrā šūnā: dalībnieku mediāna un iekavās vidējā puse (no apakšējās līdz augšējai kvartilei); jā/nē rādītājiem — „jā” atbilžu īpatsvars; n — dalībnieku skaits ar vērtību.",
    },
    "rp_yes_share": {"en": "yes: {share}", "lv": "„jā”: {share}"},
    "rp_members_year": {
        "en": "The members' figures for {year}",
        "lv": "Dalībnieku {year}. gada dati",
    },
    "rp_practices": {"en": "Good practice collected", "lv": "Apkopotā labā prakse"},
    "rp_no_practices": {
        "en": "No good practice has been recorded for this network yet.",
        "lv": "Šim tīklam vēl nav reģistrēts neviens labās prakses piemērs.",
    },
}
