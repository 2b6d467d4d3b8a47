"""Career entries proposed from a CV: read on extraction, shown on the CV panel with their source lines,
and added to the profile only when a recruiter accepts them (with their changes) — or ignored."""

import datetime
from pathlib import Path

import pytest
from django.core.cache import cache
from django.urls import reverse

from collaborations.models import Collaboration, CollaborationStatus
from consultants import resumes
from consultants.career.models import Certification, Education, Experience, SpokenLanguage
from consultants.models import Resume, Skill
from consultants.resumes.career import detect_career
from consultants.tests import career_corpus
from consultants.tests.factories import ConsultantFactory, SkillFactory
from history.models import ChangeRecord

HTMX = {"HTTP_HX_REQUEST": "true"}
CATALOGUE = ["Python", "Django", "PostgreSQL", "Java", "Spring", "Spring Boot", "Kafka", "Snowflake", "Go"]
CATALOGUE += ["Docker", "Kubernetes", "React", "Scrum"]
ALL_CVS = [*career_corpus.CORPUS, career_corpus.UNSEEN]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The profile cache outlives a test, and SQLite hands a rolled-back test's ids out again: a
    profile cached by an earlier test under the same id must not answer for this one's."""
    cache.clear()


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path) -> Path:
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    from talentmatch.celery import app

    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def catalogue(db) -> dict[str, Skill]:
    return {name: SkillFactory(name=name) for name in CATALOGUE}


@pytest.fixture
def upload(django_capture_on_commit_callbacks, catalogue):
    def upload(consultant, cv: career_corpus.CareerCV) -> Resume:
        with django_capture_on_commit_callbacks(execute=True):
            resume = resumes.resume_upload(consultant=consultant, data=cv.data(), by=None)
        resume.refresh_from_db()
        return resume

    return upload


def _proposed(resume: Resume, catalogue) -> list[tuple[str, dict, list[str]]]:
    names = {skill.pk: skill.name for skill in catalogue.values()}
    return [
        (proposal["kind"], proposal["values"], sorted(names[pk] for pk in proposal["skills"]))
        for proposal in resume.career_suggestions
    ]


def _expected(cv) -> list[tuple[str, dict, list[str]]]:
    return [(kind, values, sorted(skills)) for kind, values, skills in cv.expected]


# --- accuracy -----------------------------------------------------------------------------------


@pytest.mark.parametrize("cv", ALL_CVS, ids=[cv.name for cv in ALL_CVS])
def test_each_cv_of_the_corpus_gives_exactly_the_entries_a_recruiter_would_enter(cast, upload, catalogue, cv):
    consultant = ConsultantFactory(company=cast.a.company)
    resume = upload(consultant, cv)
    assert resume.status == "extracted"
    assert _proposed(resume, catalogue) == _expected(cv)
    assert [p["state"] for p in resume.career_suggestions] == ["pending"] * len(cv.expected)
    assert [p["id"] for p in resume.career_suggestions] == list(range(1, len(cv.expected) + 1))
    # Read, not written: nothing is on the profile before a recruiter reviews it.
    for model in (Experience, Education, Certification, SpokenLanguage):
        assert model.objects.filter(consultant=consultant).count() == 0


def test_the_corpus_figures_entries_found_expected_and_wrong(cast, upload, catalogue):
    """The figures of the report: entries found exactly / expected, and proposals that are wrong."""
    consultant = ConsultantFactory(company=cast.a.company)
    by_kind = {}
    for cv in ALL_CVS:
        proposed, expected = _proposed(upload(consultant, cv), catalogue), _expected(cv)
        for kind in ("experiences", "education", "certifications", "languages"):
            found, wanted = [p for p in proposed if p[0] == kind], [e for e in expected if e[0] == kind]
            right = sum(1 for entry in found if entry in wanted)
            totals = by_kind.setdefault(kind, [0, 0, 0])
            totals[0] += right
            totals[1] += len(wanted)
            totals[2] += len(found) - right
    assert by_kind == {
        "experiences": [14, 14, 0],
        "education": [7, 7, 0],
        "certifications": [6, 6, 0],
        "languages": [17, 17, 0],
    }
    assert len(ALL_CVS) == 7 and {cv.file_type for cv in ALL_CVS} == {"pdf", "docx"}


def test_a_cv_without_career_headings_proposes_no_entry(cast, upload):
    lines = ["Camille Testeur", "Python et Django depuis 2019 – 2023 au quotidien.", "Anglais et espagnol."]
    resume = upload(ConsultantFactory(company=cast.a.company), career_corpus.CareerCV("plain", "pdf", lines, []))
    assert resume.career_suggestions == []


def _read(text: str) -> list[tuple[str, dict]]:
    return [(proposal["kind"], proposal["values"]) for proposal in detect_career(text, lambda _text: [])]


