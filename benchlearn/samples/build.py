"""Rebuild the built-in samples and registries from the real public data in ``shared/data``.

Run: ``python -m benchlearn.samples.build [--shared PATH]``. The output is
deterministic (sorted rows, fixed number formatting), so a rebuild that changes
nothing changes no byte, and a test can check that the shipped files are what
this script makes from the sources.
"""

from __future__ import annotations

import argparse
import csv
import re
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

SAMPLES = Path(__file__).resolve().parent
REGISTRIES = SAMPLES.parent / "registries"
DEFAULT_SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def number(value: float) -> str:
    """Shortest text that reads back as the same float (integers without .0)."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def write_csv(path: Path, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write rows (already sorted) with '\\n' endings; return how many."""
    count = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def write_yaml(path: Path, data: dict[str, Any], comment: str) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(f"# {comment}\n" + text, encoding="utf-8")


def observations_rows(frame: pd.DataFrame) -> list[list[str]]:
    """Long rows sorted by indicator, year, municipality; NaN becomes status '-'."""
    frame = frame.sort_values(["indicator", "year", "municipality"], kind="stable")
    rows = []
    for m, i, y, v in frame[["municipality", "indicator", "year", "value"]].itertuples(index=False):
        if pd.isna(v):
            rows.append([m, i, str(int(y)), "", "-"])
        else:
            rows.append([m, i, str(int(y)), number(float(v)), ""])
    return rows


def text(en: str, lv: str) -> dict[str, str]:
    return {"en": en, "lv": lv}


def indicator(
    code: str,
    en: str,
    lv: str,
    unit: str,
    direction: str,
    decimals: int,
    description_en: str,
    description_lv: str,
    source: str,
    **extra: Any,
) -> dict[str, Any]:
    item: dict[str, Any] = {
        "code": code,
        "name": text(en, lv),
        "unit": unit,
        "direction": direction,
        "decimals": decimals,
        "description": text(description_en, description_lv),
        "source": source,
    }
    item.update(extra)
    return item


def source_text(original: Path, derived: str) -> str:
    return (
        original.read_text(encoding="utf-8").rstrip()
        + "\n\nHow benchlearn derived this sample\n"
        + "----------------------------------\n"
        + derived.strip()
        + "\n"
    )


# --- England: adult social care (Oflog) ------------------------------------

ASC_NAMES = {
    "ASC1": ("Carer-reported quality of life", "Aprūpētāju novērtētā dzīves kvalitāte", "score (0–12)", 1,
             "Carer-reported quality of life score (ASCOF 1D), from the biennial Survey of Adult Carers in England.",
             "Aprūpētāju novērtētās dzīves kvalitātes rādītājs (ASCOF 1D) no Anglijas pieaugušo aprūpētāju aptaujas."),
    "ASC2": ("Quality of life of people who use services", "Pakalpojumu saņēmēju dzīves kvalitāte", "score", 2,
             "Social-care-related quality of life of service users (ASCOF 1A) as published by Oflog; "
             "values 0–0.49 as given (an adjusted score).",
             "Sociālās aprūpes pakalpojumu saņēmēju dzīves kvalitāte (ASCOF 1A), kā to publicē Oflog; "
             "vērtības 0–0,49, kā dotas (koriģēts rādītājs)."),
    "ASC3": ("Service users who find it easy to find information about services",
             "Pakalpojumu saņēmēji, kuriem viegli atrast informāciju par pakalpojumiem", "%", 1,
             "Share of service users who say it is easy to find information about services (ASCOF 3D part 1).",
             "Pakalpojumu saņēmēju daļa, kuri norāda, ka informāciju par pakalpojumiem atrast ir viegli (ASCOF 3D 1. daļa)."),
    "ASC4": ("Carers who find it easy to find information about support",
             "Aprūpētāji, kuriem viegli atrast informāciju par atbalstu", "%", 1,
             "Share of carers who say it is easy to find information about support (ASCOF 3D part 2), biennial.",
             "Aprūpētāju daļa, kuri norāda, ka informāciju par atbalstu atrast ir viegli (ASCOF 3D 2. daļa), ik pēc diviem gadiem."),
    "ASC5": ("Short-term services with no further or lower-level support",
             "Īstermiņa pakalpojumi bez turpmāka vai ar mazāku atbalstu", "%", 1,
             "Share of new clients whose short-term service ended with no further request for support "
             "or with support at a lower level (the 'sequel to service' measure, ASCOF 2D).",
             "Jauno klientu daļa, kuru īstermiņa pakalpojums beidzās bez turpmāka atbalsta pieprasījuma "
             "vai ar zemāka līmeņa atbalstu (ASCOF 2D)."),
    "ASC6": ("Requests for support resulting in a service", "Atbalsta pieprasījumi, kas beidzas ar pakalpojumu",
             "per 100,000 adults", 0,
             "Requests for adult social care support that resulted in a service; values 132–18,232, "
             "which reads as a rate per 100,000 adults. Oflog gives no polarity, so it is not ranked.",
             "Pieaugušo sociālās aprūpes atbalsta pieprasījumi, kas beidzās ar pakalpojumu; vērtības "
             "atbilst rādītājam uz 100 000 pieaugušajiem. Oflog nenorāda virzienu, tāpēc tas netiek ranžēts."),
    "ASC7": ("Adult social care workforce turnover rate", "Pieaugušo sociālās aprūpes darbinieku mainība", "%", 1,
             "Staff turnover rate in the local authority's adult social care workforce (Skills for Care). "
             "Oflog gives no polarity, so it is not ranked.",
             "Pašvaldības pieaugušo sociālās aprūpes darbinieku mainības rādītājs (Skills for Care). "
             "Oflog nenorāda virzienu, tāpēc tas netiek ranžēts."),
}  # fmt: skip


