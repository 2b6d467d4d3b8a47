"""Importing a tender's on-site days per week: a number from 0 to 5, or empty for no constraint."""

from dataio.tests.conftest import csv_bytes
from dataio.tests.importing import _import
from tenders.models import Tender

HEADER = "title,client_name,description,remote_work,onsite_days_per_week"


def test_tenders_import_their_on_site_days_per_week(cast, catalogue):
    content = csv_bytes(HEADER, "Hybride,Client,Deux jours sur site,oui,2", "Libre,Client,Sans contrainte,oui,")
    report = _import(cast, "tenders", content)
    assert (report.created, report.rejected) == (2, 0)
    assert dict(Tender.objects.values_list("title", "onsite_days_per_week")) == {"Hybride": 2.0, "Libre": None}


def test_more_than_five_on_site_days_are_refused_beside_their_column_and_nothing_written(cast, catalogue):
    report = _import(cast, "tenders", csv_bytes(HEADER, "Trop,Client,Six jours,oui,6"))
    assert [(problem.line, problem.reasons) for problem in report.problems] == [
        (2, ["onsite_days_per_week: between 0 and 5 days a week."])
    ]
    assert Tender.objects.count() == 0
