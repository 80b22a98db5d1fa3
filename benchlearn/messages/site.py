"""Labels and sentences of the static web report: the network's, each member's and each
indicator's pages."""

MESSAGES: dict[str, dict[str, str]] = {
    "site_skip": {"en": "Skip to content", "lv": "Pāriet uz saturu"},
    "site_download": {"en": "This page's figures:", "lv": "Šīs lapas skaitļi:"},
    "site_download_csv": {"en": "CSV (opens in Excel)", "lv": "CSV (atveras programmā Excel)"},
    "site_download_xlsx": {"en": "Excel workbook (XLSX)", "lv": "Excel darbgrāmata (XLSX)"},
    "site_pick_member": {"en": "Open a member's page", "lv": "Atvērt pašvaldības lapu"},
    "site_nav": {"en": "The network's pages", "lv": "Tīkla lapas"},
    "site_language": {"en": "Language", "lv": "Valoda"},
    "site_overview": {"en": "Overview", "lv": "Pārskats"},
    "site_indicators": {"en": "Indicators", "lv": "Rādītāji"},
    "site_overview_read": {
        "en": "Each cell holds the value and, in small type, the rank among the peers; its colour is the quarter or, for indicators with counts, the comparison with the peers' pooled value. Members are in the order of the composite score.",
        "lv": "Katrā šūnā ir vērtība un sīkākā drukā vieta salīdzināmo vidū; krāsa rāda ceturtdaļu vai — rādītājiem ar skaitiem — salīdzinājumu ar salīdzināmo kopējo vērtību. Dalībnieki sakārtoti pēc kopējā vērtējuma.",
    },
    "site_overview_caption": {
        "en": "Every member on every indicator, {year}",
        "lv": "Visi dalībnieki visos rādītājos, {year}. gads",
    },
    "site_index": {"en": "Composite index", "lv": "Kopējais indekss"},
    "site_index_read": {
        "en": "The composite score sums the members' standing on the indicators where a direction is better. The line is the range of ranks a member takes when the weights and the normalisation vary: overlapping lines are ranks the data cannot tell apart.",
        "lv": "Kopējais vērtējums apkopo dalībnieku stāvokli rādītājos, kuros viens virziens ir labāks. Līnija rāda vietu diapazonu, ko dalībnieks ieņem, mainot svarus un normalizāciju: ja līnijas pārklājas, dati šīs vietas neatšķir.",
    },
    "site_alt_index": {
        "en": "The composite index: each member's rank as a dot and its rank interval as a line, best first. The numbers are in the table below the chart.",
        "lv": "Kopējais indekss: katra dalībnieka vieta kā punkts un vietas intervāls kā līnija, sākot ar labāko. Skaitļi ir tabulā zem diagrammas.",
    },
    "site_how_to_read": {"en": "How to read these pages", "lv": "Kā lasīt šīs lapas"},
    "site_numbers": {"en": "The chart's numbers as a table", "lv": "Diagrammas skaitļi tabulā"},
    "site_member_lead": {
        "en": "Its position among its peers in {network}, {year}.",
        "lv": "Stāvoklis salīdzināmo vidū tīklā „{network}”, {year}. gads.",
    },
    "site_position": {"en": "Where it stands", "lv": "Pašvaldības stāvoklis"},
    "site_position_caption": {"en": "{name}, {year}", "lv": "{name}, {year}. gads"},
    "site_spine": {
        "en": "Every indicator against the peers",
        "lv": "Visi rādītāji salīdzinājumā ar citiem",
    },
    "site_spine_read": {
        "en": "Each row is one indicator on its own scale: the grey bar is the peers' range, the darker part their middle half, the black line their median, the marker this municipality. The better end is always on the right.",
        "lv": "Katra rinda ir viens rādītājs savā skalā: pelēkā josla ir salīdzināmo diapazons, tumšākā daļa — to vidējā puse, melnā līnija — mediāna, marķieris — šī pašvaldība. Labākais gals vienmēr ir labajā pusē.",
    },
    "site_alt_spine": {
        "en": "Spine chart of {name} on every indicator against the peers' range, middle half and median. The numbers are in the table below the chart.",
        "lv": "Pašvaldības {name} visi rādītāji salīdzinājumā ar salīdzināmo diapazonu, vidējo pusi un mediānu. Skaitļi ir tabulā zem diagrammas.",
    },
    "site_alt_trends": {
        "en": "{name}'s value on each indicator over the years, against the members' median and middle half. The numbers are in the table below the chart.",
        "lv": "Pašvaldības {name} vērtības katrā rādītājā pa gadiem salīdzinājumā ar dalībnieku mediānu un vidējo pusi. Skaitļi ir tabulā zem diagrammas.",
    },
    "site_trend_table": {
        "en": "{name}'s value each year, the members' median in brackets",
        "lv": "Pašvaldības {name} vērtība katrā gadā, iekavās dalībnieku mediāna",
    },
    "site_partner_value": {"en": "Partner's value", "lv": "Partnera vērtība"},
    "site_own_value": {"en": "Your value", "lv": "Jūsu vērtība"},
    "site_quality": {"en": "Notes on the data", "lv": "Piezīmes par datiem"},
    "site_quality_none": {
        "en": "Every indicator has a value for {year}.",
        "lv": "Visiem rādītājiem ir vērtība par {year}. gadu.",
    },
    "site_quality_missing": {"en": "{indicator}: no value.", "lv": "{indicator}: nav vērtības."},
    "site_quality_confidential": {
        "en": "{indicator}: confidential, not shown.",
        "lv": "{indicator}: konfidenciāla vērtība, netiek rādīta.",
    },
    "site_quality_status": {
        "en": "{indicator}: marked {status}.",
        "lv": "{indicator}: atzīme {status}.",
    },
    "site_formula": {"en": "Formula", "lv": "Formula"},
    "site_ranking": {"en": "Ranking, {year}", "lv": "Vietas, {year}. gads"},
    "site_answers": {"en": "Answers, {year}", "lv": "Atbildes, {year}. gads"},
    "site_interval": {"en": "95% interval", "lv": "95 % intervāls"},
    "site_chart_ranking": {
        "en": "Every member, best first",
        "lv": "Visi dalībnieki, sākot ar labāko",
    },
    "site_chart_funnel": {"en": "Funnel plot", "lv": "Piltuves diagramma"},
    "site_chart_distribution": {"en": "Distribution", "lv": "Sadalījums"},
    "site_chart_counts": {"en": "Answers", "lv": "Atbildes"},
    "site_chart_trend": {"en": "Trend", "lv": "Dinamika"},
    "site_alt_ranking": {
        "en": "{indicator}, {year}: a bar for each member, best first, with the peers' median as a dashed line. The numbers are in the ranking table below.",
        "lv": "{indicator}, {year}. gads: josla katram dalībniekam, sākot ar labāko, salīdzināmo mediāna — raustīta līnija. Skaitļi ir vietu tabulā zemāk.",
    },
    "site_alt_funnel": {
        "en": "Funnel plot of {indicator}: each member's value by its denominator, with the pooled value and the control limits. The numbers are in the table below the chart.",
        "lv": "Rādītāja „{indicator}” piltuves diagramma: katra dalībnieka vērtība pret saucēju ar kopējo vērtību un kontroles robežām. Skaitļi ir tabulā zem diagrammas.",
    },
    "site_funnel_place": {"en": "Against the limits", "lv": "Attiecībā pret robežām"},
    "site_distribution": {"en": "How the values are spread", "lv": "Vērtību sadalījums"},
    "site_alt_distribution": {
        "en": "Histogram of {indicator}: how many members have values in each range, with the median as a dashed line. The values are in the ranking table below.",
        "lv": "Rādītāja „{indicator}” histogramma: cik dalībnieku vērtības ir katrā intervālā, mediāna — raustīta līnija. Vērtības ir vietu tabulā zemāk.",
    },
    "site_wrote": {
        "en": "Wrote the site for {network} {year} into {path}: {pages} ({languages}), {size}. Open {index}",
        "lv": "Tīkla {network} {year}. gada vietne ierakstīta mapē {path}: {pages} ({languages}), {size}. Atveriet {index}",
    },
}
