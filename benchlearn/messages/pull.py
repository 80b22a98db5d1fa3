"""Messages of `benchlearn pull`: fetching figures from PxWeb and Kolada."""

MESSAGES: dict[str, dict[str, str]] = {
    "pull_unreachable": {
        "en": "cannot reach {host}: {reason} (no internet?)",
        "lv": "nevar sasniegt {host}: {reason} (nav interneta?)",
    },
    "pull_refused": {
        "en": "{host} kept refusing: {reason}",
        "lv": "{host} atkārtoti atteica: {reason}",
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
    "pull_pxweb_not_metadata": {
        "en": "{url}: this is not a PxWeb table's metadata",
        "lv": "{url}: tie nav PxWeb tabulas metadati",
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
