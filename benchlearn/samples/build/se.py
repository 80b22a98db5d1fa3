"""Sweden: the SCB panel, home care, SKR groups and Kolada's similar municipalities."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pandas as pd

from benchlearn.samples.build.common import (
    Unit,
    indicator,
    observations_rows,
    slug,
    source_text,
    text,
    write_csv,
    write_yaml,
)

# --- Sweden: SCB panel, home care, SKR groups, Kolada similar municipalities -

#: (code, column, factor or "count", English and Latvian names, unit, direction, decimals, descriptions)
SE_PANEL: list[tuple[str, str, int | str, str, str, Unit, str, int, str, str]] = [
    ("POP", "pop", 1, "Population", "Iedzīvotāju skaits", ("inhabitants", "iedzīvotāji"), "neutral", 0,
     "Population on 31 December of the previous year (SCB).",
     "Iedzīvotāju skaits iepriekšējā gada 31. decembrī (SCB)."),
    # The panel's age shares times its population are whole numbers: the counts they were made from.
    ("POP_0_19", "share0_19", "count", "Population aged 0–19", "Iedzīvotāji vecumā 0–19", ("inhabitants", "iedzīvotāji"),
     "neutral", 0, "Residents aged 0-19 on 31 December of the previous year (SCB: the panel's share times its "
     "population, whole numbers).", "Iedzīvotāji vecumā 0–19 iepriekšējā gada 31. decembrī (SCB)."),
    ("POP_75_PLUS", "share75_", "count", "Population aged 75+", "Iedzīvotāji vecumā 75+", ("inhabitants", "iedzīvotāji"),
     "neutral", 0, "Residents aged 75 or over on 31 December of the previous year (SCB: the panel's share times "
     "its population, whole numbers).", "Iedzīvotāji vecumā 75+ iepriekšējā gada 31. decembrī (SCB)."),
    ("SHARE_TERTIARY", "share_tertiary_school", 100, "Share of adults with tertiary education",
     "Pieaugušo daļa ar augstāko izglītību", "%", "higher", 1,
     "Share of the population aged 16-74 with tertiary education as highest level (SCB; x 100).",
     "Iedzīvotāju daļa vecumā 16–74 gadi, kuru augstākais iegūtais izglītības līmenis ir augstākā izglītība (SCB)."),
    ("TAX_RATE", "tax_rate", 1, "Municipal tax rate", "Pašvaldības nodokļa likme", "%", "neutral", 2,
     "Municipal income tax rate for the year (SCB); context: a council's choice, not a performance.",
     "Pašvaldības ienākuma nodokļa likme (SCB); konteksts: pašvaldības izvēle, nevis sniegums."),
    ("TAX_BASE_PER_INH", "tax_base", 1, "Tax base per inhabitant", "Nodokļu bāze uz iedzīvotāju",
     ("SEK per inhabitant", "SEK uz vienu iedzīvotāju"), "neutral", 0, "Taxable income per inhabitant, incomes of the previous year (SCB).",
     "Apliekamie ienākumi uz iedzīvotāju, iepriekšējā gada ienākumi (SCB)."),
    ("EXPENDITURE_PER_INH", "expenditures", 1, "Municipal expenditure per inhabitant",
     "Pašvaldības izdevumi uz iedzīvotāju", ("SEK per inhabitant", "SEK uz vienu iedzīvotāju"), "neutral", 0,
     "Municipal expenditure per inhabitant (SCB), given per inhabitant by the source.",
     "Pašvaldības izdevumi uz iedzīvotāju (SCB), avotā doti uz iedzīvotāju."),
]  # fmt: skip
#: (code, column, English and Latvian names, unit, direction, decimals, descriptions)
SE_HOMECARE: list[tuple[str, str, str, str, Unit, str, int, str, str]] = [
    ("HOMECARE_RECIPIENTS_PCT", "care_recievers", "Older people with home care", "Vecāka gadagājuma cilvēki ar aprūpi mājās",
     "%", "neutral", 1, "Share of older residents receiving home care (Kolada); neutral: need and policy both drive it.",
     "Vecāka gadagājuma iedzīvotāju daļa, kas saņem aprūpi mājās (Kolada); neitrāls rādītājs."),
    ("HOMECARE_COST_PER_RECIPIENT", "cost", "Home-care cost per recipient", "Aprūpes mājās izmaksas uz saņēmēju",
     ("SEK per recipient", "SEK uz vienu saņēmēju"), "lower", 0, "Cost of home care per recipient (Kolada); lower is more efficient.",
     "Aprūpes mājās izmaksas uz vienu saņēmēju (Kolada); zemākas ir efektīvākas."),
    ("HOMECARE_HOURS_PER_RECIPIENT", "hours", "Home-care hours per recipient", "Aprūpes mājās stundas uz saņēmēju",
     ("hours per month", "stundas mēnesī"), "neutral", 0, "Granted home-care hours per recipient and month (Kolada).",
     "Piešķirtās aprūpes mājās stundas uz saņēmēju mēnesī (Kolada)."),
    ("HOMECARE_PUBLIC_PCT", "public_providers", "Home care in public management", "Aprūpe mājās publiskā pārvaldībā",
     "%", "neutral", 1, "Share of home care run by the municipality itself (Kolada).",
     "Aprūpes mājās daļa, ko nodrošina pati pašvaldība (Kolada)."),
    ("SHARE_65_PLUS", "old", "Share of population aged 65+", "Iedzīvotāju daļa vecumā 65+", "%", "neutral", 1,
     "Share of the population aged 65 or over (home-care panel).", "Iedzīvotāju daļa vecumā 65+."),
    ("DENSITY", "density", "Population density", "Iedzīvotāju blīvums", ("inhabitants per km²", "iedzīvotāji uz km²"), "neutral", 1,
     "Inhabitants per km² (home-care panel).", "Iedzīvotāji uz km²."),
]  # fmt: skip
# Shares computed from their counts (statistic: proportion), so their uncertainty is known.
SE_SHARES = [
    ("SHARE_0_19", "POP_0_19", "Share of population aged 0–19", "Iedzīvotāju daļa vecumā 0–19",
     "Share of the population aged 0-19 on 31 December of the previous year (SCB), from the count and the population.",
     "Iedzīvotāju daļa vecumā 0–19 iepriekšējā gada 31. decembrī (SCB), no skaita un iedzīvotāju skaita."),
    ("SHARE_75_PLUS", "POP_75_PLUS", "Share of population aged 75+", "Iedzīvotāju daļa vecumā 75+",
     "Share of the population aged 75 or over on 31 December of the previous year (SCB), from the count and the population.",
     "Iedzīvotāju daļa vecumā 75+ iepriekšējā gada 31. decembrī (SCB), no skaita un iedzīvotāju skaita."),
]  # fmt: skip


def build_se(shared: Path, samples: Path) -> dict[str, Any]:
    folder = samples / "se-municipalities"
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
        for municipality, year, value, pop in zip(
            panel["code"], panel["year"], panel[column], panel["pop"], strict=True
        ):
            if pd.isna(value):
                continue
            if factor == "count":
                number = float(round(float(value) * float(pop)))
            else:
                number = round(float(value) * cast(float, factor), 10)
            long.append((municipality, code, int(year), number))
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
    # (code, English and Latvian names, unit, direction, decimals, descriptions) of both panels
    described = [
        (c, en, lv, u, d, dec, den, dlv) for c, _, _, en, lv, u, d, dec, den, dlv in SE_PANEL
    ]
    described += [
        (c, en, lv, u, d, dec, den, dlv) for c, _, en, lv, u, d, dec, den, dlv in SE_HOMECARE
    ]
    indicators = [indicator(*fields, source, **_bounds(fields[3])) for fields in described]
    indicators += [
        indicator(code, en, lv, "%", "neutral", 1, den, dlv, source, min=0, max=100,
                  statistic="proportion", numerator=numerator, denominator="POP", multiplier=100)
        for code, numerator, en, lv, den, dlv in SE_SHARES
    ]  # fmt: skip
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
                               "HOMECARE_PUBLIC_PCT", "TAX_RATE", "SHARE_TERTIARY", "EXPENDITURE_TO_TAX_BASE",
                               "SHARE_75_PLUS", "SHARE_0_19"],
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
  base per inhabitant already. POP_0_19 and POP_75_PLUS are the panel's age shares times its population
  (whole numbers to within 1e-11, so the counts the shares were made from); SHARE_0_19 and
  SHARE_75_PLUS are computed from them (statistic: proportion), which gives them confidence intervals.
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


def _bounds(unit: Unit) -> dict[str, Any]:
    """Counts and rates are never negative; a percentage is at most 100."""
    return {"min": 0, "max": 100} if unit == "%" else {"min": 0}
