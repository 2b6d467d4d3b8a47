"""Importing and exporting a tender's reply deadline, owner (by e-mail) and client contact."""

import datetime

from django.urls import reverse

from dataio.tests.conftest import csv_bytes
from dataio.tests.importing import _import
from tenders.models import Tender

HEADER = "title,client_name,description,reply_deadline,owner_email,client_contact_name,client_contact_email"


def test_tenders_import_their_deadline_owner_and_contact_and_export_them_back(cast, catalogue, client, settings):
    settings.LANGUAGE_CODE = "en"
    content = csv_bytes(
        HEADER, f"Portail,Banque,Refonte,15/12/2026,{cast.a.sales.email.upper()},Inès Roy,ines@banque.fr"
    )
    report = _import(cast, "tenders", content)
    assert (report.created, report.rejected) == (1, 0)
    tender = Tender.objects.get(title="Portail")
    assert (tender.reply_deadline, tender.owner, tender.client_contact_name, tender.client_contact_email) == (
        datetime.date(2026, 12, 15),
        cast.a.sales,
        "Inès Roy",
        "ines@banque.fr",
    )
    client.force_login(cast.a.sales)
    exported = client.get(reverse("dataio:data-export", kwargs={"kind": "tenders", "fmt": "csv"}))
    text = (
        b"".join(exported.streaming_content).decode("utf-8-sig")
        if exported.streaming
        else exported.content.decode("utf-8-sig")
    )
    header, row = text.splitlines()[:2]
    assert "reply_deadline,owner_email,client_contact_name,client_contact_email,client_contact_phone" in header
    assert f"2026-12-15,{cast.a.sales.email},Inès Roy,ines@banque.fr," in row


def test_an_owner_outside_the_companys_sales_staff_is_refused_beside_its_column(cast, catalogue):
    for email in (cast.b.sales.email, cast.a.recruiter.email, "nobody@example.com"):
        report = _import(cast, "tenders", csv_bytes(HEADER, f"Portail,Banque,Refonte,,{email},,"))
        assert [(problem.line, problem.reasons) for problem in report.problems] == [
            (2, [f"owner_email: no salesperson or manager of the company has the e-mail “{email.lower()}”."])
        ]
    assert Tender.objects.count() == 0
