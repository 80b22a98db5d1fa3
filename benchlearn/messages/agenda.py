"""Labels and sentences of the agenda summary (the meeting pack's first page and the
workbook's sheet after the cover) and of the change since the previous year.

Latvian texts name the indicator or the form as the subject, so participles agree with a
masculine "rādītājs" or a feminine "veidlapa" whatever kind of municipality is meant.
"""

MESSAGES: dict[str, dict[str, str]] = {
    "ag_title": {
        "en": "{network}: meeting summary, {year}",
        "lv": "{network}: sanāksmes kopsavilkums, {year}",
    },
    "ag_sheet": {"en": "Meeting summary", "lv": "Sanāksmes kopsavilkums"},
    "ag_returns": {"en": "Forms returned", "lv": "Iesniegtās veidlapas"},
    "ag_on_time": {
        "en": "Returned by {deadline}: {count} of {members}.",
        "lv": "Iesniegtas līdz {deadline}: {count} no {members}.",
    },
    "ag_late": {
        "en": "Returned late ({count}): {names}.",
        "lv": "Iesniegtas pēc termiņa ({count}): {names}.",
    },
    "ag_missing": {
        "en": "Not returned ({count}): {names}.",
        "lv": "Nav iesniegtas ({count}): {names}.",
    },
    "ag_improvements": {
        "en": "Largest significant improvements since the previous year",
        "lv": "Lielākie nozīmīgie uzlabojumi kopš iepriekšējā gada",
    },
    "ag_declines": {
        "en": "Largest significant declines since the previous year",
        "lv": "Lielākie nozīmīgie pasliktinājumi kopš iepriekšējā gada",
    },
    "ag_no_improvements": {
        "en": "No indicator improved significantly since the previous year.",
        "lv": "Neviens rādītājs kopš iepriekšējā gada nav nozīmīgi uzlabojies.",
    },
    "ag_no_declines": {
        "en": "No indicator declined significantly since the previous year.",
        "lv": "Neviens rādītājs kopš iepriekšējā gada nav nozīmīgi pasliktinājies.",
    },
    "ag_red_red": {
        "en": "Worse than the reference value and getting worse",
        "lv": "Sliktāk par atskaites vērtību un turpina pasliktināties",
    },
    "ag_no_red_red": {
        "en": "No member is worse than the reference value on an indicator that also "
        "declined significantly.",
        "lv": "Nevienam dalībniekam nav rādītāja, kas būtu sliktāks par atskaites vērtību "
        "un vēl nozīmīgi pasliktinājies.",
    },
    "ag_stand_out": {"en": "Who stands out", "lv": "Kas izceļas"},
    "ag_better_on": {
        "en": "Clearly better than the reference value on {least} or more indicators: {names}.",
        "lv": "Skaidri labāk par atskaites vērtību {least} vai vairāk rādītājos: {names}.",
    },
    "ag_worse_on": {
        "en": "Clearly worse than the reference value on {least} or more indicators: {names}.",
        "lv": "Skaidri sliktāk par atskaites vērtību {least} vai vairāk rādītājos: {names}.",
    },
    "ag_nobody_stands_out": {
        "en": "Nobody is clearly better or worse than the reference value on {least} or more "
        "indicators.",
        "lv": "Nevienam nav skaidri labāku vai sliktāku rezultātu par atskaites vērtību {least} "
        "vai vairāk rādītājos.",
    },
    "ag_visits": {"en": "Proposed visits", "lv": "Ieteiktās vizītes"},
    "ag_visits_note": {
        "en": "The learning partners proposed most often: similar members that do clearly "
        "better where others are behind.",
        "lv": "Visbiežāk ieteiktie mācīšanās partneri: līdzīgi dalībnieki, kuriem veicas "
        "skaidri labāk tur, kur citi atpaliek.",
    },
    "ag_no_visits": {
        "en": "No learning partners in {year}.",
        "lv": "{year}. gadā mācīšanās partneru nav.",
    },
    "ag_partner": {"en": "Partner", "lv": "Partneris"},
    "ag_proposed": {"en": "Proposed to", "lv": "Kam ieteikts"},
    "ag_before": {"en": "Previous year", "lv": "Iepriekšējais gads"},
    "ag_more": {"en": "… and {count} more.", "lv": "… un vēl {count}."},
    "ag_how": {
        "en": "Significant: with counts, the difference of the two years' proportions or "
        "rates has a {level} % interval that leaves out 0 (Newcombe's method); otherwise the "
        "change is more than twice the year-on-year noise of the members' values (robust "
        "spread, MAD). Rank change: places gained (+) or lost (−).",
        "lv": "Nozīmīgas izmaiņas: ja ir skaitītāji un saucēji, abu gadu proporciju vai "
        "koeficientu starpības {level} % ticamības intervāls neietver 0 (Ņūkoma metode); "
        "citādi izmaiņas pārsniedz divkāršu dalībnieku vērtību ikgadējo svārstību (robusto "
        "izkliedi, MAD). Vietas izmaiņas: iegūtās (+) vai zaudētās (−) vietas.",
    },
    # the change since the previous year, in every member table
    "ch_rank_change": {"en": "Rank change", "lv": "Vietas izmaiņas"},
    "ch_arrows": {
        "en": "Change since the previous year: ↑ up, ↓ down, → unchanged; in colour only when "
        "significant (blue better, red worse, purple for an indicator where neither is "
        "better), grey otherwise. Each member's and each indicator's table gives the rank "
        "change too.",
        "lv": "Izmaiņas kopš iepriekšējā gada: ↑ pieaugums, ↓ samazinājums, → bez izmaiņām; "
        "krāsainas tikai tad, ja izmaiņas ir nozīmīgas (zila — uzlabojums, sarkana — "
        "pasliktinājums, violeta — rādītājam bez labākā virziena), citādi pelēkas. Vietas "
        "izmaiņas ir katras pašvaldības un katra rādītāja tabulā.",
    },
    "ch_red_red": {
        "en": "Worse than the reference value and significantly worse since {year}: {items}.",
        "lv": "Sliktāki par atskaites vērtību un kopš {year}. gada nozīmīgi pasliktinājušies "
        "rādītāji: {items}.",
    },
}