def build_uk(shared: Path) -> dict[str, Any]:
    folder = SAMPLES / "uk-asc"
    folder.mkdir(exist_ok=True)
    data = pd.read_csv(shared / "uk-asc" / "ASC_data.csv", dtype=str, keep_default_na=False)
    data["year"] = data["Financial year"].str[:4].astype(int)
    latest = data.sort_values("year").groupby("Local authority code").tail(1)
    municipalities = sorted(
        (r["Local authority code"], r["Local authority name"], r["Entity_Name"], r["Region"])
        for _, r in latest.iterrows()
    )
    write_csv(folder / "municipalities.csv", ["code", "name", "kind", "region"], municipalities)
    codes = {m[0] for m in municipalities}
    polarity = data.groupby("Code")["rank_order"].agg(
        lambda s: "higher" if (s.str.lower() == "desc").any() else "neutral"
    )
    indicators = []
    for code, (en, lv, unit, decimals, den, dlv) in ASC_NAMES.items():
        extra: dict[str, Any] = {}
        if unit == "%":
            extra = {"min": 0, "max": 100}
        indicators.append(
            indicator(
                code,
                en,
                lv,
                unit,
                polarity[code],
                decimals,
                den,
                dlv,
                "Office for Local Government (Oflog), adult social care; NHS England ASCOF, Skills for Care",
                **extra,
            )  # fmt: skip
        )
    write_yaml(folder / "indicators.yaml", {"indicators": indicators},
               "English councils' adult social care indicators, as published by Oflog (see SOURCE.txt)")  # fmt: skip
    values = pd.DataFrame(
        {
            "municipality": data["Local authority code"],
            "indicator": data["Code"],
            "year": data["year"],
            "value": pd.to_numeric(data["Value"], errors="coerce"),
        }
    ).drop_duplicates(["municipality", "indicator", "year"])
    rows = observations_rows(values)
    write_csv(
        folder / "observations.csv", ["municipality", "indicator", "year", "value", "status"], rows
    )
    nn = pd.read_csv(shared / "uk-asc" / "NN_long.csv", dtype=str)
    kept = nn[nn["la_code"].isin(codes) & nn["neighbour_code"].isin(codes)]
    pairs = sorted(
        {
            ("nn", a, b)
            for a, b in zip(kept["la_code"], kept["neighbour_code"], strict=True)
            if a != b
        }
    )
    write_csv(folder / "peers.csv", ["group", "municipality", "peer"], pairs)
    write_yaml(
        folder / "network.yaml",
        {
            "network": {
                "code": "ASC",
                "name": text(
                    "Adult social care (English councils)",
                    "Pieaugušo sociālā aprūpe (Anglijas pašvaldības)",
                ),
                "description": text(
                    "Oflog's adult social care indicators for English upper-tier councils. The source has no "
                    "structural variables, so similarity comes from the published nearest-neighbour lists (--peers group:nn).",
                    "Oflog pieaugušo sociālās aprūpes rādītāji Anglijas augstākā līmeņa pašvaldībām. Avotā nav "
                    "strukturālo mainīgo, tāpēc līdzība izriet no publicētajiem tuvāko kaimiņu sarakstiem (--peers group:nn).",
                ),
                "source": "Office for Local Government (Oflog), oflog-automated-text prototype",
                "indicators": list(ASC_NAMES),
                "members": "all",
            }
        },
        "The English adult social care comparison network (see SOURCE.txt)",
    )
    write_yaml(
        folder / "sample.yaml",
        {
            "name": "uk-asc",
            "title": "English councils' adult social care indicators 2015–2022 (Oflog)",
            "description": "Seven adult social care indicators for 152 English upper-tier councils, financial "
            "years 2015-16 to 2022-23 (stored under their starting year), with each council's "
            "nearest-neighbour comparison group as used by Oflog.",
            "network": "ASC",
            "year": 2021,
            "peer_groups": {
                "nn": "each council's nearest neighbours (CIPFA-style), as used by Oflog"
            },
        },
        "Sample workspace metadata",
    )
    (folder / "SOURCE.txt").write_text(
        source_text(
            shared / "uk-asc" / "SOURCE.txt",
            f"""municipalities.csv: {len(municipalities)} councils (GSS code, latest name, Entity_Name as kind, Region).
indicators.yaml: ASC1-ASC7 with the source's codes; direction 'higher' where rank_order is desc/DESC,
  'neutral' where the source gives none (ASC6, ASC7).
observations.csv: {len(rows)} rows; year = starting year of the financial year (2016-17 -> 2016);
  an empty Value is stored with status '-' (missing).
peers.csv: group 'nn' = NN_long.csv pairs whose council and neighbour are both in the data
  ({len(pairs)} pairs kept, {len(nn) - len(kept)} dropped because a council is not in ASC_data.csv).""",
        ),
        encoding="utf-8",
    )
    return {"rows": len(rows), "municipalities": len(municipalities), "pairs": len(pairs)}


