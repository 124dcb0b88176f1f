"""Long work off the UI thread: a job runs in Qt's thread pool and reports back by signal.

A job is a plain function taking a ``report(done, total)`` callback; it opens its own
database session (sessions never cross threads). ``run_with_progress`` shows a modal
progress dialog while it runs, with a Cancel button when the work can stop: Cancel only
asks (``on_cancel``), and the work stops at its next check and fails with its own error.
Tests swap the pool for ``run_now`` so jobs finish before the call returns.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QApplication, QProgressDialog, QWidget

from icstracker.errors import OperationCancelled

Report = Callable[[int, int], None]
Work = Callable[[Report], Any]


class JobSignals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object, str)  # the exception, and its traceback text


class Job(QRunnable):
    def __init__(self, work: Work) -> None:
        super().__init__()
        self.work = work
        self.signals = JobSignals()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except Exception as error:  # noqa: BLE001 - handed to the UI thread to show
            self.signals.failed.emit(error, traceback.format_exc())
        else:
            self.signals.finished.emit(result)


class JobRunner:
    """Starts jobs in the global thread pool; ``run_now`` makes it synchronous for tests."""

    def __init__(self, run_now: bool = False) -> None:
        self.run_now = run_now
        # A running job is held here until it reports: if Python collected the job (and
        # its signals) first, its result would never arrive and the window would wait
        # forever (seen as a start-up that hung, 4 times in 6 at 100,000 engagements).
        self._running: set[Job] = set()

    def start(self, job: Job) -> None:
        if self.run_now:
            job.run()
            return
        self._running.add(job)
        job.signals.finished.connect(lambda _result: self._running.discard(job))
        job.signals.failed.connect(lambda _error, _details: self._running.discard(job))
        QThreadPool.globalInstance().start(job)


def run_with_progress(
    runner: JobRunner,
    parent: QWidget | None,
    label: str,
    work: Work,
    on_done: Callable[[Any], None],
    on_error: Callable[[BaseException, str], None],
    on_cancel: Callable[[], None] | None = None,
    *,
    show_at_once: bool = False,
) -> Job:
    """``work`` in the background behind a modal progress dialog. The dialog appears once
    the work has taken 0.4 s and reported progress, or at once with ``show_at_once``
    (work known to be slow that may report nothing for a while, like a first start)."""
    dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("ICS Tracker")
    if on_cancel is None:
        dialog.setCancelButton(None)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)  # no flash for work that takes a moment
    # Closed by the job's end (``over``), not by its last step: work often goes on after it
    # (an import's full-text index and commit, a workbook's move into place).
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    job = Job(work)
    running = [True]

    # Whether the dialog or its window had the keys: then the window has them at the end.
    had_keys = [False]

    def cancel() -> None:
        # Closing the dialog once the job is over also emits ``canceled``: ignore that.
        if running[0]:
            had_keys[0] = had_keys[0] or _has_keys(dialog, parent)
            if on_cancel is not None:
                on_cancel()

    dialog.canceled.connect(cancel)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(total)
        dialog.setValue(done)

    def over() -> None:
        running[0] = False
        had_keys[0] = had_keys[0] or _has_keys(dialog, parent)
        dialog.close()
        dialog.deleteLater()  # one per job: a wizard re-checking its rows makes dozens
        if had_keys[0] and parent is not None:
            # The keys go back to the window the dialog covered, to the field they were in:
            # not every platform gives a window back its activation when its dialog closes
            # (the offscreen one did not, and the next key pressed went nowhere).
            parent.window().activateWindow()

    def finished(result: Any) -> None:
        over()
        on_done(result)

    def failed(error: BaseException, details: str) -> None:
        over()
        on_error(error, details)

    job.signals.progress.connect(progress)
    job.signals.finished.connect(finished)
    job.signals.failed.connect(failed)
    if show_at_once:
        dialog.show()
    runner.start(job)
    return job


def _has_keys(dialog: QWidget, parent: QWidget | None) -> bool:
    active = QApplication.activeWindow()
    return active is not None and (
        active is dialog or (parent is not None and active is parent.window())
    )


class StepSignals(JobSignals):
    step = Signal(object)  # a part of the result, ready before the whole


class LatestJob(QObject):
    """One kind of background read where only the newest request matters (the log's
    rows for the filter just chosen, the footprint tree's counts).

    ``start`` cancels the job before it (its ``cancelled()`` turns true, which
    ``db.interrupt.interruptible`` makes SQLite act on at once) and forgets it: nothing
    that job reports afterwards reaches the callbacks. The work is
    ``work(report, cancelled)``: ``report(part)`` hands ``on_step`` a part of the answer
    early (the first page before the count), its return value goes to ``on_done``. An
    ``OperationCancelled`` it raises is the cancel taking effect, not an error.
    """

    def __init__(self, runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._generation = 0
        self._cancel: threading.Event | None = None

    @property
    def busy(self) -> bool:
        return self._cancel is not None

    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
            self._cancel = None
        self._generation += 1

    def start(
        self,
        work: Callable[[Callable[[object], None], Callable[[], bool]], Any],
        on_step: Callable[[Any], None],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException, str], None],
    ) -> None:
        self.cancel()
        generation = self._generation
        cancel = self._cancel = threading.Event()
        signals = StepSignals()
        job = Job(lambda _progress: work(signals.step.emit, cancel.is_set))
        job.signals = signals

        def current() -> bool:
            return generation == self._generation

        def step(part: object) -> None:
            if current():
                on_step(part)

        def done(result: object) -> None:
            if current():
                self._cancel = None
                on_done(result)

        def failed(error: BaseException, details: str) -> None:
            if current():
                self._cancel = None
                if not isinstance(error, OperationCancelled):
                    on_error(error, details)

        signals.step.connect(step)
        signals.finished.connect(done)
        signals.failed.connect(failed)
        self.runner.start(job)
