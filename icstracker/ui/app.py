"""Starting the desktop app: open (and on first run create) the database, then the window.

Opening can take a few seconds the first time (schema plus ~1,800 footprints), so it runs
as a background job behind a progress dialog; any failure becomes one dialog and a clean
exit, never a half-open window. The dialog is shown before anything slow: this module
imports only Qt and a few small modules, and the window's own modules (the services,
the models, SQLAlchemy: seconds of imports on a slow machine) are loaded by the job, behind
the dialog (``preload``), not before it.
"""

from __future__ import annotations

import logging
import sys
import traceback
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog

from icstracker.bundled import resources_dir
from icstracker.file_safety import without_values
from icstracker.ui.error_dialogs import show_error
from icstracker.ui.first_look import FirstLookWindow, open_first_look
from icstracker.ui.first_paint import exit_after_first_paint, exit_after_first_paint_requested
from icstracker.ui.jobs import JobRunner, run_with_progress
from icstracker.ui.settings import WindowSettings

# How long closing waits for a running background read before leaving anyway.
EXIT_WAIT_MS = 60_000

if TYPE_CHECKING:
    # Imported when the database is opened: after the first look is painted, if any.
    from icstracker.db.database import Database
    from icstracker.db.setup import OpenResult
    from icstracker.services.committees import CommitteeView
    from icstracker.ui.main_window import MainWindow


def preload() -> None:
    """Imports what the window needs, in the job behind the progress dialog (or the first
    look) rather than before it: the models, services and SQLAlchemy are hundreds of
    modules."""
    import icstracker.ui.main_window  # noqa: F401


def _open_database(database_arg: str | None) -> OpenResult:
    preload()
    from icstracker.db.setup import open_database

    return open_database(database_arg, create=False)


class Startup:
    def __init__(self, database_arg: str | None, runner: JobRunner) -> None:
        self.database_arg = database_arg
        self.runner = runner
        self.window: MainWindow | None = None
        self.first_look: FirstLookWindow | None = None
        self.failed = False

    def start(self) -> None:
        """Paints the first look when this start can (``ui/first_look.py``) and opens the
        database once it is painted; otherwise opens the database at once."""
        self.first_look = open_first_look(self.database_arg, WindowSettings())
        if self.first_look is None:
            self._open()
            return
        self.first_look.painted.connect(self._open)
        self.first_look.show()

    def _open(self) -> None:
        self.job = run_with_progress(
            self.runner,
            None,
            "Preparing your database…",
            lambda _report: _open_database(self.database_arg),
            self._opened,
            self._failed,
            # Without a first look on screen, a first start's imports alone take seconds:
            # the dialog shows at once. Over a first look it waits, as for any long job.
            show_at_once=self.first_look is None,
        )

    def _failed(self, error: BaseException, details: str) -> None:
        self.failed = True
        self._close_first_look()
        show_error(None, error, details)
        QApplication.quit()

    def _opened(self, result: OpenResult) -> None:
        from icstracker.ui.main_window import MainWindow

        committee = self.committee(result.database)
        if committee is None:
            result.database.dispose()
            self._close_first_look()
            QApplication.quit()
            return
        self.window = MainWindow(result.database, committee, WindowSettings(), self.runner)
        if self.first_look is not None:
            self.window.setGeometry(self.first_look.geometry())
        if exit_after_first_paint_requested():
            exit_after_first_paint(self.window.table, self.window.table_model)
        self.window.show()
        self._close_first_look()

    def _close_first_look(self) -> None:
        if self.first_look is not None:
            self.first_look.close()
            self.first_look.deleteLater()
            self.first_look = None

    def committee(self, database: Database) -> CommitteeView | None:
        from icstracker.services.areas import list_areas
        from icstracker.services.committees import create_committee, list_committees
        from icstracker.ui.first_run_dialog import FirstRunDialog

        with database.session() as session:
            committees = list_committees(session)
        if committees:
            return committees[0]
        with database.session() as session:
            areas = list_areas(session)
        dialog = FirstRunDialog(areas)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        with database.write() as session:
            return create_committee(session, dialog.name.text(), dialog.chosen_area_ids())


def _report_unexpected(kind: type[BaseException], error: BaseException, tb: Any) -> None:
    """A bug in a slot: show it with the details to copy instead of dying silently."""
    details = "".join(traceback.format_exception(kind, error, tb))
    logging.getLogger("icstracker").error(without_values(details))
    show_error(QApplication.activeWindow(), error, details)


def gui_main() -> int:
    """The ``icstracker-gui`` entry point: the window with no console behind it.

    Windows starts gui-scripts with pythonw, where there is no stdout or stderr: every
    message goes through a dialog, and ``--database`` is the only option it takes.
    """
    args = sys.argv[1:]
    database = None
    if len(args) == 2 and args[0] == "--database":
        database = args[1]
    elif args[:1] and args[0].startswith("--database="):
        database = args[0].split("=", 1)[1]
    return run_app(database)


def run_app(database_arg: str | None, argv: list[str] | None = None) -> int:
    app: Any = QApplication.instance() or QApplication(argv or sys.argv)
    app.setApplicationName("ICS Tracker")
    app.setOrganizationName("ICS Tracker")
    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "icstracker.svg")))
    sys.excepthook = _report_unexpected
    startup = Startup(database_arg, JobRunner())
    startup.start()
    code = int(app.exec())
    _let_background_reads_finish()
    return 1 if startup.failed else code


def _let_background_reads_finish() -> None:
    """A read still running when the last window closes (the log's count, a recount at
    1,000,000 engagements) reports to objects Python is about to tear down: without this
    wait the process aborted on the way out ("Signal source has been deleted"). Queued
    jobs are dropped; running ones finish, since a database read cannot be interrupted
    safely from here."""
    pool = QThreadPool.globalInstance()
    pool.clear()
    pool.waitForDone(EXIT_WAIT_MS)