# --- Norway: KOSTRA property management ------------------------------------

KOSTRA_BASE = [
    ("POP", "folkemengde", "Population", "Iedzīvotāju skaits", "inhabitants", 0),
    ("AREA_ADM_M2", "areal_eide_adm_lokaler_m2", "Floor area of owned administration buildings",
     "Pašvaldībai piederošo administratīvo ēku platība", "m²", 0),
    ("AREA_SPORTS_OWNED_M2", "areal_eide_idrettsbygg_m2", "Floor area of owned sports buildings",
     "Pašvaldībai piederošo sporta ēku platība", "m²", 0),
    ("AREA_SPORTS_M2", "samlet_areal_idrettsbygg_m2", "Total floor area of sports buildings",
     "Sporta ēku kopējā platība", "m²", 0),
    ("OPEX_PROPERTY", "brutto_drift_eiendomsforvaltning_1000kr",
     "Gross operating expenditure, municipal property management",
     "Pašvaldības īpašumu pārvaldības bruto darbības izdevumi", "NOK 1000", 0),
    ("OPEX_SPORTS", "brutto_drift_idrettsbygg_1000kr", "Gross operating expenditure, sports buildings",
     "Sporta ēku bruto darbības izdevumi", "NOK 1000", 0),
    ("OPEX_SPORTS_CORR", "korr_brutto_drift_idrettsbygg_1000kr",
     "Corrected gross operating expenditure, sports buildings",
     "Sporta ēku koriģētie bruto darbības izdevumi", "NOK 1000", 0),
    ("OPEX_SPORTS_NET", "netto_drift_idrettsbygg_1000kr", "Net operating expenditure, sports buildings",
     "Sporta ēku neto darbības izdevumi", "NOK 1000", 0),
    ("INVEST_SPORTS", "brutto_invest_idrettsbygg_1000kr", "Gross investment, sports buildings",
     "Bruto investīcijas sporta ēkās", "NOK 1000", 0),
    ("ENERGY_SPORTS", "energikost_idrettsbygg_1000kr", "Energy costs, sports buildings",
     "Sporta ēku enerģijas izmaksas", "NOK 1000", 0),
    ("MAINTENANCE_SPORTS", "vedlikehold_idrettsbygg_1000kr", "Maintenance, sports buildings",
     "Sporta ēku uzturēšanas (remonta) izdevumi", "NOK 1000", 0),
    ("CLEANING_SPORTS", "renhold_idrettsbygg_1000kr", "Cleaning, sports buildings",
     "Sporta ēku uzkopšanas izdevumi", "NOK 1000", 0),
    ("DEPRECIATION_SPORTS", "avskrivninger_idrettsbygg_1000kr", "Depreciation, sports buildings",
     "Sporta ēku nolietojums", "NOK 1000", 0),
    ("OPEX_TOTAL", "brutto_drift_i_alt_1000kr", "Gross operating expenditure, all services",
     "Bruto darbības izdevumi, visi pakalpojumi", "NOK 1000", 0),
    ("OPEX_TOTAL_CORR", "korr_brutto_drift_i_alt_1000kr", "Corrected gross operating expenditure, all services",
     "Koriģētie bruto darbības izdevumi, visi pakalpojumi", "NOK 1000", 0),
]  # fmt: skip

