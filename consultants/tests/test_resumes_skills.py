"""CV text extraction and skill detection, and the suggestions a recruiter accepts or ignores."""

from pathlib import Path

import pytest
from django.urls import reverse

from consultants import resumes
from consultants.models import ConsultantSkill, ProficiencyLevel, Resume, ResumeStatus, SkillAlias
from consultants.skills.detection import SkillDetector, detect_skills
from consultants.tests import resume_corpus
from consultants.tests.factories import ConsultantFactory, ConsultantSkillFactory, SkillFactory

HTMX = {"HTTP_HX_REQUEST": "true"}
CORPUS_SKILLS = ["Python", "Django", "PostgreSQL", "Node.js", "C++", "C#", "JavaScript", "Java"]


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


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
def upload(django_capture_on_commit_callbacks):
    """Upload through the service and run what it queues on commit (the extraction task), as in production."""

    def upload(consultant, data, by=None):
        with django_capture_on_commit_callbacks(execute=True):
            return resumes.resume_upload(consultant=consultant, data=data, by=by)

    return upload


@pytest.fixture
def catalogue(db):
    skills = {
        name: SkillFactory(name=name) for name in [*CORPUS_SKILLS, "C", ".NET", "Go", "Ruby", "Spring", "Spring Boot"]
    }
    SkillAlias.objects.create(skill=skills["JavaScript"], alias="JS")
    SkillAlias.objects.create(skill=skills["PostgreSQL"], alias="Postgres")
    skills["Gestion de projet"] = SkillFactory(name="Gestion de projet", category="methodology")
    SkillAlias.objects.create(skill=skills["Gestion de projet"], alias="Project management")
    return skills


def _names(found) -> list[str]:
    return [item.name for item in found]


# --- detection ----------------------------------------------------------------------------------


def _detector(*names) -> SkillDetector:
    return SkillDetector({name: [(index, name)] for index, name in enumerate(names)})


def test_java_is_not_found_in_javascript_nor_c_in_cplusplus_or_csharp():
    detector = _detector("Java", "C", "R", ".NET", "Node")
    assert _names(detector.detect("JavaScript, TypeScript, C++ et C#, ASP.NET, Node.js")) == []
    assert _names(detector.detect("Java, C and .NET; Node")) == ["Java", "C", ".NET", "Node"]


def test_symbols_in_names_are_matched_whole():
    detector = _detector("C++", "C#", ".NET", "Node.js", "C")
    found = detector.detect("Langages : C++ (expert), C#. Plateformes .NET et Node.js ; C pour l'embarqué.")
    assert _names(found) == ["C++", "C#", ".NET", "Node.js", "C"]


def test_matching_ignores_case_and_accents_but_not_a_lower_case_one_letter_word():
    detector = _detector("Gestion de projet", "PostgreSQL", "C", "R")
    found = detector.detect("GESTION DE PROJÉT et postgresql ; c'est r. ou c")
    assert _names(found) == ["Gestion de projet", "PostgreSQL"]


def test_a_longer_name_wins_at_the_same_place():
    assert _names(_detector("Spring", "Spring Boot").detect("Spring-Boot, puis Spring seul")) == [
        "Spring Boot",
        "Spring",
    ]


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("5 ans de Python", 5),
        ("7 années d'expérience en Python", 7),
        ("Python (3 years)", 3),
        ("Python : 4 ans", 4),
        ("6+ years of Python", 6),
        ("3 years experience with Python", 3),
        ("Python, Django (2 ans)", None),
        ("Python depuis 2015", None),
        ("Python (99 years)", None),
    ],
)
def test_the_years_hint_is_read_around_the_mention(text, years):
    assert _detector("Python", "Django").detect(text)[0].years == years


def test_catalogue_names_and_aliases_are_both_found(catalogue):
    found = detect_skills("JS, Postgres and project management; Ruby")
    assert _names(found) == ["JavaScript", "PostgreSQL", "Gestion de projet", "Ruby"]


