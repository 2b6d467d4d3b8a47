"""CV upload: the corpus of the issue through the real page, private storage, versions, download."""

import re
import threading
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from consultants import resumes
from consultants.models import Resume, ResumeStatus
from consultants.tests import resume_corpus
from consultants.tests.factories import ConsultantFactory, SkillFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path) -> Path:
    root = tmp_path / "private"
    settings.PRIVATE_MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def _tasks_in_process(settings):
    """Extraction runs inline, so no test leaves a message on a shared broker."""
    from talentmatch.celery import app

    previous = app.conf.task_always_eager
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def colleague(cast):
    for name in ("Python", "Django", "PostgreSQL", "Node.js", "C++", "C#", "JavaScript", "Java", "Go"):
        SkillFactory(name=name)
    return ConsultantFactory(company=cast.a.company, user__first_name="Camille", user__last_name="Testeur")


def _page_without(response, url: str) -> str:
    """A page with its own address and its per-response CSRF token masked."""
    content = response.content.decode().replace(url, "URL")
    content = re.sub(r'"X-CSRFToken": "[^"]+"', "TOKEN", content)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", content)


def _files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def _upload(client, consultant, name: str, data: bytes, **headers):
    url = reverse("consultants:resume-upload", args=[consultant.pk])
    return client.post(
        url, {"file": SimpleUploadedFile(name, data, content_type="application/octet-stream")}, **headers
    )


@pytest.fixture(scope="module")
def corpus():
    return resume_corpus.corpus()


def test_only_the_two_valid_files_of_the_corpus_are_accepted_and_refused_ones_leave_nothing(
    client, cast, colleague, private_root, corpus
):
    client.force_login(cast.a.recruiter)
    verdicts = {}
    for sample in corpus:
        before_rows, before_files = Resume.objects.count(), _files(private_root)
        response = _upload(client, colleague, sample.name, sample.data, **HTMX)
        assert response.status_code == 200
        accepted = Resume.objects.count() == before_rows + 1
        verdicts[sample.key] = accepted
        if not accepted:
            assert _files(private_root) == before_files, sample.key
            assert 'class="field-error"' in response.content.decode(), sample.key
    assert verdicts == {sample.key: sample.accepted for sample in corpus}
    stored = list(Resume.objects.filter(consultant=colleague).order_by("version"))
    assert [(resume.version, resume.file_type) for resume in stored] == [(1, "pdf"), (2, "docx")]
    assert len(_files(private_root)) == 2
    # Nothing escaped the private root, whatever the names said.
    assert not (private_root.parent / "etc").exists()


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("ELF executable renamed .pdf", "Only PDF and Word (.docx) files are accepted, and this file is neither."),
        ("HTML file renamed .docx", "Only PDF and Word (.docx) files are accepted, and this file is neither."),
        ("empty file", "The file is empty."),
        ("encrypted PDF", "The PDF is protected by a password: upload an unprotected copy."),
        ("corrupt PDF (first half only)", "The PDF file is damaged and cannot be read."),
        ("corrupt DOCX (first half only)", "The Word file is damaged and cannot be read."),
        ("oversize (10 MB + 1 byte)", "The file is larger than 10 MB."),
        ("zip bomb DOCX (200 MB of zeros)", "The Word file unpacks to an abnormal size and is refused."),
        ("DOCX with 5,000 entries", "The Word file unpacks to an abnormal size and is refused."),
    ],
)
def test_each_refusal_says_why_beside_the_field(client, cast, colleague, corpus, key, message):
    sample = next(sample for sample in corpus if sample.key == key)
    client.force_login(cast.a.recruiter)
    content = _upload(client, colleague, sample.name, sample.data, **HTMX).content.decode()
    assert f'<p class="field-error" id="id_cv_file_error" role="alert">{message}</p>' in content
    assert Resume.objects.count() == 0


def test_a_refusal_without_htmx_shows_the_upload_page_with_the_error(client, cast, colleague):
    client.force_login(cast.a.recruiter)
    response = _upload(client, colleague, "cv.pdf", resume_corpus.elf_executable())
    assert response.status_code == 200
    assert response.templates[0].name == "consultants/resumes/resume_upload.html"
    assert "this file is neither" in response.content.decode()
    assert Resume.objects.count() == 0


