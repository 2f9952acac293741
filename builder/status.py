"""Certificate status (CONTRACT §6): valid until it expires, revoked from its date."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

VALID, EXPIRED, REVOKED, NOT_YET = "valid", "expired", "revoked", "not-yet"
DEFAULT_VALIDITY_MONTHS = 36


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass(frozen=True)
class CertificateDates:
    issued: dt.date
    expires: dt.date
    revoked: dt.date | None = None

    def status_on(self, day: dt.date) -> str:
        if self.revoked and day >= self.revoked:
            return REVOKED
        if day < self.issued:
            return NOT_YET
        if day > self.expires:
            return EXPIRED
        return VALID


def status_on_day(certificate, dates: CertificateDates, day: dt.date) -> str:
    """The status on ``day`` judged against the certificate then in force: before the
    current one was issued, an earlier recognition (``certificate.previous``) may cover it."""
    if day < dates.issued:
        for earlier in certificate.previous:
            expires = earlier.expires or add_months(earlier.issued, DEFAULT_VALIDITY_MONTHS)
            if earlier.issued <= day <= expires:
                return VALID
    return dates.status_on(day)


def certificate_dates(certificate) -> CertificateDates:
    expires = certificate.expires or add_months(certificate.issued, DEFAULT_VALIDITY_MONTHS)
    revoked = certificate.revoked.date if certificate.revoked else None
    return CertificateDates(certificate.issued, expires, revoked)
