"""Help > Keyboard shortcuts, Where your data is kept and About.

Each page is read from the running program, never typed by hand, so it cannot drift: the
shortcuts from the window's own actions, the folders from the objects that use them (the
open database, the settings file, the log's path), the version from the installed
package's metadata.
"""

from __future__ import annotations

import platform
from collections.abc import Iterable
from html import escape
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, QUrl, qVersion
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QDialog,
    QDialogButtonBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from icstracker.db.backup import backup_dir_for
from icstracker.db.database import Database
from icstracker.ui.error_dialogs import log_path
from icstracker.ui.settings import WindowSettings

APP_NAME = "ICS Tracker"


def app_version() -> str:
    try:
        return version("icstracker")
    except PackageNotFoundError:  # running from a source folder that was never installed
        return "unknown (not installed)"


def plain(text: str) -> str:
    """Menu or button text as read: "&New engagement…" → "New engagement"."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.rstrip("…").strip()


def action_name(action: QAction) -> str:
    return plain(action.text())


def _where(action: QAction) -> str:
    """The list a shortcut works in, when it works only there (Delete deletes in the log,
    not while typing in the search box)."""
    if action.shortcutContext() != Qt.ShortcutContext.WidgetShortcut:
        return ""
    names = [
        widget.accessibleName()
        for widget in action.associatedObjects()
        if isinstance(widget, QWidget) and widget.accessibleName()
    ]
    return f"in the {', '.join(names).lower()}" if names else ""


def _tab_of(widget: QWidget | None) -> str:
    """ "on the Follow-ups tab" for a widget inside a tab of a QTabWidget."""
    while widget is not None:
        parent = widget.parentWidget()
        tabs = parent.parentWidget() if parent is not None else None
        if isinstance(tabs, QTabWidget) and tabs.indexOf(widget) >= 0:
            return f"on the {plain(tabs.tabText(tabs.indexOf(widget)))} tab"
        widget = parent
    return ""


def _shortcut_name(shortcut: QShortcut, keys: str) -> str:
    """A QShortcut has no text: its What's This, else the button whose tip names its keys
    ("Mark the selected follow-up done today (Ctrl+D)" on "Mark done")."""
    if shortcut.whatsThis():
        return shortcut.whatsThis()
    parent = shortcut.parent()
    if isinstance(parent, QWidget):
        for button in parent.findChildren(QAbstractButton):
            if f"({keys})" in button.toolTip():
                return plain(button.text())
    return ""


def shortcut_object_rows(shortcuts: Iterable[QShortcut]) -> list[tuple[str, str, str]]:
    """(what, keys, where) for shortcuts made without an action (QShortcut)."""
    rows: list[tuple[str, str, str]] = []
    for shortcut in shortcuts:
        keys = shortcut.key().toString(QKeySequence.SequenceFormat.NativeText)
        parent = shortcut.parent()
        name = _shortcut_name(shortcut, keys)
        if keys and name:
            rows.append((name, keys, _tab_of(parent if isinstance(parent, QWidget) else None)))
    return rows


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str, str]]:
    """(what, keys, where) for each action that has a shortcut, in the order given."""
    rows: list[tuple[str, str, str]] = []
    for action in actions:
        keys = ", ".join(
            s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()
        )
        row = (action_name(action), keys, _where(action))
        if keys and row[0] and row not in rows:
            rows.append(row)
    return rows


def shortcuts_html(actions: Iterable[QAction], shortcuts: Iterable[QShortcut] = ()) -> str:
    rows = shortcut_rows(actions) + shortcut_object_rows(shortcuts)
    body = "".join(
        f"<tr><td>{escape(name)}</td><td><b>{escape(keys)}</b></td><td>{escape(where)}</td></tr>"
        for name, keys, where in rows
    )
    return (
        "<h3>Keyboard shortcuts</h3><table cellspacing='6'>"
        "<tr><th align='left'>Action</th><th align='left'>Keys</th><th></th></tr>"
        f"{body}</table>"
        "<p>Alt with an underlined letter opens a menu or tab, or goes to a field; "
        "Tab and Shift+Tab move between fields; Esc closes a dialog.</p>"
    )


def data_locations(database: Database, settings: WindowSettings) -> list[tuple[str, str, Path]]:
    """(what, where, folder to open) for each place the program keeps something."""
    rows: list[tuple[str, str, Path]] = []
    if database.path is not None:
        rows.append(("Database", str(database.path), database.path.parent))
        backups = backup_dir_for(database.path)
        rows.append(("Backups (daily, and before imports and upgrades)", str(backups), backups))
    else:
        rows.append(("Database (on a server; back it up there)", database.describe(), Path()))
    rows.append(("Window settings", str(settings.path), settings.path.parent))
    log = log_path()  # where error_dialogs writes a bug's details
    rows.append(("Log of problems", str(log), log.parent))
    return rows


def data_locations_html(database: Database, settings: WindowSettings) -> str:
    def place(where: str, folder: Path) -> str:
        if folder == Path():
            return escape(where)
        url = QUrl.fromLocalFile(str(folder)).toString()
        return f"{escape(where)}<br><a href='{escape(url)}'>Open folder</a>"

    body = "".join(
        f"<tr><th align='left' valign='top'>{escape(what)}</th><td>{place(where, folder)}</td></tr>"
        for what, where, folder in data_locations(database, settings)
    )
    return (
        "<h3>Where your data is kept</h3><table cellspacing='6'>"
        f"{body}</table>"
        "<p>Copy the database file (with the program closed) or use "
        "<code>icstracker backup</code> to keep a copy elsewhere.</p>"
    )


def about_html() -> str:
    return (
        f"<h3>{APP_NAME} {escape(app_version())}</h3>"
        "<p>A log of how a Local Pharmaceutical Committee engages with the NHS at system, "
        "place and neighbourhood level, with quarterly reports.</p>"
        f"<p>Python {escape(platform.python_version())}, Qt {escape(qVersion())}, "
        f"PySide6 {escape(pyside_version)}</p>"
    )


class HelpDialog(QDialog):
    """One help page: selectable text (paths can be copied) and links that open folders."""

    def __init__(self, parent: QWidget | None, title: str, html: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setAccessibleName(title)
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(html)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)


def show_help(parent: QWidget, title: str, html: str) -> HelpDialog:
    dialog = HelpDialog(parent, title, html)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