KOSTRA_DERIVED = [
    ("PROPERTY_OPEX_PER_INH", "Property management expenditure per inhabitant",
     "Īpašumu pārvaldības izdevumi uz iedzīvotāju", "NOK per inhabitant", "lower", 0,
     "OPEX_PROPERTY * 1000 / POP",
     "Gross operating expenditure on municipal property management per inhabitant; lower is read as more "
     "efficient, as in KS efficiency networks (read with the building stock in mind).",
     "Pašvaldības īpašumu pārvaldības bruto darbības izdevumi uz vienu iedzīvotāju; zemāki tiek vērtēti kā efektīvāki."),
    ("ADM_AREA_PER_INH", "Administration floor area per inhabitant", "Administratīvo ēku platība uz iedzīvotāju",
     "m² per inhabitant", "lower", 2, "AREA_ADM_M2 / POP",
     "Floor area of owned administration buildings per inhabitant; less area for the same population is "
     "read as more space-efficient.",
     "Pašvaldībai piederošo administratīvo ēku platība uz vienu iedzīvotāju; mazāka platība tiek vērtēta kā efektīvāka."),
    ("SPORTS_AREA_PER_1000", "Sports building area per 1,000 inhabitants", "Sporta ēku platība uz 1000 iedzīvotājiem",
     "m² per 1,000 inhabitants", "higher", 0, "AREA_SPORTS_M2 / POP * 1000",
     "Total floor area of sports buildings per 1,000 inhabitants: a measure of provision, higher is more.",
     "Sporta ēku kopējā platība uz 1000 iedzīvotājiem: nodrošinājuma rādītājs, augstāks nozīmē vairāk."),
    ("SPORTS_OPEX_PER_M2", "Operating expenditure per m² of sports buildings", "Sporta ēku darbības izdevumi uz m²",
     "NOK per m²", "lower", 0, "OPEX_SPORTS_CORR * 1000 / AREA_SPORTS_M2",
     "Corrected gross operating expenditure of sports buildings per m² of floor area; lower is cheaper to run.",
     "Sporta ēku koriģētie bruto darbības izdevumi uz platības m²; zemāki nozīmē lētāku uzturēšanu."),
    ("SPORTS_ENERGY_PER_M2", "Energy cost per m² of sports buildings", "Sporta ēku enerģijas izmaksas uz m²",
     "NOK per m²", "lower", 0, "ENERGY_SPORTS * 1000 / AREA_SPORTS_M2",
     "Energy costs of sports buildings per m² of floor area; lower is better.",
     "Sporta ēku enerģijas izmaksas uz platības m²; zemākas ir labāk."),
    ("SPORTS_MAINTENANCE_PER_M2", "Maintenance per m² of sports buildings", "Sporta ēku uzturēšana uz m²",
     "NOK per m²", "higher", 0, "MAINTENANCE_SPORTS * 1000 / AREA_SPORTS_M2",
     "Maintenance spending on sports buildings per m²; higher is read as better because too little "
     "maintenance lets buildings decay (the KS and KOSTRA reading of maintenance figures).",
     "Sporta ēku uzturēšanas izdevumi uz m²; augstāki tiek vērtēti labāk, jo nepietiekama uzturēšana noved pie ēku nolietošanās."),
    ("SPORTS_CLEANING_PER_M2", "Cleaning cost per m² of sports buildings", "Sporta ēku uzkopšanas izmaksas uz m²",
     "NOK per m²", "neutral", 0, "CLEANING_SPORTS * 1000 / AREA_SPORTS_M2",
     "Cleaning costs of sports buildings per m²; neutral because low cost and good hygiene pull in opposite ways.",
     "Sporta ēku uzkopšanas izmaksas uz m²; neitrāls rādītājs, jo zemas izmaksas un laba higiēna ir pretrunā."),
    ("OPEX_TOTAL_PER_INH", "Total operating expenditure per inhabitant", "Kopējie darbības izdevumi uz iedzīvotāju",
     "NOK per inhabitant", "neutral", 0, "OPEX_TOTAL_CORR * 1000 / POP",
     "Corrected gross operating expenditure of all services per inhabitant: the municipality's economic "
     "scale, a context variable like the income measure behind KOSTRA groups.",
     "Visu pakalpojumu koriģētie bruto darbības izdevumi uz iedzīvotāju: pašvaldības ekonomiskais apjoms, konteksta mainīgais."),
]  # fmt: skip


