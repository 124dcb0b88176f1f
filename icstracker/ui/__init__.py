"""The desktop window (PySide6). Thin: every action here is a call into ``services``.

Importing this package loads nothing: the window's start (``ui/app.py``) decides what to
load first. It shows its progress dialog before the window's modules (and the services and
models beneath them, seconds of imports) are loaded, so a first start shows something at
once, and ``ui/first_look.py`` paints an existing log's first page before SQLAlchemy loads.
"""
