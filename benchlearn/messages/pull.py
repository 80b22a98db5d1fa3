"""Messages of `benchlearn pull`: fetching figures from PxWeb and Kolada."""

MESSAGES: dict[str, dict[str, str]] = {
    "pull_unreachable": {
        "en": "cannot reach {host}: {reason} (no internet?)",
        "lv": "nevar sasniegt {host}: {reason} (nav interneta?)",
    },
    "pull_answered": {
        "en": "{host} answered {status} for {url}{says}",
        "lv": "{host} atbildēja {status} uz {url}{says}",
    },
    "pull_nothing": {
        "en": "no indicator to pull: declare pull: in its definition",
        "lv": "nav rādītāju, ko lejupielādēt: norādiet pull: tā definīcijā",
    },
    "pull_not_pullable": {
        "en": "indicator {code} has no pull: in its definition",
        "lv": "rādītāja {code} definīcijā nav pull:",
    },
    "pull_bad_years": {
        "en": "{years!r} is not a year or a range of years such as 2015-2024",
        "lv": "„{years}” nav gads vai gadu intervāls, piemēram, 2015-2024",
    },
    "pull_bad_age": {
        "en": "{age!r} is not an age such as 3600, 30m, 24h or 7d",
        "lv": "„{age}” nav ilgums, piemēram, 3600, 30m, 24h vai 7d",
    },
    "pull_kolada_v2_retired": {
        "en": "{url}: Kolada answered {status}: its API v2 was shut down on 31 March 2026; "
        "pull from v3 with --kolada-url {v3} (the default)",
        "lv": "{url}: Kolada atbildēja {status}: tās API v2 darbība tika izbeigta 2026. gada 31. martā; "
        "lejupielādējiet no v3 ar --kolada-url {v3} (noklusējums)",
    },
    "pull_kolada_not_json": {
        "en": "{url}: Kolada's answer is not JSON",
        "lv": "{url}: Kolada atbilde nav JSON",
    },
    "pull_kolada_no_values": {
        "en": "{url}: Kolada's answer has no list of values",
        "lv": "{url}: Kolada atbildē nav vērtību saraksta (values)",
    },
    "pull_pxweb_not_json": {
        "en": "{url}: the metadata is not JSON",
        "lv": "{url}: metadati nav JSON",
    },
    "pull_answer_not_json": {
        "en": "{url}: the server's answer is not JSON",
        "lv": "{url}: servera atbilde nav JSON",
    },
    "pull_partly_imported": {
        "en": "Sources imported: {done} of {total} (listed above), before the next was refused:",
        "lv": "Importētie avoti: {done} no {total} (uzskaitīti iepriekš), pirms nākamais "
        "tika atteikts:",
    },
    "pull_pxweb_not_metadata": {
        "en": "{url}: this is not a PxWeb table's metadata",
        "lv": "{url}: tie nav PxWeb tabulas metadati",
    },
    "pull_cache_damaged": {
        "en": "the cached answer to {url} was damaged ({path}); it was asked again",
        "lv": "kešatmiņā saglabātā atbilde uz {url} bija bojāta ({path}); tā tika pieprasīta vēlreiz",
    },
    "pull_cache_unwritable": {
        "en": "the answer could not be kept in the cache ({path}: {reason}); it is used uncached",
        "lv": "atbildi nevarēja saglabāt kešatmiņā ({path}: {reason}); tā tiek izmantota "
        "bez saglabāšanas",
    },
    "pull_redirect_elsewhere": {
        "en": "{host} sent benchlearn from {url} on to another server, {other}; benchlearn "
        "follows only {host} (name {other} in the definition's pull: hosts: to allow it)",
        "lv": "{host} pārsūtīja benchlearn no {url} uz citu serveri {other}; benchlearn seko "
        "tikai serverim {host} (lai to atļautu, norādiet {other} definīcijas pull: hosts:)",
    },
    "pull_too_many_redirects": {
        "en": "{host} redirected {url} more than {count} times; benchlearn gave up",
        "lv": "{host} pāradresēja {url} vairāk nekā {count} reizes; benchlearn pārtrauca",
    },
    "pull_wait_too_long": {
        "en": "{host} asks to wait {seconds} s before it answers, longer than benchlearn waits "
        "for one answer ({limit} s); try again later",
        "lv": "{host} lūdz gaidīt {seconds} s pirms atbildes – ilgāk, nekā benchlearn gaida "
        "vienu atbildi ({limit} s); mēģiniet vēlāk",
    },
    "pull_too_slow": {
        "en": "{host} did not finish its answer to {url} within {seconds} s; benchlearn gave up",
        "lv": "{host} nepabeidza atbildi uz {url} {seconds} s laikā; benchlearn pārtrauca gaidīt",
    },
    "pull_too_big": {
        "en": "{host}'s answer to {url} is larger than {size}, more than any statistics answer; "
        "benchlearn stopped reading it",
        "lv": "servera {host} atbilde uz {url} ir lielāka par {size} – vairāk nekā jebkura "
        "statistikas atbilde; benchlearn pārtrauca to lasīt",
    },
    "pull_broken": {
        "en": "{host} broke off its answer to {url}, or sent one that is not valid HTTP",
        "lv": "{host} pārtrauca atbildi uz {url} vai atbildēja ne pēc HTTP noteikumiem",
    },
    "pull_too_deep": {
        "en": "{url}: the answer is nested too deeply to be read",
        "lv": "{url}: atbilde ir pārāk dziļi ligzdota, lai to varētu nolasīt",
    },
    "pull_kolada_too_many_pages": {
        "en": "{host} gave more than {count} pages for {url}; benchlearn stopped there",
        "lv": "{host} atbildē uz {url} ir vairāk nekā {count} lappuses; benchlearn tur apstājās",
    },
    "pull_kolada_page_loop": {
        "en": "{host} gave {url} as the next page a second time; benchlearn stopped rather than "
        "go round in a loop",
        "lv": "{host} otrreiz norādīja {url} kā nākamo lappusi; benchlearn apstājās, lai neietu "
        "pa apli",
    },
    "pull_kolada_bad_next": {
        "en": "{url}: Kolada's next page is not an address",
        "lv": "{url}: Kolada nākamā lappuse nav adrese",
    },
    "pull_kolada_bad_item": {
        "en": "{url}: item {index} of Kolada's values is not an object with a municipality, "
        "a period and values",
        "lv": "{url}: Kolada vērtību saraksta elements Nr. {index} nav objekts ar pašvaldību "
        "(municipality), periodu (period) un vērtībām (values)",
    },
    "pull_kolada_bad_period": {
        "en": "{url}: Kolada's period {period} (municipality {municipality}) is not a year",
        "lv": "{url}: Kolada periods {period} (pašvaldība {municipality}) nav gads",
    },
    "pull_kolada_bad_value": {
        "en": "{url}: Kolada's value for municipality {municipality}, year {year}, gender "
        "{gender} is {value}, not a number",
        "lv": "{url}: Kolada vērtība pašvaldībai {municipality}, {year}. gadam, dzimumam "
        "{gender} ir {value}, nevis skaitlis",
    },
    "pull_kolada_twice": {
        "en": "{url}: Kolada gives two different figures for municipality {municipality}, "
        "year {year}, gender {gender}: {first} and {second}",
        "lv": "{url}: Kolada dod divus atšķirīgus skaitļus pašvaldībai {municipality}, "
        "{year}. gadam, dzimumam {gender}: {first} un {second}",
    },
    "pull_pxweb_texts": {
        "en": "{url}: the metadata's variable {variable} has not as many texts as codes "
        "(codes: {codes}, texts: {texts})",
        "lv": "{url}: metadatu mainīgajam {variable} nosaukumu skaits neatbilst kodu skaitam "
        "(kodi: {codes}, nosaukumi: {texts})",
    },
    "pull_pxweb_no_values": {
        "en": "{url}: the metadata gives variable {variable} no values",
        "lv": "{url}: metadatos mainīgajam {variable} nav vērtību",
    },
    "pull_progress": {"en": "Pulling", "lv": "Lejupielādē"},
    "pull_fetched": {
        "en": "{source}: {indicators}, {values} values from {calls} calls ({cached} from the cache)",
        "lv": "{source}: {indicators}, {values} vērtības no {calls} pieprasījumiem ({cached} no kešatmiņas)",
    },
    "pull_imported": {
        "en": "  imported as batch {batch}: {new} new, {changed} changed, {unchanged} unchanged",
        "lv": "  ielāde Nr. {batch}: {new} jaunas, {changed} mainītas, {unchanged} nemainītas",
    },
    "pull_would_import": {
        "en": "  would import {new} new, {changed} changed, {unchanged} unchanged (dry run)",
        "lv": "  importētu {new} jaunas, {changed} mainītas, {unchanged} nemainītas (izmēģinājums)",
    },
    "pull_unchanged": {
        "en": "  nothing changed: {unchanged} values as stored",
        "lv": "  nekas nav mainījies: {unchanged} vērtības kā saglabātās",
    },
    "pull_nothing_new": {
        "en": "  nothing new since {date}",
        "lv": "  nekā jauna kopš {date}",
    },
    "pull_left_out": {
        "en": "left out, matching no municipality by {match} ({count}): {territories}",
        "lv": "izlaists, jo neatbilst nevienai pašvaldībai pēc {match} ({count}): {territories}",
    },
    "pull_note": {"en": "  note: {note}", "lv": "  piezīme: {note}"},
}
