"""Norway: KOSTRA property-management figures with the official KOSTRA groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from benchlearn.samples.build.common import (
    indicator,
    observations_rows,
    source_text,
    text,
    write_csv,
    write_yaml,
)

# --- Norway: KOSTRA property management ------------------------------------

KOSTRA_BASE = [
    ("POP", "folkemengde", "Population", "Iedzīvotāju skaits", ("inhabitants", "iedzīvotāji"), 0),
    ("AREA_ADM_M2", "areal_eide_adm_lokaler_m2", "Floor area of owned administration buildings",
     "Pašvaldībai piederošo administratīvo ēku platība", ("m²", "m²"), 0),
    ("AREA_SPORTS_OWNED_M2", "areal_eide_idrettsbygg_m2", "Floor area of owned sports buildings",
     "Pašvaldībai piederošo sporta ēku platība", ("m²", "m²"), 0),
    ("AREA_SPORTS_M2", "samlet_areal_idrettsbygg_m2", "Total floor area of sports buildings",
     "Sporta ēku kopējā platība", ("m²", "m²"), 0),
    ("OPEX_PROPERTY", "brutto_drift_eiendomsforvaltning_1000kr",
     "Gross operating expenditure, municipal property management",
     "Pašvaldības īpašumu pārvaldības bruto darbības izdevumi", ("NOK 1000", "tūkst. NOK"), 0),
    ("OPEX_SPORTS", "brutto_drift_idrettsbygg_1000kr", "Gross operating expenditure, sports buildings",
     "Sporta ēku bruto darbības izdevumi", ("NOK 1000", "tūkst. NOK"), 0),
    ("OPEX_SPORTS_CORR", "korr_brutto_drift_idrettsbygg_1000kr",
     "Corrected gross operating expenditure, sports buildings",
     "Sporta ēku koriģētie bruto darbības izdevumi", ("NOK 1000", "tūkst. NOK"), 0),
    ("OPEX_SPORTS_NET", "netto_drift_idrettsbygg_1000kr", "Net operating expenditure, sports buildings",
     "Sporta ēku neto darbības izdevumi", ("NOK 1000", "tūkst. NOK"), 0),
    ("INVEST_SPORTS", "brutto_invest_idrettsbygg_1000kr", "Gross investment, sports buildings",
     "Bruto investīcijas sporta ēkās", ("NOK 1000", "tūkst. NOK"), 0),
    ("ENERGY_SPORTS", "energikost_idrettsbygg_1000kr", "Energy costs, sports buildings",
     "Sporta ēku enerģijas izmaksas", ("NOK 1000", "tūkst. NOK"), 0),
    ("MAINTENANCE_SPORTS", "vedlikehold_idrettsbygg_1000kr", "Maintenance, sports buildings",
     "Sporta ēku uzturēšanas (remonta) izdevumi", ("NOK 1000", "tūkst. NOK"), 0),
    ("CLEANING_SPORTS", "renhold_idrettsbygg_1000kr", "Cleaning, sports buildings",
     "Sporta ēku uzkopšanas izdevumi", ("NOK 1000", "tūkst. NOK"), 0),
    ("DEPRECIATION_SPORTS", "avskrivninger_idrettsbygg_1000kr", "Depreciation, sports buildings",
     "Sporta ēku nolietojums", ("NOK 1000", "tūkst. NOK"), 0),
    ("OPEX_TOTAL", "brutto_drift_i_alt_1000kr", "Gross operating expenditure, all services",
     "Bruto darbības izdevumi, visi pakalpojumi", ("NOK 1000", "tūkst. NOK"), 0),
    ("OPEX_TOTAL_CORR", "korr_brutto_drift_i_alt_1000kr", "Corrected gross operating expenditure, all services",
     "Koriģētie bruto darbības izdevumi, visi pakalpojumi", ("NOK 1000", "tūkst. NOK"), 0),
]  # fmt: skip

KOSTRA_DERIVED = [
    ("PROPERTY_OPEX_PER_INH", "Property management expenditure per inhabitant",
     "Īpašumu pārvaldības izdevumi uz iedzīvotāju", ("NOK per inhabitant", "NOK uz vienu iedzīvotāju"), "lower", 0,
     "OPEX_PROPERTY * 1000 / POP",
     "Gross operating expenditure on municipal property management per inhabitant; lower is read as more "
     "efficient, as in KS efficiency networks (read with the building stock in mind).",
     "Pašvaldības īpašumu pārvaldības bruto darbības izdevumi uz vienu iedzīvotāju; zemāki tiek vērtēti kā efektīvāki."),
    ("ADM_AREA_PER_INH", "Administration floor area per inhabitant", "Administratīvo ēku platība uz iedzīvotāju",
     ("m² per inhabitant", "m² uz vienu iedzīvotāju"), "lower", 2, "AREA_ADM_M2 / POP",
     "Floor area of owned administration buildings per inhabitant; less area for the same population is "
     "read as more space-efficient.",
     "Pašvaldībai piederošo administratīvo ēku platība uz vienu iedzīvotāju; mazāka platība tiek vērtēta kā efektīvāka."),
    ("SPORTS_AREA_PER_1000", "Sports building area per 1,000 inhabitants", "Sporta ēku platība uz 1000 iedzīvotājiem",
     ("m² per 1,000 inhabitants", "m² uz 1000 iedzīvotājiem"), "higher", 0, "AREA_SPORTS_M2 / POP * 1000",
     "Total floor area of sports buildings per 1,000 inhabitants: a measure of provision, higher is more.",
     "Sporta ēku kopējā platība uz 1000 iedzīvotājiem: nodrošinājuma rādītājs, augstāks nozīmē vairāk."),
    ("SPORTS_OPEX_PER_M2", "Operating expenditure per m² of sports buildings", "Sporta ēku darbības izdevumi uz m²",
     ("NOK per m²", "NOK uz m²"), "lower", 0, "OPEX_SPORTS_CORR * 1000 / AREA_SPORTS_M2",
     "Corrected gross operating expenditure of sports buildings per m² of floor area; lower is cheaper to run.",
     "Sporta ēku koriģētie bruto darbības izdevumi uz platības m²; zemāki nozīmē lētāku uzturēšanu."),
    ("SPORTS_ENERGY_PER_M2", "Energy cost per m² of sports buildings", "Sporta ēku enerģijas izmaksas uz m²",
     ("NOK per m²", "NOK uz m²"), "lower", 0, "ENERGY_SPORTS * 1000 / AREA_SPORTS_M2",
     "Energy costs of sports buildings per m² of floor area; lower is better.",
     "Sporta ēku enerģijas izmaksas uz platības m²; jo zemākas, jo labāk."),
    ("SPORTS_MAINTENANCE_PER_M2", "Maintenance per m² of sports buildings", "Sporta ēku uzturēšana uz m²",
     ("NOK per m²", "NOK uz m²"), "higher", 0, "MAINTENANCE_SPORTS * 1000 / AREA_SPORTS_M2",
     "Maintenance spending on sports buildings per m²; higher is read as better because too little "
     "maintenance lets buildings decay (the KS and KOSTRA reading of maintenance figures).",
     "Sporta ēku uzturēšanas izdevumi uz m²; augstāki tiek vērtēti labāk, jo nepietiekama uzturēšana noved pie ēku nolietošanās."),
    ("SPORTS_CLEANING_PER_M2", "Cleaning cost per m² of sports buildings", "Sporta ēku uzkopšanas izmaksas uz m²",
     ("NOK per m²", "NOK uz m²"), "neutral", 0, "CLEANING_SPORTS * 1000 / AREA_SPORTS_M2",
     "Cleaning costs of sports buildings per m²; neutral because low cost and good hygiene pull in opposite ways.",
     "Sporta ēku uzkopšanas izmaksas uz m²; neitrāls rādītājs, jo zemas izmaksas un laba higiēna ir pretrunā."),
    ("OPEX_TOTAL_PER_INH", "Total operating expenditure per inhabitant", "Kopējie darbības izdevumi uz iedzīvotāju",
     ("NOK per inhabitant", "NOK uz vienu iedzīvotāju"), "neutral", 0, "OPEX_TOTAL_CORR * 1000 / POP",
     "Corrected gross operating expenditure of all services per inhabitant: the municipality's economic "
     "scale, a context variable like the income measure behind KOSTRA groups.",
     "Visu pakalpojumu koriģētie bruto darbības izdevumi uz iedzīvotāju: pašvaldības ekonomiskais apjoms, konteksta mainīgais."),
]  # fmt: skip


#: The network's efficiency models: what municipal property management costs for the
#: inhabitants it serves (one input, one output: a frontier one can draw), and for them
#: and the floor area of administration and sports buildings it keeps. The sports
#: buildings' own costs are no input: a fifth of the municipalities report 0 for them
#: (run by companies or other services), which DEA would read as a free frontier.
#: Spending per inhabitant, the income measure behind the KOSTRA groups, is the context.
KOSTRA_MODELS = {
    "PROPERTY_POP": {
        "name": text(
            "Property management: expenditure for the inhabitants served",
            "Īpašumu pārvaldība: izdevumi pret apkalpoto iedzīvotāju skaitu",
        ),
        "inputs": ["OPEX_PROPERTY"],
        "outputs": ["POP"],
        "orientation": "input",
        "returns": "vrs",
        "context": ["OPEX_TOTAL_PER_INH"],
    },
    "PROPERTY_AREA": {
        "name": text(
            "Property management: expenditure for inhabitants and floor area",
            "Īpašumu pārvaldība: izdevumi pret iedzīvotājiem un ēku platību",
        ),
        "inputs": ["OPEX_PROPERTY"],
        "outputs": ["POP", "AREA_ADM_M2", "AREA_SPORTS_OWNED_M2"],
        "orientation": "input",
        "returns": "vrs",
        "context": ["OPEX_TOTAL_PER_INH"],
    },
}


def build_no(shared: Path, samples: Path) -> dict[str, Any]:
    folder = samples / "no-kostra"
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
            formula=formula,
            aggregation="formula",
        )  # fmt: skip
        for code, en, lv, unit, direction, decimals, formula, den, dlv in KOSTRA_DERIVED
    ]
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
                "efficiency": KOSTRA_MODELS,
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
