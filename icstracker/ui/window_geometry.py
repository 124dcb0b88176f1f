"""The window's size and place: always within the screen it is on.

A fixed size (it was 1280 × 760) is taller than a 1366 × 768 laptop's screen once the
taskbar is counted, and a size remembered on a large monitor is too big for the laptop
the next day. So a new window takes most of the available screen, and a remembered one is
shrunk and moved until it fits.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

DEFAULT_SHARE = 0.9  # of the available screen: room for the frame, and a hint it is a window


def available_geometry(widget: QWidget) -> QRect:
    """The screen ``widget`` is on, less taskbars and docks."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def default_geometry(available: QRect, share: float = DEFAULT_SHARE) -> QRect:
    """``share`` of ``available`` in each direction, centred on it."""
    rect = QRect(0, 0, int(available.width() * share), int(available.height() * share))
    rect.moveCenter(available.center())
    return rect


def fit_into(rect: QRect, available: QRect) -> QRect:
    """``rect`` no larger than ``available`` and moved, if need be, to lie inside it."""
    size = rect.size().boundedTo(available.size())
    left = min(
        max(rect.left(), available.left()), available.left() + available.width() - size.width()
    )
    top = min(
        max(rect.top(), available.top()), available.top() + available.height() - size.height()
    )
    return QRect(QPoint(left, top), size)


def place_new_window(window: QWidget, available: QRect | None = None) -> None:
    """A window with no remembered geometry: most of the screen, centred."""
    window.setGeometry(default_geometry(available or available_geometry(window)))


def keep_on_screen(window: QWidget, available: QRect | None = None) -> None:
    """Shrinks and moves a (restored) window so that all of it, frame included, is visible."""
    available = available or available_geometry(window)
    frame, inner = window.frameGeometry(), window.geometry()
    # Before the window is shown the frame is not known: then both are the same rectangle.
    extra_w, extra_h = frame.width() - inner.width(), frame.height() - inner.height()
    fitted = fit_into(frame, available)
    if fitted != frame:
        window.resize(fitted.width() - extra_w, fitted.height() - extra_h)
        window.move(fitted.topLeft())
