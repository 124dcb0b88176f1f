"""Saves screenshots of the window, the editor and the reference browser for the README.

Run under a real (virtual) screen the size of a small laptop's::

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py

It builds a demo database in a temporary folder (never your own data), opens the app on
it with the window filling the available screen, and writes PNGs to ``docs/screenshots/``,
or to the folder given as the first argument (to check, say, 150% scaling without
replacing the README's pictures: ``QT_SCALE_FACTOR=1.5`` and a 2049x1152 screen).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from icstracker.db.database import Database
    from icstracker.services.committees import CommitteeView
    from icstracker.ui.main_window import MainWindow

OUT = (
    Path(sys.argv[1]).resolve()
    if len(sys.argv) > 1
    else (Path(__file__).resolve().parents[1] / "docs" / "screenshots")
)
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "data" / "imports"
LEGACY_LOG = """Date,ICS,Title,Venue,Notes
14/05/2021,Healthier Lancs and S Cumbria,STP pharmacy board,Preston,Pharmacy First pilot
02/02/2022,Healthier Lancs and S Cumbria,STP workstream,Teams,
05/09/2022,Healthier Lancs and S Cumbria,ICB introduction,Chorley,New ICB team
10/10/2022,Blackpool Sth PCN,PCN call,,Flu clinics
12/10/2022,Fylde Coast,Fylde Coast system board,Blackpool,
"""


def main() -> None:
    scratch = Path(tempfile.mkdtemp(prefix="icstracker-shots-"))
    os.environ["ICSTRACKER_HOME"] = str(scratch / "home")
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        os.environ[name] = str(scratch / name.lower())

    from PySide6.QtWidgets import QApplication

    from icstracker.db.setup import open_database
    from icstracker.services.committees import list_committees
    from icstracker.services.demo import generate_demo
    from icstracker.services.engagement_filter import EngagementFilter
    from icstracker.services.engagement_queries import engagement_ids, engagement_rows
    from icstracker.ui.main_window import MainWindow
    from icstracker.ui.reference_dialog import ReferenceDialog
    from icstracker.ui.settings import WindowSettings

    app = QApplication(sys.argv)
    database = open_database(str(scratch / "demo.sqlite3")).database
    with database.write() as session:
        generate_demo(session, 4000, seed=7)
    with database.write() as session:
        committee = list_committees(session)[0]
        joint_id = _make_a_joint_meeting(session, committee.id, committee.area_codes[0])
    window = MainWindow(database, committee, WindowSettings(scratch / "settings.ini"))
    window.show()
    # As on a laptop: the whole available screen (Xvfb has no window manager to maximise).
    window.setGeometry(window.screen().availableGeometry())
    app.processEvents()
    window.table.selectRow(0)
    app.processEvents()
    OUT.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(OUT / "main-window.png"))

    window.actions_panel.view.setCurrentIndex(0)  # everything not done yet
    window.tabs.setCurrentWidget(window.actions_panel)
    window.actions_panel.table.selectRow(0)
    app.processEvents()
    window.grab().save(str(OUT / "follow-ups.png"))
    window.tabs.setCurrentWidget(window.coverage_panel)
    app.processEvents()
    window.grab().save(str(OUT / "coverage.png"))
    window.tabs.setCurrentWidget(window.charts_panel)
    app.processEvents()
    window.grab().save(str(OUT / "charts.png"))
    _map_pages(window)
    window.tabs.setCurrentWidget(window.table)
    app.processEvents()

    model = window.table_model
    rows = [r for r in range(model.rowCount()) if (row := model.row_data(r)) and row.id == joint_id]
    window.table.selectRow(rows[0])  # the joint meeting, to show its partner ticked
    app.processEvents()
    dialog = window.edit_selected()
    assert dialog is not None
    app.processEvents()
    dialog.grab().save(str(OUT / "engagement-editor.png"))
    dialog.reject()

    reference = ReferenceDialog(database, window)
    reference.tabs.setCurrentIndex(1)
    reference.show()
    app.processEvents()
    reference.grab().save(str(OUT / "reference-browser.png"))
    reference.tabs.setCurrentIndex(0)
    app.processEvents()
    reference.grab().save(str(OUT / "planning-levels.png"))
    reference.close()

    # "Who are our contacts at this place?": the newest place-level engagement's place,
    # chosen in the footprint tree, and the Stakeholders tab following it.
    window.period.set_key("all")
    with database.session() as session:
        places = EngagementFilter(committee_id=committee.id, level="place")
        newest = engagement_ids(session, places, limit=1)
        place = engagement_rows(session, newest)[0].area_code
    item = window.tree_model.item_for(place)
    assert item is not None
    parent = item.index().parent()
    while parent.isValid():
        window.tree.expand(parent)
        parent = parent.parent()
    window.tree.setCurrentIndex(item.index())
    window.tabs.setCurrentWidget(window.stakeholders_panel)
    window.stakeholders_panel.table.selectRow(0)
    app.processEvents()
    window.grab().save(str(OUT / "stakeholders.png"))

    _import_wizard_pages(window, database, committee, scratch)
    window.close()
    database.dispose()
    print(f"Screenshots written to {OUT}")


def _map_pages(window: MainWindow) -> None:
    """The Map tab: the committee's PCNs by red, amber and green (the Coverage tab's), then
    its places by engagements this quarter, with one clicked to filter the log to it."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtTest import QTest

    from icstracker.services.hexmap import centre
    from icstracker.services.map_colours import ColourBy
    from icstracker.ui.map_scene import SIZE

    window.tabs.setCurrentWidget(window.map_tab)
    QTest.qWait(300)
    panel = window.map_tab.panel
    assert panel is not None
    panel.colour_by.setCurrentIndex(panel.colour_by.findData(ColourBy.STATUS.value))
    QTest.qWait(300)
    window.grab().save(str(OUT / "map-pcns.png"))
    panel.colour_by.setCurrentIndex(panel.colour_by.findData(ColourBy.COUNT.value))
    QTest.mouseClick(panel.layer_buttons["place"], Qt.MouseButton.LeftButton)
    QTest.qWait(300)
    assert panel.map is not None
    busiest = max((h for h in panel.map.hexes if h.mine), key=lambda h: h.figures.count)
    where = panel.view.mapFromScene(QPointF(*centre(*busiest.cell, panel.map.layout, SIZE)))
    QTest.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    QTest.qWait(300)
    window.grab().save(str(OUT / "map-places.png"))
    QTest.mouseClick(panel.layer_buttons["neighbourhood"], Qt.MouseButton.LeftButton)
    window.clear_filters()