def build_no(shared: Path) -> dict[str, Any]:
    folder = SAMPLES / "no-kostra"
    folder.mkdir(exist_ok=True)
    data = pd.read_csv(
        shared / "no-kostra" / "kostra_ratedata_kommuner.csv", dtype=str, keep_default_na=False
    )
    label = data["region_label"].str.extract(r"^(\d{4}) (.+)$")
    data["code"] = data["kommunenr"].where(data["kommunenr"] != "", label[0])
    data["name"] = data["kommunenavn"].where(data["kommunenavn"] != "", label[1])
    municipalities = sorted(
        (r.code, r.name, "kommune", r.kostragruppe_ny if r.kostragruppe_ny != "NA" else "",
         r.kostragruppe_gammel if r.kostragruppe_gammel != "NA" else "")
        for r in data.itertuples(index=False)
    )  # fmt: skip
    write_csv(
        folder / "municipalities.csv",
        ["code", "name", "kind", "kostra_group", "kostra_group_old"],
        municipalities,
    )
    source = "Statistics Norway (SSB), KOSTRA table 4.1 via the ssb-kostra R package (rateData)"
    # Net figures can be negative (income above costs); the others cannot.
    indicators = [
        indicator(
            code,
            en,
            lv,
            unit,
            "neutral",
            decimals,
            f"{en} (KOSTRA, municipality including municipal companies, c. 2015).",
            f"{lv} (KOSTRA, pašvaldība kopā ar pašvaldības uzņēmumiem, ap 2015. g.).",
            source,
            aggregation="sum",
            **({} if code.endswith("_NET") else {"min": 0}),
        )  # fmt: skip
        for code, _, en, lv, unit, decimals in KOSTRA_BASE
    ]
    for code, en, lv, unit, direction, decimals, formula, den, dlv in KOSTRA_DERIVED:
        indicators.append(
            indicator(
                code,
                en,
                lv,
                unit,
                direction,
                decimals,
                den,
                dlv,
                source,
                formula=formula,
                aggregation="formula",
            )  # fmt: skip
        )
    write_yaml(folder / "indicators.yaml", {"indicators": indicators},
               "Norwegian KOSTRA property-management figures and derived key figures (see SOURCE.txt)")  # fmt: skip
    long = []
    for code, column, *_ in KOSTRA_BASE:
        values = pd.to_numeric(data[column].replace({"NA": ""}), errors="coerce")
        for municipality, value in zip(data["code"], values, strict=True):
            if not pd.isna(value):
                long.append((municipality, code, 2015, float(value)))
    frame = pd.DataFrame(long, columns=["municipality", "indicator", "year", "value"])
    rows = observations_rows(frame)
    write_csv(
        folder / "observations.csv", ["municipality", "indicator", "year", "value", "status"], rows
    )
    write_yaml(
        folder / "network.yaml",
        {
            "network": {
                "code": "KOSTRA",
                "name": text(
                    "Municipal property management (KOSTRA)",
                    "Pašvaldību īpašumu pārvaldība (KOSTRA)",
                ),
                "description": text(
                    "Key figures on municipal property management and sports buildings, compared in the "
                    "manner of KS efficiency networks; similarity on population and expenditure level, "
                    "the two dimensions behind the official KOSTRA groups.",
                    "Pašvaldību īpašumu pārvaldības un sporta ēku rādītāji, salīdzināti kā KS efektivitātes "
                    "tīklos; līdzība pēc iedzīvotāju skaita un izdevumu līmeņa, kas ir KOSTRA grupu pamatā.",
                ),
                "source": source,
                "indicators": [
                    c[0]
                    for c in KOSTRA_DERIVED
                    if c[4] != "neutral" or c[0] == "SPORTS_CLEANING_PER_M2"
                ],
                "members": "all",
                "structural": [
                    {"code": "POP", "log": True, "weight": 1.0},
                    {"code": "OPEX_TOTAL_PER_INH", "log": True, "weight": 1.0},
                ],
                "population": "POP",
            }
        },
        "The KOSTRA property-management comparison network (see SOURCE.txt)",
    )
    write_yaml(
        folder / "sample.yaml",
        {
            "name": "no-kostra",
            "title": "Norwegian KOSTRA figures on municipal property management, c. 2015",
            "description": "Property-management and sports-building figures for Norway's 428 municipalities "
            "(pre-2017 structure) and Longyearbyen, one year (c. 2015), with the official KOSTRA groups in "
            "two vintages as attributes (kostra_group, kostra_group_old).",
            "network": "KOSTRA",
            "year": 2015,
            "peer_groups": {},
        },
        "Sample workspace metadata",
    )
    (folder / "SOURCE.txt").write_text(
        source_text(
            shared / "no-kostra" / "SOURCE.txt",
            f"""municipalities.csv: {len(municipalities)} units (4-digit kommunenr kept as text; Longyearbyen's code and
  name taken from region_label), attributes kostra_group (kostragruppe_ny) and kostra_group_old.
indicators.yaml: the 15 base columns under English codes (neutral, aggregation sum) and
  {len(KOSTRA_DERIVED)} derived key figures computed by benchlearn from their formulas.
observations.csv: {len(rows)} rows, year 2015 (the source says c. 2015); NA values are left out.
The LICENSE_ssb-kostra.md of the source applies (MIT, Statistics Norway).""",
        ),
        encoding="utf-8",
    )
    return {"rows": len(rows), "municipalities": len(municipalities)}


