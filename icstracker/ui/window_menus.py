"""The main window's menus, toolbar and keyboard shortcuts, and what an empty log says.

Every action is a call into the window (``MainWindow``); the actions a test or another
part presses are kept on the window by name (``new_action``, ``undo_action``…).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from icstracker.ui.empty_state import EmptyState

if TYPE_CHECKING:
    from icstracker.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    _file_menu(window)
    _edit_menu(window)
    view_menu = window.menuBar().addMenu("&View")
    view_menu.addMenu(window.log_columns.menu)
    _help_menu(window)
    _empty_states(window)

    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("main-toolbar")
    toolbar.setMovable(False)
    toolbar.addAction(window.new_action)
    toolbar.addAction(window.undo_action)
    toolbar.addAction(window.redo_action)
    toolbar.addAction(window.export_action)


def _file_menu(window: MainWindow) -> None:
    file_menu = window.menuBar().addMenu("&File")
    window.new_action = QAction(
        "&New engagement…", window, shortcut=QKeySequence(QKeySequence.StandardKey.New)
    )
    window.new_action.triggered.connect(window.new_engagement)
    file_menu.addAction(window.new_action)
    committee_action = QAction("&Committee and areas…", window)
    committee_action.triggered.connect(window.edit_committee)
    file_menu.addAction(committee_action)
    window.export_action = QAction(
        "E&xport quarterly report…", window, shortcut=QKeySequence("Ctrl+E")
    )
    window.export_action.setToolTip("Save the period and filters shown as an Excel report")
    window.export_action.triggered.connect(window.export_report)
    file_menu.addAction(window.export_action)
    import_action = QAction("&Import spreadsheet…", window, shortcut=QKeySequence("Ctrl+I"))
    import_action.setToolTip("Bring in engagements from an existing .xlsx or .csv log")
    import_action.triggered.connect(window.import_spreadsheet)
    file_menu.addAction(import_action)
    capture_action = QAction("&Capture from calendar or email…", window)
    capture_action.setToolTip(
        "Log meetings from a calendar export (.ics) or emails (.eml, .msg); you can also "
        "drop the files on the window"
    )
    capture_action.triggered.connect(window.choose_capture_files)
    file_menu.addAction(capture_action)
    file_menu.addSeparator()
    quit_action = QAction("&Quit", window, shortcut=QKeySequence(QKeySequence.StandardKey.Quit))
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)


def _edit_menu(window: MainWindow) -> None:
    edit_menu = window.menuBar().addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    window.edit_action = QAction("&Edit engagement…", window, shortcut=QKeySequence("Return"))
    window.edit_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    window.table.addAction(window.edit_action)
    window.edit_action.triggered.connect(window.edit_selected)
    edit_menu.addAction(window.edit_action)
    window.delete_action = QAction(
        "&Delete engagement", window, shortcut=QKeySequence(QKeySequence.StandardKey.Delete)
    )
    window.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
    window.table.addAction(window.delete_action)
    window.delete_action.triggered.connect(window.delete_selected)
    edit_menu.addAction(window.delete_action)
    edit_menu.addSeparator()
    window.author_action = QAction("Your &name in the history…", window)
    window.author_action.triggered.connect(window.ask_author_name)
    edit_menu.addAction(window.author_action)
    find = QAction("&Find", window, shortcut=QKeySequence(QKeySequence.StandardKey.Find))
    find.triggered.connect(lambda: window.search.setFocus())
    window.addAction(find)


def _help_menu(window: MainWindow) -> None:
    help_menu = window.menuBar().addMenu("&Help")
    reference = QAction("&Footprints and planning levels…", window, shortcut=QKeySequence("F1"))
    reference.triggered.connect(window.show_reference)
    window.shortcuts_action = QAction("&Keyboard shortcuts…", window)
    window.shortcuts_action.triggered.connect(window.show_shortcuts)
    window.data_help_action = QAction("&Where your data is kept…", window)
    window.data_help_action.triggered.connect(window.show_data_locations)
    window.about_action = QAction("&About ICS Tracker…", window)
    window.about_action.triggered.connect(window.show_about)
    for action in (reference, window.shortcuts_action, window.data_help_action):
        help_menu.addAction(action)
    help_menu.addSeparator()
    help_menu.addAction(window.about_action)


def _empty_states(window: MainWindow) -> None:
    """What an empty log says, naming the New engagement action's own shortcut."""
    keys = window.new_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    window.empty_log = EmptyState(
        window.table,
        f"No engagements in this period — press {keys} to log one, or widen the filters.",
    )
