"""Every write of the privacy app: consents, settings, departures, the access log, exports,
erasures and the retention period."""

from privacy.services.erasure import Erasure, consultant_erase
from privacy.services.export import PersonalDataExport, personal_data_export, personal_data_rows
from privacy.services.records import (
    access_log_record,
    company_privacy_set,
    consent_record,
    consultant_departure_set,
)
from privacy.services.retention import RetentionReport, months_before, retention_apply, retention_cutoff

__all__ = [
    "Erasure",
    "PersonalDataExport",
    "RetentionReport",
    "access_log_record",
    "company_privacy_set",
    "consent_record",
    "consultant_departure_set",
    "consultant_erase",
    "months_before",
    "personal_data_export",
    "personal_data_rows",
    "retention_apply",
    "retention_cutoff",
]
