"""The desktop window (PySide6). Thin: every action here is a call into ``services``."""
