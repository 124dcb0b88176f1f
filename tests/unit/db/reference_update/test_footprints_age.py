"""How new the footprints are, and the sentence the window shows once they are a year old."""

from __future__ import annotations

import datetime as dt
import re

from icstracker.bundled import reference_dir
from icstracker.db.database import Database
from icstracker.db.reference.eras import SHIPPED_AS_OF
from icstracker.services.footprints_age import GP_MAPPING_PAGE, footprints_age
from icstracker.services.reference_update import update_reference
from icstracker.text import long_date


def test_the_shipped_date_is_the_one_sources_gives() -> None:
    sources = (reference_dir() / "SOURCES.md").read_text(encoding="utf-8")
    found = re.search(r"the newest stored source is dated (\d{1,2} \w+ \d{4})", sources)
    assert found is not None and found[1] == long_date(SHIPPED_AS_OF)


def test_shipped_footprints_are_old_a_year_and_a_day_later(db: Database) -> None:
    with db.session() as session:
        fresh = footprints_age(session, today=dt.date(2027, 8, 1))
        old = footprints_age(session, today=dt.date(2027, 8, 2))
    assert (fresh.dated, fresh.source, fresh.is_old) == (dt.date(2026, 8, 1), None, False)
    assert fresh.message == (
        "Footprints are from August 2026 (the files shipped with ICS Tracker)."
    )
    assert old.is_old
    assert old.message == (
        "Footprints are from August 2026, over a year old: download the latest GP practice "
        f"mapping (gp-reg-pat-prac-map.csv) from {GP_MAPPING_PAGE} and run "
        "`icstracker reference update FILE`."
    )
    assert GP_MAPPING_PAGE.startswith("https://digital.nhs.uk/")


def test_an_applied_file_dates_the_footprints(db: Database, files) -> None:
    update_reference(db, [files.gp_mapping(files.gp_rows(extract="01Apr2027"))])
    with db.session() as session:
        age = footprints_age(session, today=dt.date(2028, 4, 1))
    assert (age.dated, age.source, age.is_old) == (
        dt.date(2027, 4, 1),
        "gp-reg-pat-prac-map.csv",
        False,
    )
    assert age.message == "Footprints are from April 2027 (gp-reg-pat-prac-map.csv)."
