"""Help: the shortcuts from the window's own actions, the real folders, the real version."""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence

from icstracker.db.backup import backup_dir_for
from icstracker.db.database import Database
from icstracker.ui.error_dialogs import log_path
from icstracker.ui.help_dialog import HelpDialog
from icstracker.ui.main_window import MainWindow


def help_menu_action(window: MainWindow, text: str) -> QAction:
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    return next(a for a in menu.actions() if a.text() == text)


def opened(window: MainWindow, text: str) -> HelpDialog:
    help_menu_action(window, text).trigger()
    dialogs = [d for d in window.findChildren(HelpDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_keyboard_shortcuts_lists_the_windows_actions(window: MainWindow, qtbot) -> None:
    window.show()
    qtbot.waitExposed(window)
    text = opened(window, "&Keyboard shortcuts…").text.toPlainText()
    assert "New engagement\tCtrl+N" in text.replace("\n", "\t")
    assert "Ctrl+E" in text and "Ctrl+I" in text and "F1" in text and "Ctrl+F" in text
    assert "Ctrl+Shift+Z, Ctrl+Y" in text  # Redo's two shortcuts
    assert "in the engagement log" in text  # Delete and Return work in the log only
    assert "Mark done\tCtrl+D\ton the Follow-ups tab" in text.replace("\n", "\t")  # a QShortcut
    assert "&New" not in text and "engagement…" not in text  # as people read it


def test_a_new_action_appears_without_editing_the_help(window: MainWindow) -> None:
    extra = QAction("&Print log…", window, shortcut=QKeySequence("Ctrl+P"))
    window.addAction(extra)
    assert "Print log" in opened(window, "&Keyboard shortcuts…").text.toPlainText()


def test_where_your_data_is_kept_names_the_real_files(
    window: MainWindow, sqlite_db: Database, settings_file: Path
) -> None:
    text = opened(window, "&Where your data is kept…").text.toPlainText()
    assert sqlite_db.path is not None
    assert str(sqlite_db.path) in text
    assert str(backup_dir_for(sqlite_db.path)) in text
    assert str(settings_file) in text
    assert str(log_path()) in text


def test_about_shows_the_installed_version(window: MainWindow) -> None:
    dialog = opened(window, "&About ICS Tracker…")
    assert f"ICS Tracker {version('icstracker')}" in dialog.text.toPlainText()
    dialog.reject()
    assert not dialog.isVisible()


def test_planning_levels_moved_to_help_keeps_f1(window: MainWindow) -> None:
    action = help_menu_action(window, "&Footprints and planning levels…")
    assert action.shortcut().toString() == "F1"
