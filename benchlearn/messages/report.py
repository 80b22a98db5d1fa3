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
    # the annual report's publishable pages (report/annual_pages.py)
    "an_contents": {"en": "Contents", "lv": "Saturs"},
    "an_subtitle": {"en": "Annual report {year}", "lv": "{year}. gada pārskats"},
    "an_source": {"en": "Coordinated by", "lv": "Koordinē"},
    "an_key_findings": {"en": "Key findings", "lv": "Galvenie secinājumi"},
    "an_participation": {"en": "Participation", "lv": "Dalība"},
    "an_members": {
        "en": "Members in {year}: {count}",
        "lv": "Dalībnieku skaits {year}. gadā: {count}",
    },
    "an_members_before": {"en": "(in {previous}: {count})", "lv": "({previous}. gadā: {count})"},
    "an_returned": {
        "en": "{count} of {members} members returned the {year} form ({share})",
        "lv": "{year}. gada veidlapu iesniedza {count} no {members} dalībniekiem ({share})",
    },
    "an_returned_before": {
        "en": "; in {previous}, {count} of {members} ({share})",
        "lv": "; {previous}. gadā — {count} no {members} ({share})",
    },
    "an_on_time": {
        "en": "By the deadline ({deadline}), {count} of {members} members had first returned it ({share})",
        "lv": "Līdz termiņam ({deadline}) to pirmo reizi iesniedza {count} no {members} dalībniekiem ({share})",
    },
    "an_on_time_before": {
        "en": "; in {previous}, by {deadline}, {count} of {members} ({share})",
        "lv": "; {previous}. gadā līdz termiņam ({deadline}) — {count} no {members} ({share})",
    },
    "an_totals_short": {"en": "Totals for {year}", "lv": "Kopā {year}. gadā"},
    "an_total": {
        "en": "{name}: {now}; in {previous}, {before}.",
        "lv": "{name}: {now}; {previous}. gadā — {before}.",
    },
    "an_total_same": {
        "en": "Members with figures for both years (n\u00a0=\u00a0{count}): {relative}.",
        "lv": "Dalībniekiem ar abu gadu datiem (n\u00a0=\u00a0{count}): {relative}.",
    },
    "an_no_changes": {
        "en": "No member has figures for {previous} and this year, so no change since {previous} is shown.",
        "lv": "Nevienam dalībniekam nav gan {previous}. gada, gan šī pārskata gada datu, tāpēc izmaiņas nav aprēķinātas.",
    },
    "an_improved": {
        "en": "What improved since {previous}",
        "lv": "Kas uzlabojās kopš {previous}. gada",
    },
    "an_declined": {
        "en": "What declined since {previous}",
        "lv": "Kas pasliktinājās kopš {previous}. gada",
    },
    "an_changed": {
        "en": "What changed since {previous}",
        "lv": "Kas mainījās kopš {previous}. gada",
    },
    "an_unchanged": {
        "en": "Unchanged, or no significant change",
        "lv": "Bez izmaiņām vai bez statistiski nozīmīgām izmaiņām",
    },
    "an_findings_note": {
        "en": "Each change compares the members with figures for both years (n). For an indicator with counts behind it (a rate or a proportion) the network's figure is the pooled one, the sum of the numerators over the sum of the denominators, and its change is tested at the {level} level with the test named. A yes/no indicator is the share of members answering yes and any other the members' median: there are no counts to test those on, so only the size of the change is given.",
        "lv": "Izmaiņas salīdzina dalībniekus, kuriem ir abu gadu dati (n). Rādītājiem, kuru pamatā ir skaiti (intensitātēm un īpatsvariem), tīkla vērtība ir kopējā — skaitītāju summa pret saucēju summu —, un to izmaiņas pārbaudītas ar nosaukto testu {level} ticamības līmenī. Jā/nē rādītājiem norādīts „jā” atbilžu īpatsvars, pārējiem — dalībnieku mediāna; tiem nav skaitu, ar kuriem veikt testu, tāpēc norādīts tikai izmaiņu lielums.",
    },
    "an_points_one": {"en": "{points} percentage point", "lv": "{points} procentpunkts"},
    "an_points_many": {"en": "{points} percentage points", "lv": "{points} procentpunkti"},
    "an_change_pooled": {
        "en": "{name}: {now} across the network in {year}, {before} in {previous} ({size}; n\u00a0=\u00a0{count}).",
        "lv": "{name}: tīklā kopā {year}. gadā — {now}, {previous}. gadā — {before} ({size}; n\u00a0=\u00a0{count}).",
    },
    "an_change_share": {
        "en": "{name}: yes from {now} of the members in {year}, {before} in {previous} ({size}; n\u00a0=\u00a0{count}).",
        "lv": "{name}: „jā” {year}. gadā atbildēja {now} dalībnieku, {previous}. gadā — {before} ({size}; n\u00a0=\u00a0{count}).",
    },
    "an_change_median": {
        "en": "{name}: the members' median {now} in {year}, {before} in {previous} ({size}; n\u00a0=\u00a0{count}).",
        "lv": "{name}: dalībnieku mediāna {year}. gadā — {now}, {previous}. gadā — {before} ({size}; n\u00a0=\u00a0{count}).",
    },
    "an_test_poisson": {
        "en": "exact conditional test for two Poisson rates",
        "lv": "precīzais nosacītais tests divu Puasona intensitāšu salīdzināšanai",
    },
    "an_test_fisher": {"en": "Fisher's exact test", "lv": "Fišera precīzais tests"},
    "an_significant": {
        "en": "The change is significant ({test}, {p}).",
        "lv": "Izmaiņas ir statistiski nozīmīgas ({test}, {p}).",
    },
    "an_not_significant": {
        "en": "The change is not significant ({test}, {p}).",
        "lv": "Izmaiņas nav statistiski nozīmīgas ({test}, {p}).",
    },
    "an_no_change": {"en": "No change.", "lv": "Izmaiņu nav."},
    "an_same": {
        "en": "The same in both years ({count}): {names}.",
        "lv": "Abos gados vienādi ({count}): {names}.",
    },
    "an_totals": {"en": "Network totals", "lv": "Tīkla kopsummas"},
    "an_totals_intro": {
        "en": "The figures members report on the form that add up, summed over the members in {previous} and in {year} (n: the members with a figure). The change is that of the members with figures for both years, so that a new member or a missing form does not pass for a change.",
        "lv": "Veidlapā norādītie skaitļi, kurus var saskaitīt, visu dalībnieku summa {previous}. un {year}. gadā (n — dalībnieku skaits ar skaitli). Izmaiņas aprēķinātas dalībniekiem, kuriem ir abu gadu dati, lai jauns dalībnieks vai neiesniegta veidlapa neizskatītos pēc izmaiņām.",
    },
    "an_totals_note": {
        "en": 'Confidential ("..") and missing figures are not in the totals.',
        "lv": "Konfidenciālās („..”) un trūkstošās vērtības summās nav iekļautas.",
    },
    "an_change_same": {"en": "Change (same members)", "lv": "Izmaiņas (tie paši dalībnieki)"},
    "an_member_list": {
        "en": "Members and the year they joined ({count})",
        "lv": "Dalībnieki un to pievienošanās gads ({count})",
    },
    "an_since_start": {"en": "from the start", "lv": "no sākuma"},
    "an_joined": {"en": "Since", "lv": "Kopš"},
    "an_annex": {"en": "Annex: each member's figures", "lv": "Pielikums. Dalībnieku dati"},
    "an_annex_intro": {
        "en": "One page per member, by name: since when it has been in the network, whether its forms came by the deadline, and its figures for both years beside the network's median.",
        "lv": "Katram dalībniekam viena lappuse (alfabētiskā secībā): kopš kura gada tas ir tīklā, vai veidlapas iesniegtas līdz termiņam, un tā dati par abiem gadiem blakus tīkla mediānai.",
    },
    "an_member_new": {
        "en": "New member: joined in {year}.",
        "lv": "Jauns dalībnieks: pievienojās {year}. gadā.",
    },
    "an_member_always": {"en": "A member from the start.", "lv": "Tīkla dalībnieks no sākuma."},
    "an_member_since": {
        "en": "A member since {year}.",
        "lv": "Tīkla dalībnieks kopš {year}. gada.",
    },
    "an_form_missing": {
        "en": "The {year} form was not returned.",
        "lv": "{year}. gada veidlapa nav iesniegta.",
    },
    "an_form_undated": {
        "en": "The {year} form was returned, when is not known; indicators filled: {filled} of {total}.",
        "lv": "{year}. gada veidlapa iesniegta, saņemšanas datums nav zināms; aizpildītie rādītāji: {filled} no {total}.",
    },
    "an_form_on_time": {
        "en": "The {year} form came in on {received}, by the deadline ({deadline}); indicators filled: {filled} of {total}.",
        "lv": "{year}. gada veidlapa saņemta {received}, līdz termiņam ({deadline}); aizpildītie rādītāji: {filled} no {total}.",
    },
    "an_form_late": {
        "en": "The {year} form came in on {received}, after the deadline ({deadline}); indicators filled: {filled} of {total}.",
        "lv": "{year}. gada veidlapa saņemta {received}, pēc termiņa ({deadline}); aizpildītie rādītāji: {filled} no {total}.",
    },
    "an_change": {"en": "Change", "lv": "Izmaiņas"},
    "an_median": {"en": "Network median, {year}", "lv": "Tīkla mediāna {year}. gadā"},
}
