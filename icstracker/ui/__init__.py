"""The desktop window (PySide6). Thin: every action here is a call into ``services``.

Importing this package loads nothing: the window's start (``ui/app.py``) decides what to
load first. See ``ui/preload.py`` for the Qt-free modules loaded before PySide6 when the
start cannot paint a first look, and ``ui/first_look.py`` for the start that can.
"""