# --- Sweden: SCB panel, home care, SKR groups, Kolada similar municipalities -

SE_PANEL = [
    ("POP", "pop", 1, "Population", "Iedzīvotāju skaits", "inhabitants", "neutral", 0,
     "Population on 31 December of the previous year (SCB).",
     "Iedzīvotāju skaits iepriekšējā gada 31. decembrī (SCB)."),
    ("SHARE_0_19", "share0_19", 100, "Share of population aged 0–19", "Iedzīvotāju daļa vecumā 0–19", "%",
     "neutral", 1, "Share of the population aged 0-19 on 31 December of the previous year (SCB; 0-1 shares x 100).",
     "Iedzīvotāju daļa vecumā 0–19 iepriekšējā gada 31. decembrī (SCB)."),
    ("SHARE_75_PLUS", "share75_", 100, "Share of population aged 75+", "Iedzīvotāju daļa vecumā 75+", "%",
     "neutral", 1, "Share of the population aged 75 or over on 31 December of the previous year (SCB; x 100).",
     "Iedzīvotāju daļa vecumā 75+ iepriekšējā gada 31. decembrī (SCB)."),
    ("SHARE_TERTIARY", "share_tertiary_school", 100, "Share of adults with tertiary education",
     "Pieaugušo daļa ar augstāko izglītību", "%", "higher", 1,
     "Share of the population aged 16-74 with tertiary education as highest level (SCB; x 100).",
     "Iedzīvotāju vecumā 16–74 daļa ar augstāko izglītību kā augstāko līmeni (SCB)."),
    ("TAX_RATE", "tax_rate", 1, "Municipal tax rate", "Pašvaldības nodokļa likme", "%", "lower", 2,
     "Municipal income tax rate for the year (SCB); lower is better for residents.",
     "Pašvaldības ienākuma nodokļa likme (SCB); zemāka ir labvēlīgāka iedzīvotājiem."),
    ("TAX_BASE_PER_INH", "tax_base", 1, "Tax base per inhabitant", "Nodokļu bāze uz iedzīvotāju",
     "SEK per inhabitant", "neutral", 0, "Taxable income per inhabitant, incomes of the previous year (SCB).",
     "Apliekamie ienākumi uz iedzīvotāju, iepriekšējā gada ienākumi (SCB)."),
    ("EXPENDITURE_PER_INH", "expenditures", 1, "Municipal expenditure per inhabitant",
     "Pašvaldības izdevumi uz iedzīvotāju", "SEK per inhabitant", "neutral", 0,
     "Municipal expenditure per inhabitant (SCB), given per inhabitant by the source.",
     "Pašvaldības izdevumi uz iedzīvotāju (SCB), avotā doti uz iedzīvotāju."),
]  # fmt: skip
SE_HOMECARE = [
    ("HOMECARE_RECIPIENTS_PCT", "care_recievers", "Older people with home care", "Vecāka gadagājuma cilvēki ar aprūpi mājās",
     "%", "neutral", 1, "Share of older residents receiving home care (Kolada); neutral: need and policy both drive it.",
     "Vecāka gadagājuma iedzīvotāju daļa, kas saņem aprūpi mājās (Kolada); neitrāls rādītājs."),
    ("HOMECARE_COST_PER_RECIPIENT", "cost", "Home-care cost per recipient", "Aprūpes mājās izmaksas uz saņēmēju",
     "SEK per recipient", "lower", 0, "Cost of home care per recipient (Kolada); lower is more efficient.",
     "Aprūpes mājās izmaksas uz vienu saņēmēju (Kolada); zemākas ir efektīvākas."),
    ("HOMECARE_HOURS_PER_RECIPIENT", "hours", "Home-care hours per recipient", "Aprūpes mājās stundas uz saņēmēju",
     "hours per month", "neutral", 0, "Granted home-care hours per recipient and month (Kolada).",
     "Piešķirtās aprūpes mājās stundas uz saņēmēju mēnesī (Kolada)."),
    ("HOMECARE_PUBLIC_PCT", "public_providers", "Home care in public management", "Aprūpe mājās publiskā pārvaldībā",
     "%", "neutral", 1, "Share of home care run by the municipality itself (Kolada).",
     "Aprūpes mājās daļa, ko nodrošina pati pašvaldība (Kolada)."),
    ("SHARE_65_PLUS", "old", "Share of population aged 65+", "Iedzīvotāju daļa vecumā 65+", "%", "neutral", 1,
     "Share of the population aged 65 or over (home-care panel).", "Iedzīvotāju daļa vecumā 65+."),
    ("DENSITY", "density", "Population density", "Iedzīvotāju blīvums", "inhabitants per km²", "neutral", 1,
     "Inhabitants per km² (home-care panel).", "Iedzīvotāji uz km²."),
]  # fmt: skip


