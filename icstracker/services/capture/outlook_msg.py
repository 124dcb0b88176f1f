"""Reading an Outlook message saved as .msg: a Compound File holding MAPI properties.

``olefile`` (BSD) opens the compound file; the few properties an email needs are read
by their MAPI tags ([MS-OXMSG]): the message class (to refuse a contact, a task or an
encrypted message), subject, sender, recipients (each in its own ``__recip_version1.0_``
storage), the plain-text body, the Internet headers or Message-ID, the time it was sent,
and attachments' names. A property's stream is ``__substg1.0_`` with its id and type in
hex; fixed-size values such as times are in the ``__properties_version1.0`` stream.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import struct
from email.parser import HeaderParser
from typing import Any

from icstracker.errors import ImportFileError
from icstracker.services.capture.items import Address
from icstracker.services.capture.mail import MailMessage, addresses, fallback_id, html_text

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
PT_STRING8, PT_UNICODE, PT_BINARY, PT_SYSTIME = 0x001E, 0x001F, 0x0102, 0x0040
MESSAGE_CLASS = 0x001A
SUBJECT = 0x0037
CLIENT_SUBMIT_TIME = 0x0039
TRANSPORT_HEADERS = 0x007D
SENDER_NAME = 0x0C1A
SENDER_EMAIL = 0x0C1F
SENDER_SMTP = 0x5D01
DELIVERY_TIME = 0x0E06
BODY = 0x1000
HTML = 0x1013
INTERNET_MESSAGE_ID = 0x1035
DISPLAY_NAME = 0x3001
EMAIL_ADDRESS = 0x3003
SMTP_ADDRESS = 0x39FE
RECIPIENT_TYPE = 0x0C15
ATTACH_FILENAME = 0x3704
ATTACH_LONG_FILENAME = 0x3707
_FILETIME_EPOCH = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)


class _Storage:
    """One storage of the message (the message itself, a recipient, an attachment)."""

    def __init__(self, ole: Any, prefix: list[str], header: int) -> None:
        self.ole = ole
        self.prefix = prefix
        self.header = header  # bytes before the first entry of its properties stream

    def _stream(self, name: str) -> bytes | None:
        path = [*self.prefix, name]
        if not self.ole.exists("/".join(path)):
            return None
        return bytes(self.ole.openstream(path).read())

    def text(self, prop: int) -> str:
        raw = self._stream(f"__substg1.0_{prop:04X}{PT_UNICODE:04X}")
        if raw is not None:
            return raw.decode("utf-16-le", "replace").rstrip("\x00")
        raw = self._stream(f"__substg1.0_{prop:04X}{PT_STRING8:04X}")
        if raw is not None:
            return raw.decode("cp1252", "replace").rstrip("\x00")
        return ""

    def binary(self, prop: int) -> bytes | None:
        return self._stream(f"__substg1.0_{prop:04X}{PT_BINARY:04X}")

    def fixed(self, prop: int, kind: int) -> bytes | None:
        """The 8-byte value of a fixed-size property (a time, an integer)."""
        raw = self._stream("__properties_version1.0")
        if raw is None:
            return None
        wanted = (prop << 16) | kind
        for at in range(self.header, len(raw) - 15, 16):
            (tag,) = struct.unpack_from("<I", raw, at)
            if tag == wanted:
                return raw[at + 8 : at + 16]
        return None

    def time(self, prop: int) -> dt.datetime | None:
        value = self.fixed(prop, PT_SYSTIME)
        if value is None:
            return None
        (ticks,) = struct.unpack("<Q", value)
        if ticks == 0:
            return None
        try:
            return _FILETIME_EPOCH + dt.timedelta(microseconds=ticks // 10)
        except OverflowError:
            return None


def _refuse_kind(name: str, ole: Any, message_class: str) -> None:
    if ole.exists("EncryptionInfo") or ole.exists("EncryptedPackage"):
        raise ImportFileError(
            f"{name} is a password-protected Office document, not an email; it cannot be captured."
        )
    if not message_class:
        raise ImportFileError(
            f"{name} is not an Outlook message (.msg): it has no message class. Save the "
            "email from Outlook (File > Save As, Outlook Message Format) and capture that."
        )
    lowered = message_class.lower()
    if lowered.startswith("ipm.note.smime") and "multipartsigned" not in lowered:
        raise ImportFileError(
            f"{name} is encrypted (S/MIME), so it cannot be read; open it in Outlook and "
            "forward or save it unencrypted to capture it."
        )
    if lowered.startswith("ipm.schedule.meeting") or lowered.startswith("ipm.appointment"):
        raise ImportFileError(
            f"{name} is an Outlook meeting ({message_class}), not an email; capture the "
            "calendar instead (File > Save Calendar in Outlook gives an .ics file)."
        )
    if lowered != "ipm.note" and not lowered.startswith("ipm.note."):
        raise ImportFileError(
            f"{name} is an Outlook item of kind {message_class}, not an email; it cannot be "
            "captured."
        )


def _children(ole: Any, prefix: str) -> list[str]:
    names = {entry[0] for entry in ole.listdir(streams=False, storages=True) if entry}
    return sorted(n for n in names if n.startswith(prefix))


def read_msg(data: bytes, name: str) -> MailMessage:
    import olefile

    if not data.startswith(CFB_MAGIC):
        raise ImportFileError(
            f"{name} is not an Outlook message: a .msg file is a Compound File, and this is "
            "not one. Save the email from Outlook again, or as .eml."
        )
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except Exception as error:  # noqa: BLE001 - olefile raises several kinds for damage
        raise ImportFileError(
            f"{name} cannot be read as an Outlook message: it is damaged ({type(error).__name__})."
        ) from None
    try:
        return _message(ole, name)
    except ImportFileError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged stream or property table
        raise ImportFileError(
            f"{name} cannot be read as an Outlook message: it is damaged ({type(error).__name__})."
        ) from None
    finally:
        ole.close()


def _message(ole: Any, name: str) -> MailMessage:
    root = _Storage(ole, [], 32)
    _refuse_kind(name, ole, root.text(MESSAGE_CLASS).strip())
    headers = (
        HeaderParser().parsestr(root.text(TRANSPORT_HEADERS))
        if root.text(TRANSPORT_HEADERS)
        else None
    )
    sent: dt.datetime | None = None
    if headers is not None and headers.get("Date"):
        try:
            sent = email.utils.parsedate_to_datetime(str(headers["Date"]))
        except (TypeError, ValueError, IndexError):
            sent = None
    sent = sent or root.time(CLIENT_SUBMIT_TIME) or root.time(DELIVERY_TIME)
    if sent is None:
        raise ImportFileError(
            f"{name} has no date it was sent (an unsent draft?); it cannot be captured."
        )
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=dt.UTC)
    sender_email = (root.text(SENDER_SMTP) or root.text(SENDER_EMAIL)).strip()
    sender = Address(
        " ".join(root.text(SENDER_NAME).split()),
        sender_email.lower() if "@" in sender_email else "",
    )
    if sender.name.lower() == sender.email:
        sender = Address("", sender.email)
    recipients: list[Address] = []
    for storage in _children(ole, "__recip_version1.0_"):
        recipient = _Storage(ole, [storage], 8)
        mail = (recipient.text(SMTP_ADDRESS) or recipient.text(EMAIL_ADDRESS)).strip()
        display = " ".join(recipient.text(DISPLAY_NAME).split())
        found = addresses([email.utils.formataddr((display, mail if "@" in mail else ""))])
        recipients.extend(found)
    attachments: list[str] = []
    for storage in _children(ole, "__attach_version1.0_"):
        attachment = _Storage(ole, [storage], 8)
        file_name = attachment.text(ATTACH_LONG_FILENAME) or attachment.text(ATTACH_FILENAME)
        if file_name.strip():
            attachments.append(" ".join(file_name.split()))
    body = root.text(BODY)
    if not body.strip():
        markup = root.binary(HTML)
        if markup:
            body = html_text(markup.decode("utf-8", "replace"))
    subject = root.text(SUBJECT)
    message_id = root.text(INTERNET_MESSAGE_ID)
    if not message_id and headers is not None:
        message_id = str(headers.get("Message-ID", ""))
    message_id = message_id.strip().strip("<>").strip()
    return MailMessage(
        message_id=message_id or fallback_id(sender, sent, subject),
        sent=sent,
        subject=subject,
        sender=sender,
        recipients=tuple(recipients),
        body=body,
        attachments=tuple(attachments),
    )
