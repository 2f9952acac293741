"""Certificate status (CONTRACT §6): valid until it expires, revoked from its date."""
from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass

VALID, EXPIRED, REVOKED, NOT_YET = "valid", "expired", "revoked", "not-yet"
DEFAULT_VALIDITY_MONTHS = 36

# The rule, applied in this order: the first that holds on a day gives the
# status, and a certificate none holds for is valid. Pages carry it as data for
# the script that checks again on the day they are read (static/js/status-check.js).
STATUS_RULES = (
    (REVOKED, "revoked", "on or after"),  # from the revocation's date
    (NOT_YET, "issued", "before"),
    (EXPIRED, "expires", "after"),  # valid through its last day
)
HOLDS = {"on or after": operator.ge, "before": operator.lt, "after": operator.gt}


def rules_for_pages() -> dict:
    return {"rules": [{"status": status, "date": date, "holds": holds} for status, date, holds in STATUS_RULES],
            "otherwise": VALID}


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
        for status, date, holds in STATUS_RULES:
            when = getattr(self, date)
            if when and HOLDS[holds](day, when):
                return status
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
