"""One message catalogue for every label and sentence users read, in English and Latvian."""

from __future__ import annotations

from typing import Any

LANGUAGES = ("en", "lv")

MESSAGES: dict[str, dict[str, str]] = {
    # sheet names (at most 31 characters, no []:*?/\)
    "sheet_cover": {"en": "Cover", "lv": "Titullapa"},
    "sheet_summary": {"en": "Summary", "lv": "Kopsavilkums"},
    "sheet_similar": {"en": "Similar municipalities", "lv": "Līdzīgās pašvaldības"},
    "sheet_definitions": {"en": "Definitions", "lv": "Definīcijas"},
    "sheet_data": {"en": "Data", "lv": "Dati"},
    "sheet_quality": {"en": "Data quality", "lv": "Datu kvalitāte"},
    "sheet_profile": {"en": "Profile {code}", "lv": "Profils {code}"},
    # cover
    "title": {
        "en": "Benchlearning comparison: {network}",
        "lv": "Salīdzinošā novērtēšana: {network}",
    },
    "network": {"en": "Network", "lv": "Tīkls"},
    "year": {"en": "Year", "lv": "Gads"},
    "peer_basis": {"en": "Compared with", "lv": "Salīdzināts ar"},
    "generated": {"en": "Generated", "lv": "Sagatavots"},
    "members": {"en": "Members", "lv": "Dalībnieki"},
    "sources": {"en": "Data sources", "lv": "Datu avoti"},
    "how_to_read": {"en": "How to read this workbook", "lv": "Kā lasīt šo darbgrāmatu"},
    "read_rank": {
        "en": "Rank 1 is the best value, whether higher or lower is better; equal values share a rank.",
        "lv": "1. vieta ir labākā vērtība neatkarīgi no tā, vai labāk ir augstāka vai zemāka; vienādām vērtībām ir vienāda vieta.",
    },
    "read_colours": {
        "en": "Colours show the quarter among the peers: green is the best quarter, then light green, light orange, and red the worst quarter.",
        "lv": "Krāsas rāda ceturtdaļu salīdzināmo vidū: zaļā ir labākā ceturtdaļa, tad gaiši zaļā, gaiši oranžā, un sarkanā — sliktākā.",
    },
    "read_bands": {
        "en": "Bands word the distance from the peer median in median absolute deviations (MADs), as the UK Office for Local Government does: within ±0.5 broadly similar, to 1.5 slightly better or worse, to 3 better or worse, beyond 3 much better or worse.",
        "lv": "Novērtējums izsaka attālumu no salīdzināmo mediānas mediānas absolūtajās novirzēs (MAD), kā to dara Apvienotās Karalistes Pašvaldību birojs: ±0,5 robežās līdzīgi, līdz 1,5 nedaudz labāk vai sliktāk, līdz 3 labāk vai sliktāk, vairāk par 3 daudz labāk vai sliktāk.",
    },
    "read_grey": {
        "en": "Grey means no value: missing, not applicable, or confidential. '..' marks a confidential value, which is never shown.",
        "lv": "Pelēks nozīmē, ka vērtības nav: trūkst, nav attiecināms vai konfidenciāls. '..' apzīmē konfidenciālu vērtību, kas netiek rādīta.",
    },
    "read_neutral": {
        "en": "Indicators without a better direction (context) are shown uncoloured and are not ranked.",
        "lv": "Rādītāji bez labākā virziena (konteksta rādītāji) netiek iekrāsoti un ranžēti.",
    },
    "quarter_1": {"en": "best quarter", "lv": "labākā ceturtdaļa"},
    "quarter_2": {"en": "second quarter", "lv": "otrā ceturtdaļa"},
    "quarter_3": {"en": "third quarter", "lv": "trešā ceturtdaļa"},
    "quarter_4": {"en": "worst quarter", "lv": "sliktākā ceturtdaļa"},
    "no_value": {"en": "no value / ..", "lv": "nav vērtības / .."},
    "peers_network": {"en": "the network's members", "lv": "tīkla dalībniekiem"},
    "peers_all": {
        "en": "all municipalities with data",
        "lv": "visām pašvaldībām, par kurām ir dati",
    },
    "peers_attr": {
        "en": "municipalities with the same {name}",
        "lv": "pašvaldībām ar to pašu {name}",
    },
    "peers_group": {
        "en": "each municipality's own peer list '{name}'",
        "lv": "katras pašvaldības salīdzināmo sarakstu '{name}'",
    },
    "peers_similar": {
        "en": "each municipality's {name} most similar municipalities",
        "lv": "katras pašvaldības {name} līdzīgākajām pašvaldībām",
    },
    "boundaries_note": {
        "en": "All years are shown on the units of {year}.",
        "lv": "Visi gadi attēloti {year}. gada teritoriālajās vienībās.",
    },
    # tables
    "municipality": {"en": "Municipality", "lv": "Pašvaldība"},
    "code": {"en": "Code", "lv": "Kods"},
    "indicator": {"en": "Indicator", "lv": "Rādītājs"},
    "value": {"en": "Value", "lv": "Vērtība"},
    "status": {"en": "Status", "lv": "Statuss"},
    "rank": {"en": "Rank", "lv": "Vieta"},
    "rank_of_n": {"en": "Rank of n", "lv": "Vieta no n"},
    "rank_interval": {"en": "Rank interval (90 %)", "lv": "Vietas intervāls (90 %)"},
    "score": {"en": "Composite score", "lv": "Kopējais vērtējums"},
    "band": {"en": "Compared with peers", "lv": "Salīdzinājumā ar citiem"},
    "change": {"en": "Change since {year}", "lv": "Izmaiņas kopš {year}"},
    "percentile": {"en": "Percentile", "lv": "Procentile"},
    "peer_median": {"en": "Peer median", "lv": "Salīdzināmo mediāna"},
    "peer_q1": {"en": "Lower quartile", "lv": "Apakšējā kvartile"},
    "peer_q3": {"en": "Upper quartile", "lv": "Augšējā kvartile"},
    "unit": {"en": "Unit", "lv": "Mērvienība"},
    "direction": {"en": "Better", "lv": "Labāk"},
    "formula": {"en": "Formula", "lv": "Formula"},
    "source": {"en": "Source", "lv": "Avots"},
    "description": {"en": "Description", "lv": "Apraksts"},
    "name_en": {"en": "Name (English)", "lv": "Nosaukums (angļu)"},
    "name_lv": {"en": "Name (Latvian)", "lv": "Nosaukums (latviešu)"},
    "higher": {"en": "higher", "lv": "augstāka"},
    "lower": {"en": "lower", "lv": "zemāka"},
    "neutral": {"en": "neither (context)", "lv": "nav (konteksts)"},
    "partners": {"en": "Learning partners", "lv": "Mācīšanās partneri"},
    "partner": {"en": "Partner", "lv": "Partneris"},
    "gap": {"en": "Better by (MADs)", "lv": "Labāk par (MAD)"},
    "similarity": {"en": "Similarity", "lv": "Līdzība"},
    "practice": {"en": "Good practice", "lv": "Labā prakse"},
    "neighbour": {"en": "Neighbour", "lv": "Kaimiņš"},
    "order": {"en": "Order", "lv": "Secība"},
    "cluster": {"en": "Cluster", "lv": "Klasteris"},
    "variables": {"en": "Variables used", "lv": "Izmantotie mainīgie"},
    "no_structural": {
        "en": "This network declares no structural variables, so no similarity is computed.",
        "lv": "Šim tīklam nav norādīti strukturālie mainīgie, tāpēc līdzība netiek aprēķināta.",
    },
    "left_out": {"en": "Left out (missing values)", "lv": "Izlaistas (trūkst vērtību)"},
    "chart_values": {"en": "{indicator}, {year}", "lv": "{indicator}, {year}"},
    "chart_trend": {"en": "{indicator}: trend", "lv": "{indicator}: dinamika"},
    "chart_profile": {"en": "Percentile among peers", "lv": "Procentile salīdzināmo vidū"},
    "trend_note": {
        "en": "Trend of the first {count} by rank and the peer median.",
        "lv": "Dinamika pirmajām {count} pēc vietas un salīdzināmo mediānai.",
    },
    "missing_values": {"en": "Missing values", "lv": "Trūkstošās vērtības"},
    "outliers": {
        "en": "Possible outliers (|robust z| > 3.5)",
        "lv": "Iespējamās novirzes (|robustais z| > 3,5)",
    },
    "few_peers": {
        "en": "Indicators with few peers (n < 5)",
        "lv": "Rādītāji ar maz salīdzināmajiem (n < 5)",
    },
    "aggregated": {
        "en": "Figures aggregated from old units",
        "lv": "No iepriekšējām vienībām apkopotie skaitļi",
    },
    "none_found": {"en": "None.", "lv": "Nav."},
    "robust_z": {"en": "Robust z", "lv": "Robustais z"},
    "n_peers": {"en": "Peers with a value", "lv": "Salīdzināmie ar vērtību"},
    "footer": {"en": "{network} · {year}", "lv": "{network} · {year}"},
    # bands
    "much better": {"en": "much better", "lv": "daudz labāk"},
    "better": {"en": "better", "lv": "labāk"},
    "slightly better": {"en": "slightly better", "lv": "nedaudz labāk"},
    "broadly similar": {"en": "broadly similar", "lv": "līdzīgi"},
    "slightly worse": {"en": "slightly worse", "lv": "nedaudz sliktāk"},
    "worse": {"en": "worse", "lv": "sliktāk"},
    "much worse": {"en": "much worse", "lv": "daudz sliktāk"},
    # fair comparisons: significance against the peers' pooled value
    "comparator": {"en": "Peers' pooled value", "lv": "Salīdzināmo kopējā vērtība"},
    "significance": {
        "en": "Compared with the pooled value",
        "lv": "Salīdzinājumā ar kopējo vērtību",
    },
    "ci_low": {"en": "{level}% interval: from", "lv": "{level}% intervāls: no"},
    "ci_high": {"en": "{level}% interval: to", "lv": "{level}% intervāls: līdz"},
    "sig_better": {"en": "better", "lv": "labāk"},
    "sig_similar": {"en": "similar", "lv": "līdzīgi"},
    "sig_worse": {"en": "worse", "lv": "sliktāk"},
    "sig_higher": {"en": "higher", "lv": "augstāk"},
    "sig_lower": {"en": "lower", "lv": "zemāk"},
    "sig_not_compared": {"en": "not compared", "lv": "nav salīdzināts"},
    "cmp_better": {"en": "better", "lv": "labāks"},
    "cmp_worse": {"en": "worse", "lv": "sliktāks"},
    "cmp_higher": {"en": "higher", "lv": "augstāks"},
    "cmp_lower": {"en": "lower", "lv": "zemāks"},
    "read_significance": {
        "en": "Where an indicator is a share or a rate with its counts behind it, the colour says whether the value differs from the peers' pooled value by more than chance (at {level}% confidence): green better, amber similar, red worse; for indicators where neither direction is better, dark blue higher and light blue lower; white not compared (no counts, or counts withheld). Bars in the charts show the {level}% interval.",
        "lv": "Ja rādītājs ir daļa vai koeficients, kam zināmi skaiti, krāsa rāda, vai vērtība atšķiras no salīdzināmo kopējās vērtības vairāk, nekā to var izskaidrot nejaušība ({level}% ticamība): zaļa — labāk, dzeltena — līdzīgi, sarkana — sliktāk; rādītājiem bez labākā virziena tumši zila — augstāk, gaiši zila — zemāk; balta — nav salīdzināts (nav skaitu vai tie nav publiskojami). Diagrammās joslas rāda {level}% intervālu.",
    },
    "sentence_significant": {
        "en": "{name}'s {indicator} ({value}) is {comparison} than its peers' pooled value of {comparator}, by more than chance explains ({level}% confidence).",
        "lv": "{name} rādītājs “{indicator}” ({value}) ir {comparison} nekā salīdzināmo kopējā vērtība {comparator}, un atšķirību nevar izskaidrot ar nejaušību ({level}% ticamība).",
    },
    "sentence_within_chance": {
        "en": "{name}'s {indicator} ({value}) is similar to its peers' pooled value of {comparator}: the difference is within chance ({level}% confidence).",
        "lv": "{name} rādītājs “{indicator}” ({value}) ir līdzīgs salīdzināmo kopējai vērtībai {comparator}: atšķirība ir nejaušības robežās ({level}% ticamība).",
    },
    "chart_funnel_points": {"en": "Members", "lv": "Dalībnieki"},
    "chart_spine": {
        "en": "Where {name} stands: the peers' range, middle half and median; the better end to the right",
        "lv": "Kur atrodas {name}: salīdzināmo amplitūda, vidējā puse un mediāna; labākā puse pa labi",
    },
    "spine_quarter": {"en": "no counts: {quarter}", "lv": "bez skaitiem: {quarter}"},
    # funnel plots
    "funnel_title": {"en": "{indicator}: funnel plot", "lv": "{indicator}: piltuves diagramma"},
    "funnel_limit": {"en": "{level}% control limits", "lv": "{level}% kontroles robežas"},
    "funnel_above": {"en": "above the limits", "lv": "virs robežām"},
    "funnel_below": {"en": "below the limits", "lv": "zem robežām"},
    "funnel_within": {"en": "within the limits", "lv": "robežās"},
    "funnel_denominator": {"en": "Denominator ({code})", "lv": "Saucējs ({code})"},
    "funnel_adjusted": {
        "en": "limits widened for overdispersion (φ = {phi})",
        "lv": "robežas paplašinātas pārmērīgas izkliedes dēļ (φ = {phi})",
    },
    # control rules
    "numerator_exceeds": {
        "en": "the numerator of {indicator} exceeds its denominator",
        "lv": "rādītāja “{indicator}” skaitītājs pārsniedz saucēju",
    },
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
    # position sentences
    "sentence": {
        "en": "{name}'s {indicator} ({value}) is {band} than {basis} median of {median}.",
        "lv": "{name} rādītājs “{indicator}” ({value}) ir {band} nekā {basis} mediāna {median}.",
    },
    "sentence_similar": {
        "en": "{name}'s {indicator} ({value}) is broadly similar to {basis} median of {median}.",
        "lv": "{name} rādītājs “{indicator}” ({value}) ir līdzīgs {basis} mediānai {median}.",
    },
    "basis_network": {"en": "the network's", "lv": "tīkla"},
    "basis_all": {"en": "all municipalities'", "lv": "visu pašvaldību"},
    "basis_attr": {"en": "its {name} group's", "lv": "tās {name} grupas"},
    "basis_group": {"en": "its nearest neighbours'", "lv": "tās tuvāko kaimiņu"},
    "strongest": {"en": "Strongest: {items}.", "lv": "Stiprākie rādītāji: {items}."},
    "weakest": {"en": "Weakest: {items}.", "lv": "Vājākie rādītāji: {items}."},
    "partner_sentence": {
        "en": "{partner} is {gap} MADs better on {indicator}",
        "lv": "{partner} ir par {gap} MAD labāka rādītājā “{indicator}”",
    },
    "see_practice": {
        "en": "; see their practice: {practice}",
        "lv": "; skat. viņu praksi: {practice}",
    },
    "no_partners": {
        "en": "No similar municipality does clearly better on any indicator.",
        "lv": "Neviena līdzīga pašvaldība nevienā rādītājā nav skaidri labāka.",
    },
}


def t(key: str, lang: str = "en", **values: Any) -> str:
    """The message ``key`` in ``lang`` (English when the language lacks it), filled in."""
    entry = MESSAGES[key]
    template = entry.get(lang) or entry["en"]
    return template.format(**values) if values else template
