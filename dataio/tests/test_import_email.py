"""An import names no company when an address is taken: a row whose e-mail another company's user
holds is rejected with the reason a row holding an address of one's own company gets."""

from consultants.models import Consultant
from dataio.tests.conftest import csv_bytes
from dataio.tests.importing import _import

MESSAGE = "This e-mail address is not available: use another one."


def test_an_import_gives_a_foreign_address_the_reason_of_an_address_of_ones_own_company(cast, catalogue, settings):
    settings.LANGUAGE_CODE = "en"
    reasons = {}
    for where, email in {"own company": cast.a.sales.email, "other company": cast.b.manager.email}.items():
        report = _import(cast, "consultants", csv_bytes("first_name,last_name,email,title", f"Intrus,X,{email},Dev"))
        reasons[where] = [(problem.line, problem.reasons) for problem in report.problems]
    assert reasons["own company"] == reasons["other company"] == [(2, [f"email: {MESSAGE}"])]
    assert Consultant.objects.count() == 0

    cast.b.manager.refresh_from_db()
    assert (cast.b.manager.company, cast.b.manager.first_name) == (cast.b.company, "Manager")