def slug(text_value: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text_value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")


def build_se(shared: Path) -> dict[str, Any]:
    folder = SAMPLES / "se-municipalities"
    folder.mkdir(exist_ok=True)
    base = shared / "se-municipalities"
    groups = pd.read_csv(
        base / "se_municipality_official_groups.csv", dtype=str, keep_default_na=False
    )
    municipalities = sorted(
        (r.kommunkod, r.kommun, "kommun", r.lan, r.skr2017_code, r.skr_kommungrupp_kolada_code)
        for r in groups.itertuples(index=False)
    )
    write_csv(
        folder / "municipalities.csv",
        ["code", "name", "kind", "county", "skr_group", "skr_group_2023"],
        municipalities,
    )
    by_name = dict(zip(groups["kommun"], groups["kommunkod"], strict=True))
    panel = pd.read_csv(base / "scb_municip_panel_2002_2022.csv")
    panel["code"] = panel["municip_code"].astype(int).map(lambda c: f"{c:04d}")
    long = []
    for code, column, factor, *_ in SE_PANEL:
        for municipality, year, value in zip(
            panel["code"], panel["year"], panel[column], strict=True
        ):
            if not pd.isna(value):
                long.append((municipality, code, int(year), round(float(value) * factor, 10)))
    care = pd.read_csv(base / "kolada_hemtjanst_panel_2014_2017.csv")
    care["code"] = care["municipality"].map(by_name)
    unmatched = sorted(care.loc[care["code"].isna(), "municipality"].unique())
    care = care[care["code"].notna()]
    for code, column, *_ in SE_HOMECARE:
        for municipality, year, value in zip(care["code"], care["year"], care[column], strict=True):
            if not pd.isna(value):
                long.append((municipality, code, int(year), float(value)))
    frame = pd.DataFrame(long, columns=["municipality", "indicator", "year", "value"])
    frame = frame.drop_duplicates(["municipality", "indicator", "year"])
    rows = observations_rows(frame)
    write_csv(
        folder / "observations.csv", ["municipality", "indicator", "year", "value", "status"], rows
    )
    source = "SCB / SKR municipal panel (mattiasnordin/Regression) and Kolada home-care panel"
    indicators = [
        indicator(
            code,
            en,
            lv,
            unit,
            direction,
            decimals,
            den,
            dlv,
            source,
            min=0,
            **({"max": 100} if unit == "%" else {}),
        )  # fmt: skip
        for code, _, _, en, lv, unit, direction, decimals, den, dlv in SE_PANEL
    ]
    indicators += [
        indicator(
            code,
            en,
            lv,
            unit,
            direction,
            decimals,
            den,
            dlv,
            source,
            min=0,
            **({"max": 100} if unit == "%" else {}),
        )  # fmt: skip
        for code, _, en, lv, unit, direction, decimals, den, dlv in SE_HOMECARE
    ]
    indicators.append(
        indicator(
            "EXPENDITURE_TO_TAX_BASE",
            "Expenditure as a share of the tax base",
            "Izdevumi kā daļa no nodokļu bāzes",
            "%",
            "neutral",
            1,
            "Municipal expenditure per inhabitant as a percentage of the tax base per inhabitant.",
            "Pašvaldības izdevumi uz iedzīvotāju procentos no nodokļu bāzes uz iedzīvotāju.",
            source,
            formula="EXPENDITURE_PER_INH / TAX_BASE_PER_INH * 100",
        )  # fmt: skip
    )
    write_yaml(folder / "indicators.yaml", {"indicators": indicators},
               "Swedish municipal panel and home-care indicators (see SOURCE.txt)")  # fmt: skip
    write_yaml(
        folder / "network.yaml",
        {
            "network": {
                "code": "SE",
                "name": text("Swedish municipalities: home care and finances", "Zviedrijas pašvaldības: aprūpe mājās un finanses"),
                "description": text(
                    "Home-care cost and volume with fiscal context for Sweden's 290 municipalities; official "
                    "SKR groups and Kolada's similar municipalities are loaded as attributes and peer groups.",
                    "Aprūpes mājās izmaksas un apjoms ar fiskālo kontekstu Zviedrijas 290 pašvaldībām; SKR grupas "
                    "un Kolada līdzīgās pašvaldības ielādētas kā atribūti un salīdzināmo grupas.",
                ),
                "source": source,
                "indicators": ["HOMECARE_COST_PER_RECIPIENT", "HOMECARE_HOURS_PER_RECIPIENT", "HOMECARE_RECIPIENTS_PCT",
                               "HOMECARE_PUBLIC_PCT", "TAX_RATE", "SHARE_TERTIARY", "EXPENDITURE_TO_TAX_BASE"],
                "members": "all",
                "structural": [
                    {"code": "POP", "log": True, "weight": 1.0},
                    {"code": "DENSITY", "log": True, "weight": 1.0},
                    "SHARE_75_PLUS",
                    "SHARE_0_19",
                    "TAX_BASE_PER_INH",
                ],
                "population": "POP",
            }
        },
        "The Swedish comparison network (see SOURCE.txt)",
    )  # fmt: skip
    similar = pd.read_csv(base / "kolada_similar_municipalities_long.csv", dtype=str)
    similar = similar[similar["kind"] == "kommuner"]
    latest = similar.groupby("domain")["year"].transform("max")
    similar = similar[similar["year"] == latest]
    known = {m[0] for m in municipalities}
    pairs = sorted(
        {
            (f"kolada_{slug(d)}", f, p)
            for d, f, p in zip(
                similar["domain"], similar["focal_id"], similar["peer_id"], strict=True
            )
            if f in known and p in known and f != p
        }
    )
    write_csv(folder / "peers.csv", ["group", "municipality", "peer"], pairs)
    domains = sorted({p[0] for p in pairs})
    write_yaml(
        folder / "sample.yaml",
        {
            "name": "se-municipalities",
            "title": "Swedish municipalities: SCB panel 2002–2022 and home care 2014–2017",
            "description": "Population, education, tax and expenditure for Sweden's 290 municipalities every "
            "four years 2002-2022, home-care indicators 2014-2017, the official SKR municipality groups "
            "(skr_group, skr_group_2023) and Kolada's similar municipalities per domain as peer groups.",
            "network": "SE",
            "year": 2014,
            "peer_groups": {
                d: f"Kolada's similar municipalities, domain {d.removeprefix('kolada_')}"
                for d in domains
            },
        },
        "Sample workspace metadata",
    )
    (folder / "SOURCE.txt").write_text(
        source_text(
            base / "SOURCE.txt",
            f"""municipalities.csv: the {len(municipalities)} municipalities of se_municipality_official_groups.csv
  (4-digit kommunkod), attributes county, skr_group (SKR 2017) and skr_group_2023 (as held in Kolada).
observations.csv: {len(rows)} rows. SCB panel years 2002-2022 (shares converted from 0-1 to percent;
  POP is the population on 31 December of the previous year); home-care panel 2014-2017 matched to
  codes by exact name ({len(unmatched)} names unmatched: {", ".join(unmatched) or "none"}).
  scb_population_1950_2019_long.csv is not used, so POP has one definition throughout.
indicators.yaml: EXPENDITURE_TO_TAX_BASE is derived by formula; the source gives expenditure and tax
  base per inhabitant already.
peers.csv: Kolada 'Liknande kommuner' for municipalities, the latest year of each domain, one group
  per domain ({len(domains)} groups, {len(pairs)} pairs).""",
        ),
        encoding="utf-8",
    )
    return {
        "rows": len(rows),
        "municipalities": len(municipalities),
        "pairs": len(pairs),
        "unmatched": unmatched,
    }


# --- Latvian registries ----------------------------------------------------


def build_registries(shared: Path) -> dict[str, int]:
    REGISTRIES.mkdir(exist_ok=True)
    counts = {}
    codes: list[set[str]] = []
    for name, source, start, end in (
        ("lv-2009", "lv_municipalities_2009_2021.csv", "2009", "2020"),
        ("lv-2021", "lv_municipalities_2021.csv", "2021", ""),
    ):
        rows = list(csv.DictReader((shared / "lv-municipalities" / source).open(encoding="utf-8")))
        codes.append({r["iso_code"] for r in rows})
        counts[name] = write_csv(
            REGISTRIES / f"{name}.csv",
            ["code", "name", "kind", "valid_from", "valid_to"],
            sorted((r["iso_code"], r["name"], r["kind"], start, end) for r in rows),
        )
    (REGISTRIES / "SOURCE.txt").write_text(
        source_text(
            shared / "lv-municipalities" / "SOURCE.txt",
            f"""lv-2009.csv: the 119 units of 2009-2021, valid_from 2009, valid_to 2020.
lv-2021.csv: the 43 units of the 1 July 2021 reform, valid_from 2021 (benchlearn treats 2021 as the
  first year of the new units). {len(codes[0] & codes[1])} codes appear in both lists; loading both
  widens their validity.""",
        ),
        encoding="utf-8",
    )
    return counts


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help="the shared/data folder"
    )
    args = parser.parse_args(argv)
    print("uk-asc:", build_uk(args.shared))
    print("no-kostra:", build_no(args.shared))
    print("se-municipalities:", build_se(args.shared))
    print("registries:", build_registries(args.shared))


if __name__ == "__main__":
    main()