def test_a_valid_pdf_under_a_hostile_name_is_stored_under_a_server_chosen_name(client, cast, colleague, private_root):
    client.force_login(cast.a.recruiter)
    response = _upload(client, colleague, "../../../etc/passwd\x07\x1b[31m.pdf", resume_corpus.valid_pdf())
    assert response.status_code == 302
    resume = Resume.objects.get()
    assert resume.file_path.startswith(f"resumes/{colleague.company_id}/")
    assert "passwd" not in resume.file_path and ".." not in resume.file_path
    assert [path.relative_to(private_root).as_posix() for path in _files(private_root)] == [resume.file_path]
    download = client.get(reverse("consultants:resume-download", args=[colleague.pk, resume.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="cv-camille-testeur-v1.pdf"'


def test_the_private_root_is_neither_static_nor_media():
    """The configured root (not the per-test one) lies outside every folder the app serves files from."""
    from talentmatch import settings as configured

    root = Path(configured.PRIVATE_MEDIA_ROOT).resolve()
    served = [*configured.STATICFILES_DIRS, configured.STATIC_ROOT, getattr(configured, "MEDIA_ROOT", None)]
    for folder in filter(None, served):
        folder = Path(folder).resolve()
        assert folder not in (root, *root.parents) and root not in (folder, *folder.parents)
    assert not getattr(configured, "MEDIA_URL", "")


def test_download_is_an_attachment_with_nosniff_and_the_exact_bytes(client, cast, colleague):
    data = resume_corpus.valid_docx()
    resume = resumes.resume_upload(consultant=colleague, data=data, by=cast.a.recruiter)
    client.force_login(cast.a.sales)
    response = client.get(reverse("consultants:resume-download", args=[colleague.pk, resume.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="cv-camille-testeur-v1.docx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == resumes.CONTENT_TYPES["docx"]
    assert b"".join(response.streaming_content) == data


def test_versions_count_up_per_consultant(cast, colleague):
    other = ConsultantFactory(company=cast.a.company)
    pdf = resume_corpus.valid_pdf()
    versions = [resumes.resume_upload(consultant=colleague, data=pdf, by=None).version for _ in range(3)]
    assert versions == [1, 2, 3]
    assert resumes.resume_upload(consultant=other, data=pdf, by=None).version == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_uploads_get_distinct_versions(cast, colleague, private_root):
    pdf = resume_corpus.valid_pdf()
    barrier = threading.Barrier(4)
    errors = []

    def upload():
        try:
            barrier.wait()
            resumes.resume_upload(consultant=colleague, data=pdf, by=None)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(Resume.objects.filter(consultant=colleague).values_list("version", flat=True)) == [1, 2, 3, 4]
    assert len(_files(private_root)) == 4


def test_the_status_is_queued_until_the_task_runs_and_the_panel_polls_meanwhile(client, cast, colleague):
    # The extraction is queued on commit, which the test's transaction never reaches: it runs by hand below.
    resume = resumes.resume_upload(consultant=colleague, data=resume_corpus.valid_pdf(), by=None)
    assert Resume.objects.get(pk=resume.pk).status == ResumeStatus.QUEUED
    client.force_login(cast.a.recruiter)
    panel = client.get(reverse("consultants:resume-panel", args=[colleague.pk]), **HTMX).content.decode()
    assert 'hx-trigger="every 2s"' in panel
    assert "Being read…" in panel
    resumes.resume_extract(resume_id=resume.pk, company_id=colleague.company_id)
    panel = client.get(reverse("consultants:resume-panel", args=[colleague.pk]), **HTMX).content.decode()
    assert "every 2s" not in panel
    assert "Extracted" in panel


def test_after_an_upload_the_notice_follows_the_reading_and_the_polling_stops_once_it_is_read(client, cast, colleague):
    client.force_login(cast.a.recruiter)
    response = _upload(client, colleague, "cv.pdf", resume_corpus.valid_pdf(), **HTMX)  # queued on commit: not yet
    resume = Resume.objects.get(consultant=colleague)
    poll = reverse("consultants:resume-panel", args=[colleague.pk]) + f"?watch={resume.pk}"
    panel = response.content.decode()
    assert '<p class="muted notice" role="status">CV version 1 received: its text is being read.</p>' in panel
    assert f'hx-get="{poll}" hx-trigger="every 2s"' in panel

    panel = client.get(poll, **HTMX).content.decode()
    assert "CV version 1 received: its text is being read." in panel and "Being read…" in panel
    assert f'hx-get="{poll}" hx-trigger="every 2s"' in panel

    resumes.resume_extract(resume_id=resume.pk, company_id=colleague.company_id)
    panel = client.get(poll, **HTMX).content.decode()
    assert '<p class="muted notice" role="status">CV version 1 has been read.</p>' in panel
    assert "being read" not in panel and "hx-trigger" not in panel and "hx-get" not in panel
    assert '<span class="status status-cv-extracted">Extracted</span>' in panel


@pytest.mark.django_db(transaction=True)
def test_a_cv_read_before_the_answer_is_told_as_read_at_once_and_an_image_only_one_as_holding_no_text(
    client, cast, colleague
):
    """The embedded setup: no broker, the reading runs in-process as soon as the upload commits."""
    client.force_login(cast.a.recruiter)
    panel = _upload(client, colleague, "cv.pdf", resume_corpus.valid_pdf(), **HTMX).content.decode()
    assert '<p class="muted notice" role="status">CV version 1 has been read.</p>' in panel
    assert "hx-trigger" not in panel

    panel = _upload(client, colleague, "scan.pdf", resume_corpus.image_only_pdf(), **HTMX).content.decode()
    assert (
        '<p class="muted notice" role="status">CV version 2 holds no text (a scanned image?): '
        "enter the skills by hand.</p>"
    ) in panel
    assert "hx-trigger" not in panel


def test_a_poll_watching_another_consultants_cv_shows_no_notice(client, cast, colleague):
    other = ConsultantFactory(company=cast.a.company)
    foreign = resumes.resume_upload(consultant=other, data=resume_corpus.valid_pdf(), by=None)
    client.force_login(cast.a.recruiter)
    url = reverse("consultants:resume-panel", args=[colleague.pk])
    for watch in (str(foreign.pk), "abc", "-1"):
        panel = client.get(url, {"watch": watch}, **HTMX).content.decode()
        assert '<p class="muted notice" role="status"></p>' in panel
        assert "hx-trigger" not in panel


def test_the_profile_page_shows_the_cv_panel(client, cast, colleague):
    resumes.resume_upload(consultant=colleague, data=resume_corpus.valid_pdf(), by=None)
    client.force_login(cast.a.recruiter)
    content = client.get(reverse("consultants:consultant-detail", args=[colleague.pk])).content.decode()
    assert 'id="consultant-cvs"' in content
    assert reverse("consultants:resume-upload", args=[colleague.pk]) in content
    assert "v1" in content


def test_a_consultant_sees_their_own_cvs_but_cannot_upload(client, cast):
    own = ConsultantFactory(company=cast.a.company, user=cast.a.consultant_user)
    resume = resumes.resume_upload(consultant=own, data=resume_corpus.valid_pdf(), by=None)
    client.force_login(cast.a.consultant_user)
    content = client.get(reverse("consultants:consultant-detail", args=[own.pk])).content.decode()
    assert reverse("consultants:resume-download", args=[own.pk, resume.pk]) in content
    assert reverse("consultants:resume-upload", args=[own.pk]) not in content
    assert _upload(client, own, "cv.pdf", resume_corpus.valid_pdf()).status_code == 403
    assert client.get(reverse("consultants:resume-download", args=[own.pk, resume.pk])).status_code == 200
    assert Resume.objects.count() == 1


@pytest.mark.parametrize("role", ["manager", "recruiter", "sales"])
def test_another_companys_cv_answers_404_like_a_missing_one(client, cast, role):
    theirs = ConsultantFactory(company=cast.b.company)
    resume = resumes.resume_upload(consultant=theirs, data=resume_corpus.valid_pdf(), by=None)
    ours = ConsultantFactory(company=cast.a.company)
    client.force_login(cast.a.user(role))
    urls = {
        "other": reverse("consultants:resume-download", args=[theirs.pk, resume.pk]),
        "missing": reverse("consultants:resume-download", args=[theirs.pk, resume.pk + 1000]),
        # Their CV reached through one of our consultants is missing too.
        "crossed": reverse("consultants:resume-download", args=[ours.pk, resume.pk]),
    }
    responses = {key: client.get(url) for key, url in urls.items()}
    assert {key: response.status_code for key, response in responses.items()} == dict.fromkeys(urls, 404)
    # The same page, but for the address it echoes (the language switcher's "next").
    pages = {key: _page_without(responses[key], url) for key, url in urls.items()}
    assert pages["other"] == pages["missing"] == pages["crossed"]


def test_uploading_to_another_companys_consultant_answers_404_and_writes_nothing(client, cast, private_root):
    theirs = ConsultantFactory(company=cast.b.company)
    client.force_login(cast.a.recruiter)
    assert _upload(client, theirs, "cv.pdf", resume_corpus.valid_pdf()).status_code == 404
    assert Resume.objects.count() == 0
    assert _files(private_root) == []


def test_sales_may_read_cvs_but_not_upload_them(client, cast, colleague):
    client.force_login(cast.a.sales)
    assert _upload(client, colleague, "cv.pdf", resume_corpus.valid_pdf()).status_code == 403
    assert Resume.objects.count() == 0
