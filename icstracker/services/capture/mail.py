"""Reading an email (.eml, or a .msg through ``outlook_msg``) into one captured item.

The subject becomes the title (without its "RE:"/"FW:" prefixes, so a reply and the
message it answers read alike), the sender and recipients the people, the body's first
paragraphs the summary: the quoted history ("On … wrote:", Outlook's "From: … Sent:"
block, ">" lines) and the signature (from "-- " or a sign-off such as "Kind regards")
are cut off first. Attachments are listed by name only; their contents are never read.
A message encrypted with S/MIME or PGP cannot be read and is refused, saying so.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import hashlib
import html
import re
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from html.parser import HTMLParser

from icstracker.errors import ImportFileError
from icstracker.services.capture.items import Address, CapturedItem, clean_text, first_paragraphs
from icstracker.services.local_time import UK

_PREFIX = re.compile(r"^\s*(?:(?:re|fw|fwd|aw|wg|sv|antw)\s*(?:\[\d+\])?\s*:\s*)+", re.IGNORECASE)
# The first line of quoted history, whichever client wrote it.
_QUOTE_START = re.compile(
    r"^\s*(?:-{2,}\s*original message\s*-{2,}|-{2,}\s*forwarded message\s*-{2,}|"
    r"_{10,}\s*$|begin forwarded message:|"
    r"on .{4,200}wrote:\s*$|"
    r"from:\s.+\n\s*(?:sent|date):\s)",
    re.IGNORECASE | re.MULTILINE,
)
# Where a signature begins: the "-- " line, a sign-off alone on its line, a phone's tag.
_SIGNATURE = re.compile(
    r"^(?:-- ?$|(?:kind |best |warm |many )?(?:regards|wishes|thanks)[,.!]?\s*$|"
    r"thanks(?: again| very much)?[,.!]?\s*$|thank you[,.!]?\s*$|cheers[,.!]?\s*$|"
    r"yours sincerely[,.]?\s*$|sent from my \w+)",
    re.IGNORECASE | re.MULTILINE,
)
_ENCRYPTED_TYPES = (
    "application/pkcs7-mime",
    "application/x-pkcs7-mime",
    "multipart/encrypted",
    "application/pgp-encrypted",
)


@dataclass(frozen=True)
class MailMessage:
    """What capture needs of an email, from whichever file format it came."""

    message_id: str
    sent: dt.datetime  # aware
    subject: str
    sender: Address
    recipients: tuple[Address, ...]
    body: str  # plain text
    attachments: tuple[str, ...]


class _TextOfHtml(HTMLParser):
    """The text of an HTML body, paragraphs kept as blank lines; scripts and styles not."""

    _BLOCKS = frozenset({"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "hr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "title"):
            self._hidden += 1
        elif tag == "blockquote":
            self.parts.append("\n\n-----Original Message-----\n")
        elif tag in self._BLOCKS:
            self.parts.append("\n\n" if tag in ("p", "div", "table", "hr") else "\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "title") and self._hidden:
            self._hidden -= 1
        elif tag in ("p", "div"):
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _TextOfHtml()
    try:
        parser.feed(markup)
        parser.close()
    except Exception:  # noqa: BLE001 - broken markup: its text without the tags
        return html.unescape(re.sub(r"<[^>]*>", " ", markup))
    text = "".join(parser.parts)
    return re.sub(r"[ \t]+", " ", text)


def new_text(body: str) -> str:
    """The part of a message its sender wrote: quoted history and signature cut off."""
    text = clean_text(body).replace("\r\n", "\n").replace("\r", "\n")
    found = _QUOTE_START.search(text)
    if found is not None:
        text = text[: found.start()]
    text = "\n".join(line for line in text.split("\n") if not line.lstrip().startswith(">"))
    signature = _SIGNATURE.search(text)
    if signature is not None and signature.start() > 0:
        text = text[: signature.start()]
    return text


def title_of(subject: str) -> str:
    title = _PREFIX.sub("", " ".join(clean_text(subject).split()))
    return title or "(no subject)"


def mail_item(message: MailMessage, name: str) -> CapturedItem:
    sent = message.sent.astimezone(UK)
    people: dict[str, Address] = {}
    for address in (message.sender, *message.recipients):
        key = address.email or address.name.lower()
        if key and (key not in people or (address.name and not people[key].name)):
            people[key] = address
    summary = first_paragraphs(new_text(message.body))
    if message.attachments:
        listed = "Attachments: " + ", ".join(message.attachments)
        summary = f"{summary}\n\n{listed}" if summary else listed
    source = f"mid:{message.message_id}"
    if len(source) > 500:
        source = f"mid:sha256:{hashlib.sha256(message.message_id.encode()).hexdigest()}"
    return CapturedItem(
        source_id=source,
        file=name,
        medium="mail",
        day=sent.date(),
        start=sent,
        title=title_of(message.subject),
        summary=summary,
        people=tuple(people.values()),
        attachments=message.attachments,
    )


def addresses(values: list[str]) -> tuple[Address, ...]:
    found = []
    for display, mail in email.utils.getaddresses([v for v in values if v]):
        mail = mail.strip().lower() if "@" in mail else ""
        display = " ".join(clean_text(display).split()).strip("'\" ")
        if display.lower() == mail:
            display = ""
        if display or mail:
            found.append(Address(display, mail))
    return tuple(found)


def fallback_id(sender: Address, sent: dt.datetime, subject: str) -> str:
    """A message with no Message-ID (a draft saved as a file): one made from who sent it,
    when and its subject, the same every time the file is read."""
    key = f"{sender.email}|{sent.isoformat()}|{subject}"
    return "no-message-id-" + hashlib.sha256(key.encode()).hexdigest()[:32]


def _header(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # noqa: BLE001 - a header the parser cannot decode counts as absent
        return ""
    return str(value or "").strip()


def read_eml(data: bytes, name: str) -> MailMessage:
    """An RFC 5322 message as Outlook, Thunderbird or Apple Mail saves it."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except Exception as error:  # noqa: BLE001 - the parser is lenient; this is rare
        raise ImportFileError(
            f"{name} cannot be read as an email ({type(error).__name__})."
        ) from None
    assert isinstance(message, EmailMessage)
    sender_text = _header(message, "From")
    date_text = _header(message, "Date")
    if not sender_text or not date_text or message.defects and not message.keys():
        raise ImportFileError(
            f"{name} is not an email: it has no From and Date headers. Save the message from "
            "your mail program (File > Save As) and capture that file."
        )
    if message.get_content_type() in _ENCRYPTED_TYPES:
        raise ImportFileError(
            f"{name} is encrypted (S/MIME or PGP), so it cannot be read; open it in your mail "
            "program and save or forward it unencrypted to capture it."
        )
    try:
        sent = email.utils.parsedate_to_datetime(date_text)
    except (TypeError, ValueError, IndexError):
        raise ImportFileError(f"{name}: its date '{date_text[:60]}' cannot be read.") from None
    if sent.tzinfo is None:
        sent = sent.replace(tzinfo=dt.UTC)
    sender = addresses([sender_text])
    if not sender:
        raise ImportFileError(f"{name}: its sender '{sender_text[:60]}' cannot be read.")
    recipients = addresses([_header(message, "To"), _header(message, "Cc")])
    subject = _header(message, "Subject")
    message_id = _header(message, "Message-ID").strip().strip("<>").strip()
    body = ""
    try:
        part = message.get_body(preferencelist=("plain", "html"))
        if part is not None:
            content = part.get_content()
            body = content if part.get_content_type() == "text/plain" else html_text(content)
        attachments = tuple(
            " ".join(clean_text(a.get_filename() or "").split())
            for a in message.iter_attachments()
            if a.get_filename()
        )
    except (LookupError, ValueError, AttributeError, KeyError):
        attachments = ()  # an unknown charset or broken part: the headers still say enough
    return MailMessage(
        message_id=message_id or fallback_id(sender[0], sent, subject),
        sent=sent,
        subject=subject,
        sender=sender[0],
        recipients=recipients,
        body=body,
        attachments=attachments,
    )
