"""Passwords and connection strings: kept out of every message, log line and file.

A shared server is reached with a URL that may carry a password, and a member's password
comes from the operating system's keyring. Neither may reach a message on screen, the
crash log (kept for good and sent to whoever fixes a bug) or an export: a password
written there is a password given away. So every text bound for a person or a file
passes through ``redact``, which hides

* any server URL (``postgresql+psycopg://user:pw@host/db?password=…``) whole: a URL is
  shown as the sentence ``Database.describe()`` writes, never as itself;
* ``password=…`` in a libpq connection string, as psycopg's own errors may quote one;
* any password this process has used (``remember_secret``), wherever it appears.

SQLite paths are not secrets and are left alone: they are how a person finds their file.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import quote, quote_plus

HIDDEN = "[hidden]"
# Every SQLAlchemy or libpq URL of a server database (any driver suffix); SQLite URLs
# name a file and stay readable.
_SERVER_URL = re.compile(
    r"\b(?:postgres(?:ql)?|mysql|mariadb|oracle|mssql)(?:\+[\w.]+)?://[^\s'\"<>()\[\]]*",
    re.IGNORECASE,
)
# password=secret, password='se cret', "password": "secret", PGPASSWORD=secret
_PASSWORD_SETTING = re.compile(
    r"""(?P<key>\b(?:pg)?pass(?:word|wd)?\b['"]?\s*[=:]\s*)(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[^\s,;)&'"]+)""",
    re.IGNORECASE,
)
_known: set[str] = set()


def remember_secret(value: str | None) -> None:
    """From now on, ``value`` (and its URL-quoted forms) is hidden in every redacted text.

    Very short values are not remembered: hiding every "ab" would garble messages, and a
    password that short is hidden by the URL and setting patterns where it matters.
    """
    if value and len(value) >= 4:
        _known.update({value, quote(value, safe=""), quote_plus(value)})


def redact(text: str) -> str:
    """``text`` with server URLs, password settings and known passwords hidden."""
    if not text:
        return text
    text = _SERVER_URL.sub(lambda m: m.group(0).split("://", 1)[0] + "://" + HIDDEN, text)
    text = _PASSWORD_SETTING.sub(lambda m: m.group("key") + HIDDEN, text)
    for secret in sorted(_known, key=len, reverse=True):
        text = text.replace(secret, HIDDEN)
    return text


class RedactingFilter(logging.Filter):
    """A log handler's filter that hides secrets in every record it passes on."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, ()
        return True


def redact_logging() -> None:
    """Puts ``RedactingFilter`` on every handler of the root logger (call after set-up)."""
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactingFilter) for f in handler.filters):
            handler.addFilter(RedactingFilter())
