"""The new-tender page: the intake of a call (pasted or uploaded), its proposals with their
sentences, and the one form that creates the tender with its skills."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from consultants.models import SkillAlias
from consultants.tests.factories import SkillFactory
from history.models import ChangeRecord
from matching.tests.factories import MatchFactory
from tenders.models import Tender, TenderSkill
from tenders.tests.factories import TenderFactory
from tenders.tests.intake_files import docx_of, eml_of
from tenders.tests.pages import _login, _snapshot, _tender

pytestmark = pytest.mark.usefixtures("_english")

CALL = """Appel d'offres – Développeur Java
Client : Banque du Rhône
Lieu : Lyon
Démarrage : 04/01/2027
Date de fin : 30/06/2027
Date limite de réponse : 15/12/2026
Budget : 90 000 € HT
Compétences requises :
- Java (niveau expert)
- Spring Boot
Apache Kafka serait un plus."""


@pytest.fixture
def catalogue(db):
    skills = {name: SkillFactory(name=name) for name in ("Java", "Spring Boot", "Apache Kafka", "Docker")}
    SkillAlias.objects.create(skill=skills["Apache Kafka"], alias="Kafka")
    return skills


def _needs(*rows, total=None) -> dict:
    data = {"skills-TOTAL_FORMS": str(total if total is not None else len(rows)), "skills-INITIAL_FORMS": "0"}
    for index, (skill, importance, level) in enumerate(rows):
        data.update({f"skills-{index}-skill": skill, f"skills-{index}-importance": importance,
                     f"skills-{index}-minimum_level": level})  # fmt: skip
    return data


def test_pasted_text_fills_the_form_with_proposals_and_their_sentences_and_saves_nothing(client, cast, catalogue):
    before = _snapshot()
    response = _login(client, cast.a.sales).post(reverse("tenders:tender-intake"), {"intake-text": CALL})
    assert response.status_code == 200
    form = response.context["form"]
    assert (form["title"].value(), form["client_name"].value(), form["location"].value()) == (
        "Développeur Java",
        "Banque du Rhône",
        "Lyon",
    )
    assert (form["start_date"].value(), form["end_date"].value(), form["reply_deadline"].value()) == (
        datetime.date(2027, 1, 4),
        datetime.date(2027, 6, 30),
        datetime.date(2026, 12, 15),
    )
    assert form["budget"].value() == 90000.0
    chips = [(row["skill"], row["importance"], row["minimum_level"]) for row in response.context["needs"].initial]
    assert chips == [
        ("Java", "required", "expert"),
        ("Spring Boot", "required", ""),
        ("Apache Kafka", "nice_to_have", ""),
    ]
    content = response.content.decode()
    assert "<q>Lieu : Lyon</q>" in content
    assert "Apache Kafka serait un plus." in content
    assert _snapshot() == before


def test_what_the_user_typed_wins_over_the_proposals_and_typed_chips_stay(client, cast, catalogue):
    data = {
        "intake-text": CALL,
        "title": "Mon titre",
        "required_consultants": "1",
        **_needs(("Docker", "preferred", "")),
    }
    response = _login(client, cast.a.sales).post(reverse("tenders:tender-intake"), data)
    form = response.context["form"]
    assert (form["title"].value(), form["client_name"].value()) == ("Mon titre", "Banque du Rhône")
    assert [row["skill"] for row in response.context["needs"].initial] == [
        "Docker",
        "Java",
        "Spring Boot",
        "Apache Kafka",
    ]


def test_an_uploaded_word_file_and_an_email_are_read(client, cast, catalogue):
    client = _login(client, cast.a.sales)
    word = SimpleUploadedFile("call.docx", docx_of(CALL))
    response = client.post(reverse("tenders:tender-intake"), {"intake-file": word})
    assert response.context["form"]["client_name"].value() == "Banque du Rhône"
    assert "Lieu : Lyon" in response.context["intake_form"]["text"].value()
    mail = eml_of("Nous cherchons un profil Docker obligatoire.\nLieu : Lyon", subject="AO : Expert Docker",
                  sender="Paul Roy <paul.roy@client.fr>", html=True)  # fmt: skip
    response = client.post(reverse("tenders:tender-intake"), {"intake-file": SimpleUploadedFile("x.eml", mail)})
    form = response.context["form"]
    assert (form["title"].value(), form["client_contact_name"].value(), form["client_contact_email"].value()) == (
        "Expert Docker",
        "Paul Roy",
        "paul.roy@client.fr",
    )
    assert [row["skill"] for row in response.context["needs"].initial] == ["Docker"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"0" * 100, "Only PDF, Word (.docx) and e-mail (.eml) files are accepted"),
        (b"%PDF-1.4 broken", "The PDF file is damaged and cannot be read."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100, "Old Word documents (.doc)"),
        (b"x" * (10 * 1024 * 1024 + 1), "The file is larger than 10 MB."),
    ],
)
def test_a_refused_file_says_why_keeps_what_was_typed_and_saves_nothing(client, cast, catalogue, content, message):
    before = _snapshot()
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-intake"), {"intake-file": SimpleUploadedFile("call.pdf", content), "title": "Gardé"}
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["intake_form"].errors["file"])
    assert response.context["form"]["title"].value() == "Gardé"
    assert _snapshot() == before


def test_an_empty_intake_asks_for_a_text_or_a_file(client, cast):
    response = _login(client, cast.a.sales).post(reverse("tenders:tender-intake"), {"intake-text": "  "})
    assert response.context["intake_form"].non_field_errors() == ["Paste the call's text or choose its file."]


def test_one_form_creates_the_tender_with_its_skills_owner_and_contact(client, cast, catalogue):
    data = {
        **_tender(reply_deadline="2027-02-01", owner=str(cast.a.sales.pk), client_contact_name="Inès Roy",
                  client_contact_email="ines.roy@gamma.fr", client_contact_phone="04 72 00 00 00"),
        **_needs(("Java", "required", "expert"), ("kafka", "nice_to_have", ""), ("", "required", ""), total=4),
    }  # fmt: skip
    response = _login(client, cast.a.sales).post(reverse("tenders:tender-create"), data)
    tender = Tender.objects.get(title="Migration Kubernetes")
    assert response.status_code == 302
    assert (tender.reply_deadline, tender.owner, tender.client_contact_email) == (
        datetime.date(2027, 2, 1),
        cast.a.sales,
        "ines.roy@gamma.fr",
    )
    assert sorted(
        TenderSkill.objects.filter(tender=tender).values_list("skill__name", "importance", "minimum_level")
    ) == [
        ("Apache Kafka", "nice_to_have", None),
        ("Java", "required", "expert"),
    ]
    assert ChangeRecord.objects.filter(object_kind="tender", object_id=tender.pk).count() == 3


@pytest.mark.parametrize(
    ("changes", "rows", "field", "message"),
    [
        ({}, [("Cobol 2050", "required", "")], "skill", "No skill of the catalogue is called “Cobol 2050”."),
        ({}, [("Java", "required", ""), ("Java", "preferred", "")], "skill", "Java is listed twice."),
        ({"reply_deadline": "32/13/2027"}, [("Java", "required", "")], "reply_deadline", "Enter a valid date."),
        ({"client_contact_email": "pas un mail"}, [("Java", "required", "")], "client_contact_email", "Enter a valid"),
    ],
)
def test_bad_input_shows_the_form_again_with_every_value_and_saves_nothing(
    client, cast, catalogue, changes, rows, field, message
):
    before = _snapshot()
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-create"), {**_tender(**changes), **_needs(*rows), "intake-text": "le texte"}
    )
    assert response.status_code == 200
    assert _snapshot() == before
    content = response.content.decode()
    assert message in content
    assert 'value="Migration Kubernetes"' in content and 'value="Assurance Gamma"' in content
    assert all(f'value="{skill}"' in content for skill, _importance, _level in rows)
    assert "le texte</textarea>" in content


@pytest.mark.parametrize("who", ["recruiter", "other company's sales"])
def test_the_owner_must_be_a_salesperson_or_manager_of_the_company(client, cast, catalogue, who):
    owner = cast.a.recruiter if who == "recruiter" else cast.b.sales
    before = _snapshot()
    response = _login(client, cast.a.sales).post(
        reverse("tenders:tender-create"), {**_tender(owner=str(owner.pk)), **_needs()}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in " ".join(response.context["form"].errors["owner"])
    assert _snapshot() == before
    choices = [value for value, _label in response.context["form"].fields["owner"].choices if value]
    assert sorted(int(str(value)) for value in choices) == sorted([cast.a.manager.pk, cast.a.sales.pk])


def test_the_model_refuses_an_owner_outside_the_company(cast):
    from django.core.exceptions import ValidationError

    tender = TenderFactory.build(company=cast.a.company, owner=cast.b.sales)
    with pytest.raises(ValidationError) as error:
        tender.full_clean()
    assert list(error.value.message_dict) == ["owner"]


def test_the_list_puts_open_tenders_first_by_reply_deadline_with_budget_and_suggestion_counts(
    client, cast, django_assert_max_num_queries
):
    company = cast.a.company
    TenderFactory(company=company, title="Closed soon", status="closed", reply_deadline=datetime.date(2026, 12, 5))
    late = TenderFactory(company=company, title="Late", reply_deadline=datetime.date(2027, 3, 1), budget=120000)
    TenderFactory(company=company, title="Undated", reply_deadline=None)
    TenderFactory(company=company, title="Soon", reply_deadline=datetime.date(2027, 1, 10))
    MatchFactory.create_batch(3, tender=late)
    MatchFactory(tender=late, status="submitted")
    client = _login(client, cast.a.sales)
    # As the list's query-count test, with the top bar's unread count and the saved searches menu.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("tenders:tender-list"))
    page = list(response.context["page"])
    assert [tender.title for tender in page] == ["Soon", "Late", "Undated", "Closed soon"]
    assert [tender.suggestion_count for tender in page] == [0, 3, 0, 0]
    assert "€120,000" in response.content.decode()
