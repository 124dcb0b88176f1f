"""Writes ``resources/reference/councils_reorganised_2023.csv`` from two ONS lookups.

Not part of the app: a record of how the shipped file was made, so it can be checked or
remade. The shared reference folder has the districts abolished on 1 April 2023 (in
``lad_to_icb_2022.csv``) but neither the county each belonged to nor the unitary council
that replaced it; ONS publishes both. Needs the ``rdata`` package (MIT) and a copy of
humaniverse/geographr (MIT), which stores the ONS lookups as R data files:

    python scripts/reference/derive_councils_2023.py GEOGRAPHR_CHECKOUT OUT.csv
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import rdata  # type: ignore[import-not-found]

EFFECTIVE = "2023-04-01"


def _frame(path: Path, name: str):  # type: ignore[no-untyped-def]
    return rdata.read_rda(str(path))[name]


def main(geographr: Path, out: Path) -> None:
    ltla = _frame(geographr / "data/lookup_ltla22_ltla23.rda", "lookup_ltla22_ltla23")
    utla = _frame(geographr / "data/lookup_ltla21_utla21.rda", "lookup_ltla21_utla21")
    county = {row.ltla21_code: (row.utla21_code, row.utla21_name) for row in utla.itertuples()}
    changed = ltla[ltla.ltla22_code != ltla.ltla23_code].sort_values("ltla22_code")
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "lad22_code",
                "lad22_name",
                "county_code",
                "county_name",
                "lad23_code",
                "lad23_name",
                "effective",
            ]
        )
        for row in changed.itertuples():
            county_code, county_name = county[row.ltla22_code]
            writer.writerow(
                [
                    row.ltla22_code,
                    row.ltla22_name,
                    county_code,
                    county_name,
                    row.ltla23_code,
                    row.ltla23_name,
                    EFFECTIVE,
                ]
            )


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