# --- extraction ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "kind"), [(resume_corpus.valid_pdf, "pdf"), (resume_corpus.valid_docx, "docx")], ids=["pdf", "docx"]
)
def test_extraction_of_each_valid_file_finds_the_skills_written_in_it(cast, catalogue, upload, make, kind):
    consultant = ConsultantFactory(company=cast.a.company)
    resume = upload(consultant, make(), cast.a.recruiter)
    resume.refresh_from_db()
    assert resume.file_type == kind
    assert resume.status == ResumeStatus.EXTRACTED
    assert "5 ans de Python" in resume.extracted_data
    suggested = {catalogue_id: (years, state) for catalogue_id, years, state in _suggestions(resume)}
    by_name = {name: suggested.get(skill.pk) for name, skill in catalogue.items() if skill.pk in suggested}
    assert by_name == {
        "Python": (5, "pending"),
        "Django": (None, "pending"),
        "PostgreSQL": (4, "pending"),
        "Node.js": (None, "pending"),
        "C++": (None, "pending"),
        "C#": (None, "pending"),
        "JavaScript": (None, "pending"),
        "Java": (None, "pending"),
    }


def _suggestions(resume):
    return [(s["skill"], s["years"], s["state"]) for s in resume.skill_suggestions]


def test_a_cv_without_text_is_marked_unreadable_and_gets_no_text(cast, catalogue, upload):
    consultant = ConsultantFactory(company=cast.a.company)
    resume = upload(consultant, resume_corpus.image_only_pdf())
    resume.refresh_from_db()
    assert (resume.status, resume.extracted_data, resume.skill_suggestions) == (ResumeStatus.UNREADABLE, None, [])


def test_a_cv_whose_file_cannot_be_read_is_marked_failed(cast, catalogue):
    consultant = ConsultantFactory(company=cast.a.company)
    # Its extraction is queued on commit, which the test's transaction never reaches: run by hand below.
    resume = resumes.resume_upload(consultant=consultant, data=resume_corpus.valid_pdf(), by=None)
    resumes.private_path(resume.file_path).write_bytes(b"%PDF-1.7\ngarbage")
    resumes.resume_extract(resume_id=resume.pk, company_id=consultant.company_id)
    resume.refresh_from_db()
    assert (resume.status, resume.extracted_data) == (ResumeStatus.FAILED, None)


def test_extraction_twice_changes_nothing_and_another_company_id_does_nothing(cast, catalogue, upload):
    consultant = ConsultantFactory(company=cast.a.company)
    resume = upload(consultant, resume_corpus.valid_pdf())
    resume.refresh_from_db()
    before = (resume.status, resume.extracted_data, resume.skill_suggestions)
    assert resumes.resume_extract(resume_id=resume.pk, company_id=cast.b.company.pk) is None
    resumes.resume_extract(resume_id=resume.pk, company_id=consultant.company_id)
    resume.refresh_from_db()
    assert (resume.status, resume.extracted_data, resume.skill_suggestions) == before


# --- suggestions --------------------------------------------------------------------------------


@pytest.fixture
def reviewed(cast, catalogue, upload):
    """A consultant of company a who declared Python (expert, 8 years), and their extracted CV."""
    consultant = ConsultantFactory(company=cast.a.company)
    ConsultantSkillFactory(
        consultant=consultant, skill=catalogue["Python"], proficiency_level=ProficiencyLevel.EXPERT, years_experience=8
    )
    resume = upload(consultant, resume_corpus.valid_pdf())
    resume.refresh_from_db()
    return consultant, resume


def _accept(client, consultant, resume, skill, level, years, seen="", **headers):
    url = reverse("consultants:resume-suggestion-accept", args=[consultant.pk, resume.pk, skill.pk])
    prefix = f"suggestion-{skill.pk}"
    data = {f"{prefix}-proficiency_level": level, f"{prefix}-years_experience": years, f"{prefix}-seen_declared": seen}
    return client.post(url, data, **headers)


def _held(consultant) -> dict:
    return {
        held.skill.name: (held.proficiency_level, held.years_experience)
        for held in ConsultantSkill.objects.filter(consultant=consultant).select_related("skill")
    }