def _import_wizard_pages(
    window: MainWindow, database: Database, committee: CommitteeView, scratch: Path
) -> None:
    """The import wizard at its default size (as it opens on this screen) and maximised:
    the file page, then a file with bad rows, their reasons wrapped and the choice below;
    then an old log imported, and the window showing its rows."""
    from PySide6.QtTest import QTest

    from icstracker.ui.import_wizard import ImportWizard
    from icstracker.ui.jobs import JobRunner

    wizard = ImportWizard(window, database, committee, JobRunner(run_now=True))
    wizard.show()
    QTest.qWait(300)  # row heights follow the wrapped reasons once a resize settles
    wizard.grab().save(str(OUT / "import-choose-file.png"))
    wizard.choose.path.setText(str(FIXTURES / "blmk_contacts_with_errors.xlsx"))
    wizard.next()
    QTest.qWait(300)
    wizard.grab().save(str(OUT / "import-preview.png"))
    wizard.setGeometry(wizard.screen().availableGeometry())
    QTest.qWait(300)
    wizard.grab().save(str(OUT / "import-preview-maximised.png"))
    wizard.reject()

    # An old log naming its ICS its own way: the suggestion, accepted for every row with
    # the text (each row by its date), then remembered for the committee.
    legacy = scratch / "old engagement log.csv"
    legacy.write_text(LEGACY_LOG, encoding="utf-8")
    wizard = ImportWizard(window, database, committee, JobRunner(run_now=True))
    wizard.show()
    wizard.choose.path.setText(str(legacy))
    wizard.next()
    QTest.qWait(300)
    wizard.grab().save(str(OUT / "import-decisions.png"))
    wizard.preview.decisions.accept_for_text()
    wizard.preview.good_rows.setChecked(True)
    QTest.qWait(300)
    wizard.grab().save(str(OUT / "import-decision-accepted.png"))
    wizard.next()  # Import
    QTest.qWait(300)
    aliases = wizard.show_aliases()
    QTest.qWait(300)
    aliases.grab().save(str(OUT / "import-remembered-names.png"))
    aliases.reject()
    wizard.accept()

    wizard = ImportWizard(
        window, database, committee, JobRunner(run_now=True), on_imported=window.show_imported
    )
    wizard.show()
    wizard.choose.path.setText(str(FIXTURES / "lancashire_engagement_log.xlsx"))
    wizard.next()
    wizard.next()  # Import
    QTest.qWait(300)
    wizard.grab().save(str(OUT / "import-done.png"))
    wizard.accept()
    QTest.qWait(300)
    window.grab().save(str(OUT / "import-shown-in-log.png"))


def _make_a_joint_meeting(session: Session, committee_id: int, icb_code: str) -> int:
    """A neighbouring LPC in the same ICB, and the newest system-level meeting made joint
    with it, so the form and the log show what a joint engagement looks like."""
    from dataclasses import replace

    from icstracker.services.areas import resolve_area
    from icstracker.services.committees import create_committee
    from icstracker.services.engagement_filter import EngagementFilter
    from icstracker.services.engagement_queries import engagement_ids
    from icstracker.services.engagements import get_engagement, update_engagement

    icb = resolve_area(session, icb_code)
    neighbour = create_committee(session, "Demo neighbouring LPC", (icb.id,))
    criteria = EngagementFilter(committee_id=committee_id, level="system")
    view = get_engagement(session, engagement_ids(session, criteria, limit=1)[0])
    joint = replace(view.as_input(), partner_committee_ids=(neighbour.id,))
    update_engagement(session, view.id, joint, expected_version=view.version)
    return view.id


if __name__ == "__main__":
    main()