@pytest.mark.parametrize(
    ("line", "language", "level"),
    [
        ("Anglais courant", "Anglais", "C1"),
        ("English — fluent", "English", "C1"),
        ("Allemand : C1", "Allemand", "C1"),
        ("Bilingue espagnol", "Espagnol", "C2"),
        ("Italien : notions", "Italien", "A1"),
        ("Portugais (langue maternelle)", "Portugais", "native"),
        ("English: TOEIC 890", "English", "B2"),
        ("Russe", "Russe", ""),
    ],
)
def test_a_language_line_gives_the_language_with_its_level(line, language, level):
    assert _read(f"Langues\n{line}") == [("languages", {"language": language, "level": level})]


def test_labelled_missions_without_descriptions_keep_their_own_place():
    text = "Missions\nClient : BNP Paribas\nPoste : Développeur Java\nPériode : 03/2019 – 06/2021\nLieu : Paris"
    text += "\nClient : Airbus\nPoste : Tech lead\nPériode : 07/2021 – aujourd'hui\nLieu : Toulouse"
    assert [(values["employer"], values["location"], values["end_date"]) for _kind, values in _read(text)] == [
        ("BNP Paribas", "Paris", "2021-06-30"),
        ("Airbus", "Toulouse", None),
    ]


def test_dates_outside_the_career_sections_are_not_missions():
    text = "Profil\n2015 – 2020 : dix projets Python\nCentres d'intérêt\nDepuis 2012 : trail\nExpérience\nAucune."
    assert _read(text) == []


# --- review -------------------------------------------------------------------------------------


@pytest.fixture
def reviewed(cast, upload):
    """A consultant of company a and the extracted CV of the French ESN layout (two missions, a
    degree, two languages)."""
    consultant = ConsultantFactory(company=cast.a.company)
    return consultant, upload(consultant, career_corpus.CORPUS[1])


def _url(name, consultant, resume, number):
    return reverse(f"consultants:resume-career-{name}", args=[consultant.pk, resume.pk, number])


MISSION = {
    "employer": "BNP Paribas",
    "sector": "Banque",
    "role": "Développeur Java senior",
    "start_date": "2019-03-01",
    "end_date": "2021-06-30",
    "description": "Migration des flux de paiement vers Kafka.",
    "location": "Paris",
    "skills_used": "Java, Kafka",
}


def _post(client, consultant, resume, number, values, **headers):
    data = {f"cv-career-{number}-{name}": value for name, value in values.items()}
    return client.post(_url("accept", consultant, resume, number), data, **headers)


def test_the_panel_shows_each_proposal_with_its_lines_and_a_prefilled_form(client, cast, reviewed):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    panel = client.get(reverse("consultants:resume-panel", args=[consultant.pk]), **HTMX).content.decode()
    assert "Career entries found in CV version 1" in panel
    assert panel.count('id="accept-career-') == 5 and panel.count('id="ignore-career-') == 5
    assert "Développeur Java senior — BNP Paribas, March 2019 – June 2021" in panel
    assert "Client : BNP Paribas<br>Poste : Développeur Java senior<br>Période : 03/2019 – 06/2021" in panel
    assert 'name="cv-career-1-employer" value="BNP Paribas"' in panel
    assert 'name="cv-career-1-start_date" value="2019-03-01"' in panel
    assert 'name="cv-career-1-skills_used" value="Java, Kafka, Spring Boot"' in panel
    assert "Anglais (B2)" in panel and "Master MIAGE — Université Paris-Dauphine (2012)" in panel


def test_accepting_a_changed_proposal_adds_the_entry_through_the_career_service(client, cast, reviewed, catalogue):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    response = _post(client, consultant, resume, 1, MISSION, **HTMX)
    content = response.content.decode()
    assert response.status_code == 200
    assert "“Développeur Java senior — BNP Paribas” added to the profile." in content
    assert 'hx-swap-oob="outerHTML:#career-experiences"' in content
    assert 'id="career-suggestion-1"' not in content and 'id="career-suggestion-2"' in content
    mission = Experience.objects.get(consultant=consultant)
    assert (mission.employer, mission.sector, mission.start_date, mission.end_date) == (
        "BNP Paribas",
        "Banque",
        datetime.date(2019, 3, 1),
        datetime.date(2021, 6, 30),
    )
    assert sorted(mission.skills.values_list("name", flat=True)) == ["Java", "Kafka"]
    record = ChangeRecord.objects.get(object_id=consultant.pk, action="career_added")
    assert (record.actor_id, record.subject) == (cast.a.recruiter.pk, "Développeur Java senior — BNP Paribas")
    resume.refresh_from_db()
    assert [p["state"] for p in resume.career_suggestions] == ["accepted", *["pending"] * 4]
    # Handled once: a second decision on it is refused and nothing more is written.
    again = _post(client, consultant, resume, 1, MISSION, **HTMX).content.decode()
    assert "This suggestion has already been handled." in again
    assert Experience.objects.filter(consultant=consultant).count() == 1