def test_the_panel_lists_suggestions_with_the_declared_skill_and_the_cv_hint(client, cast, reviewed):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    panel = client.get(reverse("consultants:resume-panel", args=[consultant.pk]), **HTMX).content.decode()
    assert "Skills found in CV version 1" in panel
    assert "Declared: Expert · 8 years" in panel
    assert "CV: 5 years" in panel
    assert panel.count('id="accept-suggestion-') == 8


def test_accepting_a_new_skill_declares_it_with_the_chosen_level(client, cast, reviewed, catalogue):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    response = _accept(client, consultant, resume, catalogue["Django"], "advanced", "3", **HTMX)
    assert response.status_code == 200
    assert "Django saved on the profile." in response.content.decode()
    assert 'hx-swap-oob="outerHTML:#consultant-skills"' in response.content.decode()
    assert _held(consultant) == {"Python": ("expert", 8), "Django": ("advanced", 3)}
    resume.refresh_from_db()
    assert [s["state"] for s in resume.skill_suggestions if s["skill"] == catalogue["Django"].pk] == ["accepted"]


def test_a_declared_skill_is_never_overwritten_by_a_stale_decision(client, cast, reviewed, catalogue):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    # The form was shown before Python was declared (no marker): refused, nothing written.
    response = _accept(client, consultant, resume, catalogue["Python"], "beginner", "5", seen="", **HTMX)
    assert "Python was changed on the profile meanwhile: review the suggestion again." in response.content.decode()
    assert _held(consultant) == {"Python": ("expert", 8)}
    # With what the recruiter saw of the declared skill, the explicit update goes through.
    response = _accept(client, consultant, resume, catalogue["Python"], "expert", "5", seen="expert:8", **HTMX)
    assert _held(consultant) == {"Python": ("expert", 5)}


def test_ignoring_a_suggestion_leaves_the_profile_alone_and_hides_it(client, cast, reviewed, catalogue):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:resume-suggestion-ignore", args=[consultant.pk, resume.pk, catalogue["Java"].pk])
    response = client.post(url, **HTMX)
    assert "Suggestion Java ignored." in response.content.decode()
    assert f'id="suggestion-{catalogue["Java"].pk}"' not in response.content.decode()
    assert _held(consultant) == {"Python": ("expert", 8)}
    # Handled once: a second decision on it is refused.
    response = _accept(client, consultant, resume, catalogue["Java"], "advanced", "", **HTMX)
    assert "This suggestion has already been handled." in response.content.decode()
    assert _held(consultant) == {"Python": ("expert", 8)}


def test_a_bad_level_is_shown_beside_the_suggestion_and_nothing_changes(client, cast, reviewed, catalogue):
    consultant, resume = reviewed
    client.force_login(cast.a.recruiter)
    response = _accept(client, consultant, resume, catalogue["Django"], "guru", "-2", **HTMX)
    content = response.content.decode()
    assert f'id="id_suggestion-{catalogue["Django"].pk}-proficiency_level_error"' in content
    assert f'id="id_suggestion-{catalogue["Django"].pk}-years_experience_error"' in content
    assert _held(consultant) == {"Python": ("expert", 8)}


@pytest.mark.parametrize("role", ["sales", "consultant"])
def test_only_those_who_upload_cvs_review_suggestions(client, cast, reviewed, catalogue, role):
    consultant, resume = reviewed
    client.force_login(cast.a.user(role))
    assert _accept(client, consultant, resume, catalogue["Django"], "advanced", "3").status_code == 403
    url = reverse("consultants:resume-suggestion-ignore", args=[consultant.pk, resume.pk, catalogue["Java"].pk])
    assert client.post(url).status_code == 403
    assert _held(consultant) == {"Python": ("expert", 8)}


def test_another_companys_suggestion_answers_404(client, cast, catalogue, upload):
    theirs = ConsultantFactory(company=cast.b.company)
    resume = upload(theirs, resume_corpus.valid_pdf())
    before = Resume.objects.get(pk=resume.pk).skill_suggestions
    client.force_login(cast.a.recruiter)
    assert _accept(client, theirs, resume, catalogue["Django"], "advanced", "3").status_code == 404
    assert ConsultantSkill.objects.filter(consultant=theirs).count() == 0
    assert Resume.objects.get(pk=resume.pk).skill_suggestions == before
