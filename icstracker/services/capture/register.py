"""Who is on an invitation or an email, as the stakeholder register knows them.

An address is matched to a person in the register by email first (the surest), then by
name as the form matches a typed name (``models.name_key``: the one person that name
means). Someone the register does not know is proposed as a new person by the name the
file gives, or one read from an address like ``jane.smith@…``; only the name is stored,
never the address, and only if the engagement is logged. An organisation comes from the
domain of an address: the organisation of the register's people at that domain, or the
footprint the domain names (``blackpool.gov.uk``: the council) through ``AreaGuesser``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from icstracker.db.models import Organisation, Person, name_key
from icstracker.services.capture.items import Address

# Addresses anyone can have: they say nothing of the organisation.
GENERIC_DOMAINS = frozenset(
    {
        "nhs.net",
        "nhs.uk",
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "hotmail.co.uk",
        "live.com",
        "live.co.uk",
        "yahoo.com",
        "yahoo.co.uk",
        "icloud.com",
        "me.com",
        "btinternet.com",
        "aol.com",
        "msn.com",
        "protonmail.com",
        "proton.me",
    }
)
_LOCAL_NAME = re.compile(r"^([a-z]{2,})[._-]([a-z]{2,})(?:[._-]([a-z]{2,}))?\d*$")


@dataclass(frozen=True)
class ProposedPerson:
    name: str  # as it will be logged
    email: str  # shown in the review only; never stored
    person_id: int | None  # the register's person, when matched
    how: str  # "email", "name" or "new"
    organisation: str = ""  # the register's organisation for them, if any
    area_id: int | None = None  # the register's area for them, if any

    def shown(self) -> str:
        note = {"email": "in register", "name": "in register by name", "new": "new"}[self.how]
        return f"{self.name} ({note})"


def name_from_address(address: Address) -> str:
    """The name to log someone under: as written, else read from ``first.last@``."""
    if address.name:
        name = address.name
        if "," in name and name.count(",") == 1:  # Outlook's "Smith, Jane"
            last, first = (part.strip() for part in name.split(","))
            if last and first and " " not in last:
                name = f"{first} {last}"
        return " ".join(name.split())
    local = address.email.partition("@")[0].lower()
    found = _LOCAL_NAME.match(local)
    if found is None:
        return ""
    return " ".join(part.capitalize() for part in found.groups() if part)


class Register:
    """The register's people and organisations that a capture's addresses could mean,
    loaded in a few queries for every item at once."""

    def __init__(self, session: Session, addresses: Iterable[Address]) -> None:
        wanted = list(addresses)
        emails = sorted({a.email for a in wanted if a.email})
        names = sorted({name_key(n) for a in wanted if (n := name_from_address(a))})
        self.by_email: dict[str, ProposedPerson] = {}
        self.by_name: dict[str, ProposedPerson] = {}
        query = (
            select(
                Person.id,
                Person.name,
                Person.email,
                Person.name_key,
                Person.area_id,
                Organisation.name.label("organisation"),
            )
            .outerjoin(Organisation, Organisation.id == Person.organisation_id)
            .order_by(Person.id)
        )
        for start in range(0, max(len(emails), len(names)), 500):
            conditions = []
            if emails[start : start + 500]:
                conditions.append(func.lower(Person.email).in_(emails[start : start + 500]))
            if names[start : start + 500]:
                conditions.append(Person.name_key.in_(names[start : start + 500]))
            for row in session.execute(query.where(or_(*conditions))):
                email = (row.email or "").strip().lower()
                organisation = row.organisation or ""
                if email in emails and email not in self.by_email:
                    self.by_email[email] = ProposedPerson(
                        row.name, email, row.id, "email", organisation, row.area_id
                    )
                if row.name_key is not None and row.name_key not in self.by_name:
                    self.by_name[row.name_key] = ProposedPerson(
                        row.name, "", row.id, "name", organisation, row.area_id
                    )
        self.domain_organisations: dict[str, str] = {}
        domains = sorted({a.domain for a in wanted if a.domain and a.domain not in GENERIC_DOMAINS})
        for domain in domains:
            rows = session.execute(
                select(Organisation.name)
                .join(Person, Person.organisation_id == Organisation.id)
                .where(func.lower(Person.email).like(f"%@{domain}"))
            )
            counted = Counter(name for (name,) in rows)
            if counted:
                self.domain_organisations[domain] = counted.most_common(1)[0][0]

    def person(self, address: Address) -> ProposedPerson | None:
        """Who ``address`` is: the register's person, or a new one; None if it gives no
        name to log them under (``info@…``)."""
        if address.email and address.email in self.by_email:
            return self.by_email[address.email]
        name = name_from_address(address)
        if not name:
            return None
        known = self.by_name.get(name_key(name))
        if known is not None:
            return ProposedPerson(
                known.name,
                address.email,
                known.person_id,
                "name",
                known.organisation,
                known.area_id,
            )
        return ProposedPerson(name, address.email, None, "new")
