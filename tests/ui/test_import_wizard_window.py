"""After an import the window shows what arrived, says so, and goes back on request.

An old log's rows are years before the quarter the window shows; before, the log stayed
on the quarter and the import looked as if it had done nothing.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from icstracker.services.periods import nhs_quarter_containing
from icstracker.ui.import_wizard import ImportWizard
from icstracker.ui.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "data" / "imports"
LEFT = Qt.MouseButton.LeftButton


def _titles(window: MainWindow) -> list[str]:
    model = window.table_model
    return [row.title for r in range(model.rowCount()) if (row := model.row_data(r))]


def _import_from_the_menu(window: MainWindow, qtbot: Any, source: Path) -> ImportWizard:
    """Ctrl+I, the path typed, Enter, Import clicked; jobs run in the background."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    wizard = window.findChild(ImportWizard)
    assert wizard is not None
    qtbot.waitExposed(wizard)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    qtbot.keyClicks(wizard.choose.path, str(source))
    qtbot.keyClick(wizard.choose.path, Qt.Key.Key_Return)
    import_button = wizard.button(QWizard.WizardButton.CommitButton)
    qtbot.waitUntil(import_button.isEnabled, timeout=20_000)
    qtbot.mouseClick(import_button, LEFT)
    qtbot.waitUntil(lambda: wizard.result_page.finished, timeout=20_000)
    return wizard


def test_the_log_shows_the_imported_rows_and_goes_back_to_the_quarter(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    quarter = nhs_quarter_containing(dt.date.today())
    window.period.set_key(quarter.key)  # as the window opens by default
    assert "STP pharmacy workstream" not in _titles(window)
    source = Path(shutil.copy(FIXTURES / "lancashire_engagement_log.xlsx", tmp_path / "l.xlsx"))

    wizard = _import_from_the_menu(window, qtbot, source)

    summary = wizard.result_page.summary.text()
    assert "Imported 10 engagement(s)" in summary
    assert "The log now shows 14 May 2019 to 16 July 2025" in summary
    assert "the first of them is selected" in summary
    assert "Back to your filters" in summary and quarter.label in summary
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.FinishButton), LEFT)

    shown = _titles(window)
    for title in ("STP pharmacy workstream", "Darwen health fair", "Torentum PCN board"):
        assert title in shown
    assert window.period.period is not None
    assert window.period.period.start == dt.date(2019, 5, 14)
    assert "the dates of the 10 engagements just imported" in window.status.text()
    assert wizard.result_page.result is not None
    assert window.selected_id() in wizard.result_page.result.added_ids
    assert "Blackburn West PCN Pharmacy First referrals" in window.detail.toPlainText()
    back = window._back
    assert back is not None and back.isVisible()

    qtbot.mouseClick(back, LEFT)
    assert window.period.key() == quarter.key
    assert "STP pharmacy workstream" not in _titles(window)
    assert not back.isVisible() and "just imported" not in window.status.text()


def test_rows_of_one_quarter_are_shown_as_that_quarter(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    source = tmp_path / "one quarter.csv"
    source.write_text(
        "Date,Area,Title\n03/05/2022,QE1,STP board\n20/06/2022,Blackpool South PCN,PCN call\n",
        encoding="utf-8",
    )
    window.search.setText("nothing matches this")  # filters that would hide them go
    wizard = _import_from_the_menu(window, qtbot, source)
    assert "The log now shows 2022/23 Q1" in wizard.result_page.summary.text()
    assert "all dates" in wizard.result_page.summary.text()  # where the window was
    assert window.period.key() == "2022/23-Q1"
    assert window.search.text() == ""
    assert sorted(_titles(window)) == ["PCN call", "STP board"]


def test_an_import_of_only_duplicates_leaves_the_view_alone(
    window: MainWindow, qtbot: Any, tmp_path: Path
) -> None:
    source = tmp_path / "again.csv"
    source.write_text("Date,Area,Title\n03/05/2022,QE1,STP board\n", encoding="utf-8")
    first = _import_from_the_menu(window, qtbot, source)
    qtbot.mouseClick(first.button(QWizard.WizardButton.FinishButton), LEFT)
    qtbot.mouseClick(window._back, LEFT)
    assert window.period.key() == "all"
    source.write_text(
        "Date,Area,Title\n03/05/2022,QE1,STP board\n04/05/2022,QE1,\n", encoding="utf-8"
    )
    wizard = window.import_spreadsheet()
    qtbot.waitExposed(wizard)
    qtbot.keyClicks(wizard.choose.path, str(source))
    qtbot.keyClick(wizard.choose.path, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: wizard.preview.plan is not None, timeout=20_000)
    assert "There is nothing new to import" in wizard.preview.message.text()
    assert not wizard.button(QWizard.WizardButton.CommitButton).isEnabled()
    assert window.period.key() == "all"
