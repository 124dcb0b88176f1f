"""The desktop window (PySide6). Thin: every action here is a call into ``services``.

Importing this package loads nothing else: ``ui.app`` shows its progress dialog before the
window's modules (and the services and models beneath them, seconds of imports) are
loaded, so a first start shows something at once (``ui.app.preload``).
"""
