"""'Download my data': every row and file about the person, nothing about anyone else."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.apps import apps
from django.urls import reverse

from consultants.models import Consultant
from history.models import ChangeRecord
from privacy.models import AccessLogEntry
from talentmatch.models import User
from talentmatch.storage import private_path
from talentmatch.tests.sweep_rows import project_models


def _download(client, user, consultant) -> tuple[dict, dict[str, bytes]]:
    client.force_login(user)
    response = client.get(reverse("privacy:personal-data-export", kwargs={"pk": consultant.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    bundle = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    contents = {name: bundle.read(name) for name in bundle.namelist()}
    return json.loads(contents["data.json"]), contents


def rows_about(consultant: Consultant) -> dict[str, set[int]]:
    """Every row of every table (the many-to-many ones included) that points at the person — their
    profile or their account — or at such a row, to a fixpoint; plus their profile's history."""
    found: dict[type, set] = {Consultant: {consultant.pk}, User: {consultant.user_id}}
    tables = [*project_models(), *(field.remote_field.through for field in _m2m_fields())]
    changed = True
    while changed:
        changed = False
        for model in tables:
            for field in model._meta.concrete_fields:
                target = field.related_model if field.is_relation else None
                if target is None or not found.get(target):
                    continue
                pks = set(
                    model._default_manager.filter(**{f"{field.name}__in": found[target]}).values_list("pk", flat=True)
                )
                if not pks <= found.setdefault(model, set()):
                    found[model] |= pks
                    changed = True
    found[ChangeRecord] |= set(
        ChangeRecord.objects.filter(object_kind="consultant", object_id=consultant.pk).values_list("pk", flat=True)
    )
    return {model._meta.db_table: pks for model, pks in found.items() if pks}


def _m2m_fields():
    return [
        field
        for model in project_models()
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


def test_the_export_holds_every_row_about_the_person_and_every_file_of_theirs(client, cast, world):
    consultant = world.person.consultant
    expected = rows_about(consultant)  # before the download, which logs itself after reading
    document, contents = _download(client, cast.a.manager, consultant)
    exported = {table: {row["id"] for row in rows} for table, rows in document["tables"].items()}
    assert {table for table, pks in exported.items() if pks} == set(expected)
    for table, pks in expected.items():
        assert exported[table] == pks, table
    # Every table of the project with a row about the person is named, and so are the many-to-many ones.
    assert {"users", "consultants", "consultant_skills", "resumes", "matches", "match_events", "portfolios"} <= set(
        expected
    )
    assert {"change_records", "collaboration_selections", "consent_records", "access_log"} <= set(expected)
    assert len(exported["consent_records"]) == 2 and len(exported["matches"]) == 3
    assert sorted(name for name in contents if name.startswith("files/")) == sorted(
        f"files/{path}" for path in world.person.files
    )
    for path in world.person.files:
        assert contents[f"files/{path}"] == private_path(path).read_bytes()
    assert document["files"] == sorted(f"files/{path}" for path in world.person.files)
    assert document["missing_files"] == []
    text = contents["data.json"].decode()
    for marker in world.person.markers:
        assert marker in text or marker.encode() in b"".join(contents.values()), marker
    assert "hashed_password" not in text and "password" not in document["tables"]["users"][0]


def test_the_export_holds_nothing_about_anyone_else(client, cast, world):
    document, contents = _download(client, cast.a.manager, world.person.consultant)
    everything = b"".join(contents.values()).decode("latin-1")
    for other in (world.colleague, world.other):
        for marker in other.markers:
            assert marker not in everything, marker
    for table, rows in document["tables"].items():
        for row in rows:
            assert row.get("consultant_id", world.person.consultant.pk) == world.person.consultant.pk, table
    # The colleague's own export holds the colleague, not the person.
    colleague_document, _contents = _download(client, cast.a.manager, world.colleague.consultant)
    assert colleague_document["consultant_id"] == world.colleague.consultant.pk
    assert world.person.markers[0] not in json.dumps(colleague_document)


def test_a_consultant_downloads_their_own_data_and_the_download_is_logged(client, cast, world):
    consultant = world.person.consultant
    user = consultant.user
    user.set_password("x-long-enough-password")
    user.save()
    before = AccessLogEntry.objects.filter(kind="personal_data_export").count()
    document, _contents = _download(client, user, consultant)
    assert document["consultant_id"] == consultant.pk
    entry = AccessLogEntry.objects.filter(kind="personal_data_export").latest("pk")
    assert AccessLogEntry.objects.filter(kind="personal_data_export").count() == before + 1
    assert (entry.user_id, entry.consultant_id, entry.company_id) == (user.pk, consultant.pk, cast.a.company.pk)
    # Someone else's data: 404 like a missing profile; the logged-in consultant sees only their own.
    response = client.get(reverse("privacy:personal-data-export", kwargs={"pk": world.colleague.consultant.pk}))
    assert response.status_code == 404


@pytest.mark.parametrize(("role", "status"), [("recruiter", 403), ("sales", 403)])
def test_only_managers_and_the_person_download_the_data(client, cast, world, role, status):
    client.force_login(cast.a.user(role))
    url = reverse("privacy:personal-data-export", kwargs={"pk": world.person.consultant.pk})
    assert client.get(url).status_code == status


def test_another_companys_manager_gets_404_and_nothing_is_logged(client, cast, world):
    client.force_login(cast.b.manager)
    before = AccessLogEntry.objects.count()
    url = reverse("privacy:personal-data-export", kwargs={"pk": world.person.consultant.pk})
    assert client.get(url).status_code == 404
    assert AccessLogEntry.objects.count() == before
    assert apps.get_model("privacy", "AccessLogEntry") is AccessLogEntry
