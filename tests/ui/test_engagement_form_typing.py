"""The engagement form driven by typed keys, as people use it: what is saved is what was
typed or chosen, or the form refuses and says why; and the command line reads the same
words the same way.

Keys go where Qt sends a real key press: to the open suggestion list when there is one
(``QApplication.activePopupWidget``), otherwise to the focused field.
"""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QWidget
from sqlalchemy import func, select

from icstracker.cli import main
from icstracker.db.database import Database
from icstracker.db.models import Area, Engagement
from icstracker.services.dates import uk_today
from icstracker.ui.engagement_dialog import EngagementDialog
from icstracker.ui.main_window import MainWindow

from .conftest import SEED

TODAY = uk_today()

# Typed text → the area code saved, or None and the codes the refusal must offer.
AREA_CASES = [
    ("Devon", None, ("E10000008", "QJK")),  # the county council and the ICB
    ("Lancashire", "E10000017", ()),  # the county council, as on the command line
    ("Blackpool", "E06000009", ()),
    ("Exeter", "E07000041", ()),
    ("Healthier Lanc", None, ("QE1",)),  # the start of the STP's name, not a whole name
    ("U45809", "U45809", ()),
    ("Lancshire", None, ("E10000017",)),  # a misspelling is offered, never taken
    ("Blackpool South", "U45809", ()),
]


def focused() -> QWidget:
    widget = QApplication.activePopupWidget() or QApplication.focusWidget()
    assert widget is not None
    return widget


def type_keys(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    for character in text:  # the suggestion list opens after the first key
        qtbot.keyClicks(focused(), character)


def press(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), key)


def open_form(window: MainWindow, qtbot) -> EngagementDialog:  # type: ignore[no-untyped-def]
    window.show()
    qtbot.waitExposed(window)
    dialog = window.new_engagement()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.area.hasFocus())
    return dialog


def click_save(dialog: EngagementDialog, qtbot) -> None:  # type: ignore[no-untyped-def]
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)


def type_title(dialog: EngagementDialog, qtbot, title: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(dialog.title, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.title.hasFocus())
    type_keys(qtbot, title)


def engagements(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Engagement)) or 0


def saved_area(db: Database, title: str) -> str:
    with db.session() as session:
        return session.scalars(
            select(Area.code).join(Engagement.area).where(Engagement.title == title)
        ).one()


@pytest.mark.parametrize(("typed", "expected", "offered"), AREA_CASES)
def test_typing_an_area_then_tab_saves_exactly_it_or_refuses_with_candidates(
    window: MainWindow,
    sqlite_db: Database,
    qtbot,
    capsys: pytest.CaptureFixture[str],
    typed: str,
    expected: str | None,
    offered: tuple[str, ...],
) -> None:
    before = engagements(sqlite_db)
    dialog = open_form(window, qtbot)
    type_keys(qtbot, typed)
    press(qtbot, Qt.Key.Key_Tab)
    assert not dialog.area.hasFocus()  # Tab moved on, as the user asked
    type_title(dialog, qtbot, f"Form {typed}")
    click_save(dialog, qtbot)

    if expected is not None:
        assert not dialog.isVisible()
        assert saved_area(sqlite_db, f"Form {typed}") == expected
    else:
        assert dialog.isVisible()
        assert engagements(sqlite_db) == before
        shown = dialog.message.text()
        assert f"'{typed}'" in shown
        for code in offered:
            assert code in shown
        assert dialog.area.area_id is None

    # The command line reads the same words through the same resolver: same answer.
    capsys.readouterr()
    code = main(
        [
            "--database",
            str(sqlite_db.path),
            "log",
            "add",
            "--date",
            TODAY.strftime("%d/%m/%Y"),
            "--area",
            typed,
            "--kind",
            "meeting",
            "--title",
            f"CLI {typed}",
        ]
    )
    err = capsys.readouterr().err.strip()
    if expected is not None:
        assert code == 0, err
        assert saved_area(sqlite_db, f"CLI {typed}") == expected
    else:
        assert code in (2, 3)
        assert err == f"icstracker: {dialog.message.text()}"
    dialog.done(0)


