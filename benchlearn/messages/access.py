"""Messages about who may see a value: audiences, visibilities, embargoes and publication.

Keys start with ``aud_`` (and ``def_release_`` for a network's ``release:``).
"""

MESSAGES: dict[str, dict[str, str]] = {
    # --audience: a bad word
    "aud_bad_audience": {
        "en": "--audience takes public, network, all or a municipality's code, not {audience!r}",
        "lv": "--audience vērtība ir public, network, all vai pašvaldības kods, nevis „{audience}”",
    },
    "aud_unknown_municipality": {
        "en": "--audience {code}: no municipality has this code",
        "lv": "--audience {code}: nevienai pašvaldībai nav šāda koda",
    },
    # a visibility word in a file
    "aud_bad_visibility_cell": {
        "en": "{value!r} is not a visibility: use one of {choices}",
        "lv": "„{value}” nav redzamība: izmantojiet kādu no šīm: {choices}",
    },
    "aud_visibility_set": {
        "en": "Values whose visibility the import set: {count}.",
        "lv": "Vērtību skaits, kurām imports norādīja redzamību: {count}.",
    },
    # the line on a document's cover: for whom it was made, and its label there
    "aud_audience": {"en": "Access", "lv": "Pieejamība"},
    "aud_for_public": {
        "en": "Made for the public",
        "lv": "Sagatavots publiskai lietošanai",
    },
    "aud_for_network": {
        "en": "Made for the members of network {networks}: restricted figures, do not publish",
        "lv": "Sagatavots tīkla {networks} dalībniekiem: ierobežotas pieejamības dati, nepublicēt",
    },
    "aud_for_municipality": {
        "en": "Made for {municipality}, a member of network {networks}: restricted figures, "
        "do not publish",
        "lv": "Sagatavots tīkla {networks} dalībniecei – pašvaldībai {municipality}: "
        "ierobežotas pieejamības dati, nepublicēt",
    },
    "aud_for_facilitator": {
        "en": "Made for the facilitators of network {networks}: restricted figures, do not publish",
        "lv": "Sagatavots tīkla {networks} koordinatoriem: ierobežotas pieejamības dati, "
        "nepublicēt",
    },
    "aud_for_all": {
        "en": "Made for the database's operator: every value, restricted ones included; "
        "do not publish",
        "lv": "Sagatavots datubāzes uzturētājam: visas vērtības, arī ierobežotās; nepublicēt",
    },
    # benchlearn publish
    "aud_published": {
        "en": "The restricted values of network {network} for {year} are public from {day}.",
        "lv": "Tīkla {network} ierobežotās {year}. gada vērtības ir publiskas no {day}.",
    },
    "aud_published_later": {
        "en": "Publication approved: the restricted values of network {network} for {year} "
        "become public on {day}, when the embargo ends.",
        "lv": "Publicēšana apstiprināta: tīkla {network} ierobežotās {year}. gada vērtības "
        "kļūs publiskas {day}, kad beigsies embargo.",
    },
    "aud_already_published": {
        "en": "the values of network {network} for {year} were approved for publication on "
        "{approved}; they are public from {day}",
        "lv": "tīkla {network} {year}. gada vērtību publicēšana apstiprināta jau {approved}; "
        "tās ir publiskas no {day}",
    },
    "aud_publish_needs": {
        "en": "give -n/--network and --year to publish, or --list to see what was published",
        "lv": "norādiet -n/--network un --year, lai publicētu, vai --list, lai redzētu publicēto",
    },
    "aud_publications_none": {
        "en": "No publications yet.",
        "lv": "Vēl nav nevienas publikācijas.",
    },
    # the columns of `publish --list`
    "aud_col_network": {"en": "network", "lv": "tīkls"},
    "aud_col_year": {"en": "year", "lv": "gads"},
    "aud_col_approved_at": {"en": "approved", "lv": "apstiprināts"},
    "aud_col_approved_by": {"en": "by", "lv": "apstiprināja"},
    "aud_col_released_on": {"en": "public from", "lv": "publisks no"},
    # a network's release: in its definition
    "def_release_not_mapping": {
        "en": "must be a mapping of month, day and years_after (month: 6, day: 30, "
        "years_after: 1: the figures of a year on 30 June of the next)",
        "lv": "jābūt kartējumam ar month, day un years_after (month: 6, day: 30, "
        "years_after: 1: gada dati nākamā gada 30. jūnijā)",
    },
    "def_release_number": {
        "en": "must be a whole number from {low} to {high}, not {value}",
        "lv": "jābūt veselam skaitlim no {low} līdz {high}, nevis {value}",
    },
    "def_release_no_day": {
        "en": "day {day} of month {month} is no day of the year",
        "lv": "{month}. mēnesī nav {day}. datuma",
    },
}