def test_a_language_and_a_degree_are_accepted_as_proposed(client, cast, reviewed):
    consultant, resume = reviewed
    client.force_login(cast.a.manager)
    degree = {"school": "Université Paris-Dauphine", "degree": "Master MIAGE", "field": "", "end_year": "2012"}
    assert _post(client, consultant, resume, 3, {**degree, "start_year": ""}).status_code == 302
    assert _post(client, consultant, resume, 4, {"language": "Anglais", "level": "B2"}).status_code == 302
    assert list(Education.objects.filter(consultant=consultant).values_list("degree", "end_year")) == [
        ("Master MIAGE", 2012)
    ]
    assert list(SpokenLanguage.objects.filter(consultant=consultant).values_list("language", "level")) == [
        ("Anglais", "B2")
    ]


def test_a_wrong_field_is_shown_in_the_open_form_and_nothing_is_added(client, cast, reviewed):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    content = _post(client, consultant, resume, 1, {**MISSION, "employer": "", "skills_used": "Cobol++"}, **HTMX)
    content = content.content.decode()
    assert 'id="id_cv-career-1-employer_error"' in content
    assert "Not in the skill catalogue: Cobol++." in content
    assert "<details open>" in content
    assert Experience.objects.count() == 0
    resume.refresh_from_db()
    assert resume.career_suggestions[0]["state"] == "pending"


def test_ignoring_a_proposal_leaves_the_profile_alone_and_hides_it(client, cast, reviewed):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    content = client.post(_url("ignore", consultant, resume, 5), **HTMX).content.decode()
    assert "Suggestion ignored: the profile is unchanged." in content
    assert 'id="career-suggestion-5"' not in content
    assert SpokenLanguage.objects.count() == 0
    resume.refresh_from_db()
    assert resume.career_suggestions[4]["state"] == "ignored"
    again = _post(client, consultant, resume, 5, {"language": "Allemand", "level": "A2"}, **HTMX).content.decode()
    assert "This suggestion has already been handled." in again
    assert SpokenLanguage.objects.count() == 0


def test_an_unknown_proposal_number_answers_404(client, cast, reviewed):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    assert client.post(_url("ignore", consultant, resume, 99)).status_code == 404
    assert _post(client, consultant, resume, 99, MISSION).status_code == 404


@pytest.mark.parametrize("role", ["sales", "consultant"])
def test_only_those_who_review_skill_suggestions_review_career_entries(client, cast, reviewed, role):
    consultant, resume = reviewed
    client.force_login(cast.a.user(role))
    assert _post(client, consultant, resume, 1, MISSION).status_code == 403
    assert client.post(_url("ignore", consultant, resume, 2)).status_code == 403
    panel = client.get(reverse("consultants:consultant-detail", args=[consultant.pk])).content.decode()
    assert "career-suggestion" not in panel
    assert Experience.objects.count() == 0
    resume.refresh_from_db()
    assert {p["state"] for p in resume.career_suggestions} == {"pending"}


def test_another_companys_proposals_answer_404_and_a_partner_never_sees_them(client, cast, upload):
    theirs = ConsultantFactory(company=cast.b.company)
    resume = upload(theirs, career_corpus.CORPUS[1])
    before = Resume.objects.get(pk=resume.pk).career_suggestions
    Collaboration.objects.create(
        initiator_company=cast.a.company, partner_company=cast.b.company, status=CollaborationStatus.ACTIVE
    )
    client.force_login(cast.a.recruiter)
    shared = client.get(reverse("consultants:consultant-detail", args=[theirs.pk]))
    assert shared.status_code == 200
    assert "career-suggestion" not in shared.content.decode() and "BNP Paribas" not in shared.content.decode()
    assert _post(client, theirs, resume, 1, MISSION).status_code == 404
    assert client.post(_url("ignore", theirs, resume, 1)).status_code == 404
    assert Experience.objects.count() == 0
    assert Resume.objects.get(pk=resume.pk).career_suggestions == before


def test_the_profile_query_count_does_not_grow_with_the_proposals(client, cast, upload, django_assert_num_queries):
    """Pinned: the profile of a consultant whose last CV proposes 5 entries, then 8, costs the same."""
    client.force_login(cast.a.recruiter)
    counts = []
    for cv in (career_corpus.CORPUS[1], career_corpus.CORPUS[2]):
        consultant = ConsultantFactory(company=cast.a.company)
        upload(consultant, cv)
        url = reverse("consultants:consultant-detail", args=[consultant.pk])
        client.get(url)  # warm the per-process caches (catalogue datalist, gazetteer)
        with django_assert_num_queries(PROFILE_QUERIES) as captured:
            content = client.get(url).content.decode()
        counts.append(len(captured))
        assert content.count('id="accept-career-') == len(cv.expected)
    assert counts == [PROFILE_QUERIES, PROFILE_QUERIES]


PROFILE_QUERIES = 24


def test_the_panel_speaks_french(client, cast, reviewed, settings):
    settings.LANGUAGE_CODE = "fr"
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    panel = client.get(reverse("consultants:resume-panel", args=[consultant.pk]), **HTMX).content.decode()
    assert "Éléments de parcours trouvés dans la version 1 du CV" in panel
    assert "Tech lead — Airbus, juillet 2021 – février 2024" in panel
    assert "Mission ou poste" in panel and "Ajouter au profil" in panel and "Lu dans le CV" in panel