def test_choosing_a_suggestion_with_the_arrow_keys_saves_it(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = open_form(window, qtbot)
    type_keys(qtbot, "Devon")
    assert dialog.area.popup_visible()
    popup = QApplication.activePopupWidget()
    assert popup is not None
    # Walk down to the county council's line, reading what each line says.
    for _ in range(20):
        press(qtbot, Qt.Key.Key_Down)
        current = popup.currentIndex().data() if hasattr(popup, "currentIndex") else ""
        if str(current).startswith("Devon — Place (county council)"):
            break
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.area.text().startswith("Devon — Place (county council), Devon ICS")
    assert dialog.level.text() == "Place"
    type_title(dialog, qtbot, "Devon county council health scrutiny")
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    assert saved_area(sqlite_db, "Devon county council health scrutiny") == "E10000008"


def test_an_area_typed_for_2019_is_the_area_of_that_time(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = open_form(window, qtbot)
    press(qtbot, Qt.Key.Key_Backtab)  # back to the date
    qtbot.waitUntil(lambda: dialog.date.edit.hasFocus())
    dialog.date.edit.selectAll()
    type_keys(qtbot, "01/05/2019")
    press(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "QE1")
    press(qtbot, Qt.Key.Key_Tab)
    assert "E54000048" in dialog.area.text()  # the STP, shown before anything is saved
    assert dialog.level.text() == "System"
    # Changing the date reads the typed code again: today it is the ICB.
    dialog.date.set_date(TODAY)
    assert "QE1" in dialog.area.text()
    dialog.done(0)


# 20 typed dates: each is saved as exactly that date, or refused; never another date.
DATE_CASES = [
    ("12/11/2026", dt.date(2026, 11, 12)),
    ("28/10/2026", dt.date(2026, 10, 28)),
    ("02/10/2026", dt.date(2026, 10, 2)),
    ("01/01/2026", dt.date(2026, 1, 1)),
    ("31/12/2025", dt.date(2025, 12, 31)),
    ("29/02/2024", dt.date(2024, 2, 29)),
    ("29/02/2020", dt.date(2020, 2, 29)),
    ("30/04/2026", dt.date(2026, 4, 30)),
    ("31/03/2026", dt.date(2026, 3, 31)),
    ("1/4/2026", dt.date(2026, 4, 1)),
    ("28/02/2026", dt.date(2026, 2, 28)),
    ("13/02/26", dt.date(2026, 2, 13)),
    ("2026-09-30", dt.date(2026, 9, 30)),
    ("31/04/2026", "'31/04/2026' is not a date that exists."),
    ("29/02/2026", "'29/02/2026' is not a date that exists."),
    ("31/06/2025", "'31/06/2025' is not a date that exists."),
    ("02/13/2026", "'02/13/2026' is not a day/month/year date"),
    ("29/02/2028", "29/02/2028 is in the future"),
    ((TODAY + dt.timedelta(days=1)).strftime("%d/%m/%Y"), "is in the future"),
    ("15/06/1999", "15/06/1999 is before 2000"),
]


def test_twenty_typed_dates_are_each_exactly_that_date_or_refused(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = open_form(window, qtbot)
    type_keys(qtbot, "U45809")
    press(qtbot, Qt.Key.Key_Tab)
    type_title(dialog, qtbot, "Dated")
    for typed, expected in DATE_CASES:
        if isinstance(expected, dt.date) and expected > TODAY:
            continue  # a machine whose clock is behind this test's dates
        qtbot.mouseClick(dialog.date.edit, Qt.MouseButton.LeftButton)
        dialog.date.edit.selectAll()
        type_keys(qtbot, typed)
        press(qtbot, Qt.Key.Key_Tab)
        if isinstance(expected, dt.date):
            assert dialog.date.date() == expected, typed
            assert dialog.date.edit.text() == expected.strftime("%d/%m/%Y")
            assert dialog.values().occurred_on == expected  # what Save would store
            assert dialog.message.isHidden()
        else:
            assert dialog.date.date() is None, typed
            assert expected in dialog.message.text(), typed
            assert dialog.date.edit.text() == typed  # left as typed, to correct
    # The last refusal stops Save; a good date then saves exactly.
    click_save(dialog, qtbot)
    assert dialog.isVisible()
    assert engagements(sqlite_db) == len(SEED)
    qtbot.mouseClick(dialog.date.edit, Qt.MouseButton.LeftButton)
    dialog.date.edit.selectAll()
    type_keys(qtbot, "29/02/2024")
    press(qtbot, Qt.Key.Key_Tab)
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    with sqlite_db.session() as session:
        saved = session.scalars(
            select(Engagement.occurred_on).where(Engagement.title == "Dated")
        ).one()
    assert saved == dt.date(2024, 2, 29)


def test_a_problem_message_goes_once_the_field_is_put_right(window: MainWindow, qtbot) -> None:
    dialog = open_form(window, qtbot)
    type_keys(qtbot, "Devon")
    press(qtbot, Qt.Key.Key_Tab)
    assert "could mean more than one area" in dialog.message.text()
    qtbot.mouseClick(dialog.area, Qt.MouseButton.LeftButton)
    dialog.area.selectAll()
    type_keys(qtbot, "QJK")
    press(qtbot, Qt.Key.Key_Tab)
    assert dialog.message.isHidden()
    assert dialog.area.problem == ""
    dialog.done(0)


def _unsaved_question(dialog: EngagementDialog) -> QMessageBox:
    boxes = [box for box in dialog.findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1, "the form should ask before discarding"
    return boxes[0]


def test_esc_closes_the_suggestions_first_then_asks_before_discarding(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = open_form(window, qtbot)
    type_keys(qtbot, "Blackp")
    assert dialog.area.popup_visible()
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.area.popup_visible()
    assert dialog.isVisible()  # the first Esc only closed the list
    type_title(dialog, qtbot, "Nearly lost")
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.isVisible()
    question = _unsaved_question(dialog)
    # Esc on the question means Keep editing: nothing is lost by pressing Esc twice.
    qtbot.keyClick(question, Qt.Key.Key_Escape)
    assert dialog.isVisible() and dialog.title.text() == "Nearly lost"
    press(qtbot, Qt.Key.Key_Escape)
    question = _unsaved_question(dialog)
    discard = question.button(QMessageBox.StandardButton.Discard)
    qtbot.mouseClick(discard, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_cancel_on_a_changed_form_can_save_it(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = open_form(window, qtbot)
    type_keys(qtbot, "U45809")
    press(qtbot, Qt.Key.Key_Tab)
    type_title(dialog, qtbot, "Saved from the question")
    cancel = dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel)
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    question = _unsaved_question(dialog)
    qtbot.mouseClick(question.button(QMessageBox.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert saved_area(sqlite_db, "Saved from the question") == "U45809"


def test_an_untouched_form_closes_on_esc_without_asking(window: MainWindow, qtbot) -> None:
    dialog = open_form(window, qtbot)
    press(qtbot, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert not [box for box in dialog.findChildren(QMessageBox) if box.isVisible()]


def test_people_and_topics_are_offered_from_the_register(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = open_form(window, qtbot)
    qtbot.mouseClick(dialog.topics, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.topics.hasFocus())
    type_keys(qtbot, "Pharmacy First; hyperten")
    assert dialog.topics.popup_visible()
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.topics.text() == "Pharmacy First; Hypertension case-finding"
    dialog.done(0)


def test_a_refused_area_offers_its_candidates_to_click(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = open_form(window, qtbot)
    type_keys(qtbot, "Devon")
    press(qtbot, Qt.Key.Key_Tab)
    buttons = dialog.problem.candidate_buttons()
    assert [b.text().split(" · ")[-1] for b in buttons] == ["E10000008", "QJK"]
    qtbot.mouseClick(buttons[1], Qt.MouseButton.LeftButton)
    assert dialog.area.text() == "Devon — System (ICB) · QJK"
    assert dialog.level.text() == "System"
    assert dialog.message.isHidden() and dialog.problem.choose.isHidden()
    type_title(dialog, qtbot, "Devon ICB board")
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    assert saved_area(sqlite_db, "Devon ICB board") == "QJK"


def test_an_internal_note_and_not_for_partners_are_typed_and_saved(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    dialog = open_form(window, qtbot)
    type_keys(qtbot, "U45809")
    press(qtbot, Qt.Key.Key_Tab)
    type_title(dialog, qtbot, "PCN board, private concerns")
    qtbot.mouseClick(dialog.internal_note.viewport(), Qt.MouseButton.LeftButton)
    type_keys(qtbot, "Chair doubts the figures")
    press(qtbot, Qt.Key.Key_Tab)  # the tick box comes next
    assert dialog.not_for_partners.hasFocus()
    press(qtbot, Qt.Key.Key_Space)
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    with sqlite_db.session() as session:
        note, hidden = session.execute(
            select(Engagement.internal_note, Engagement.not_for_partners).where(
                Engagement.title == "PCN board, private concerns"
            )
        ).one()
    assert (note, hidden) == ("Chair doubts the figures", True)


def test_a_name_the_committee_taught_its_imports_is_read_the_same_in_the_form(
    window: MainWindow, sqlite_db: Database, qtbot
) -> None:
    """An import decision remembered "Healthier Lancs and S Cumbria" as Lancashire and South
    Cumbria: the form must read it so too, as ``log add`` and the next import do."""
    from icstracker.services.committee_aliases import add_alias

    with sqlite_db.write() as session:
        add_alias(session, window.committee.id, "Healthier Lancs and S Cumbria", "QE1")
    window._forget_area_names()  # as closing the import wizard does
    dialog = open_form(window, qtbot)
    type_keys(qtbot, "Healthier Lancs and S Cumbria")
    press(qtbot, Qt.Key.Key_Tab)
    type_title(dialog, qtbot, "Taught name")
    click_save(dialog, qtbot)
    assert not dialog.isVisible()
    assert saved_area(sqlite_db, "Taught name") == "QE1"
