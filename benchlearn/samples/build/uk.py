"""England: adult social care indicators published by Oflog, with nearest neighbours."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from benchlearn.samples.build.common import (
    Unit,
    indicator,
    observations_rows,
    source_text,
    text,
    write_csv,
    write_yaml,
)

# --- England: adult social care (Oflog) ------------------------------------

#: code: (English and Latvian names, unit, decimals, English and Latvian descriptions)
ASC_NAMES: dict[str, tuple[str, str, Unit, int, str, str]] = {
    "ASC1": ("Carer-reported quality of life", "Aprūpētāju novērtētā dzīves kvalitāte", ("score (0–12)", "punkti (0–12)"), 1,
             "Carer-reported quality of life score (ASCOF 1D), from the biennial Survey of Adult Carers in England.",
             "Aprūpētāju novērtētās dzīves kvalitātes rādītājs (ASCOF 1D) no Anglijas pieaugušo aprūpētāju aptaujas."),
    "ASC2": ("Quality of life of people who use services", "Pakalpojumu saņēmēju dzīves kvalitāte", ("score", "punkti"), 2,
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
             ("per 100,000 adults", "uz 100 000 pieaugušajiem"), 0,
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


def build_uk(shared: Path, samples: Path) -> dict[str, Any]:
    folder = samples / "uk-asc"
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
