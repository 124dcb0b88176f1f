"""The line under the filters that says how many follow-ups are overdue.

The count is read in the background after the window opens, and the line shows only when
something is overdue. Built here for both the first look (``first_look.py``) and the full
window: when the line was showing as the window last closed, both open with it saying the
count is on its way, so the log beneath does not move down when the full window takes over
(and again when the count arrives).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

WAITING = "Counting overdue follow-ups…"


class ReminderLine(QLabel):
    def __init__(self, shown_last_time: bool) -> None:
        super().__init__(WAITING)
        self.setAccessibleName("Reminder")
        self.setContentsMargins(8, 2, 8, 2)
        self.setEnabled(False)  # greyed until the count is in
        if not shown_last_time:
            # Only ever hidden here: showing a label with no parent yet would flash it up as
            # a window of its own; in its layout it shows with the window.
            self.hide()

    def show_overdue(self, overdue: int) -> None:
        self.setEnabled(True)
        self.setVisible(overdue > 0)
        if overdue:
            self.setText(
                f"{overdue:,} follow-up{'s are' if overdue != 1 else ' is'} overdue "
                "(all dates, every footprint: not only the filtered log) — "
                "<a href='#overdue'>show them</a>"
            )
