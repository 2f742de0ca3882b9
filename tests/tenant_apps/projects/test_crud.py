from http import HTTPStatus

import pytest

from tenant_apps.projects.models import Project
from tests.fixtures.urls import PROJECTS_URL, project_url

pytestmark = pytest.mark.django_db


def test_a_member_creates_a_project_and_owns_it(tenant_member, tenant_client, tenant):
    response = tenant_client(tenant_member).post(
        PROJECTS_URL, {"name": "Apollo", "description": "Moon"}, format="json"
    )
    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert body["name"] == "Apollo"
    assert body["slug"] == "apollo"
    assert body["owner"] == {"id": tenant_member.pk, "email": tenant_member.email}
    assert body["status"] == "active"
    assert set(body) == {
        "id", "name", "slug", "description", "status", "owner", "created_at", "updated_at",
    }  # fmt: skip


def test_retrieve_update_and_partial_update(tenant_member, tenant_client, make_project):
    project = make_project(tenant_member, name="Gemini")
    client = tenant_client(tenant_member)

    assert client.get(project_url(project)).json()["name"] == "Gemini"
    put = client.put(
        project_url(project),
        {"name": "Gemini II", "description": "d", "status": "archived"},
        format="json",
    )
    assert put.status_code == HTTPStatus.OK
    assert put.json()["status"] == "archived"
    patch = client.patch(project_url(project), {"description": "new"}, format="json")
    assert patch.json()["description"] == "new"
    assert patch.json()["name"] == "Gemini II"
    assert patch.json()["slug"] == "gemini"


def test_delete_is_a_soft_delete_hidden_from_list_and_detail(
    tenant_member, tenant_client, make_project, tenant
):
    project = make_project(tenant_member, name="Mercury")
    client = tenant_client(tenant_member)

    assert client.delete(project_url(project)).status_code == HTTPStatus.NO_CONTENT

    assert client.get(project_url(project)).status_code == HTTPStatus.NOT_FOUND
    assert client.get(PROJECTS_URL).json()["count"] == 0
    with tenant:
        assert Project.objects.get(pk=project.pk).is_deleted


def test_restore_brings_a_deleted_project_back(tenant_member, tenant_client, make_project):
    project = make_project(tenant_member, name="Skylab")
    client = tenant_client(tenant_member)
    client.delete(project_url(project))

    response = client.post(f"{project_url(project)}restore/")

    assert response.status_code == HTTPStatus.OK
    assert client.get(project_url(project)).status_code == HTTPStatus.OK


def test_restoring_a_project_that_is_not_deleted_is_a_conflict(
    tenant_member, tenant_client, make_project
):
    project = make_project(tenant_member)
    response = tenant_client(tenant_member).post(f"{project_url(project)}restore/")
    assert response.status_code == HTTPStatus.CONFLICT
    assert response.json()["code"] == "not_deleted"


def test_protected_fields_cannot_be_set_through_the_api(
    tenant_member, tenant_admin, tenant_client, tenant
):
    client = tenant_client(tenant_member)
    response = client.post(
        PROJECTS_URL,
        {
            "id": 999999, "name": "Sneaky", "owner": tenant_admin.pk, "slug": "chosen",
            "is_deleted": True, "created_at": "2000-01-01T00:00:00Z",
            "updated_at": "2000-01-01T00:00:00Z",
        },
        format="json",
    )  # fmt: skip
    assert response.status_code == HTTPStatus.CREATED
    body = response.json()
    assert body["id"] != 999999
    assert body["owner"]["id"] == tenant_member.pk
    assert body["slug"] == "sneaky"
    assert not body["created_at"].startswith("2000")
    with tenant:
        project = Project.objects.get(pk=body["id"])
    assert not project.is_deleted

    patch = client.patch(
        project_url(project),
        {"owner": tenant_admin.pk, "slug": "other", "is_deleted": True, "id": 1},
        format="json",
    )
    assert patch.status_code == HTTPStatus.OK
    with tenant:
        project.refresh_from_db()
    assert (project.owner_id, project.slug, project.is_deleted) == (
        tenant_member.pk,
        "sneaky",
        False,
    )


HOSTILE = [
    "'; DROP TABLE projects_project; --",
    "<script>alert(1)</script>",
    '" OR 1=1 --',
    "%00",
    "../../etc/passwd",
    "{{7*7}}",
    "😀" * 50,
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_strings_are_stored_as_plain_text(text, tenant_member, tenant_client):
    client = tenant_client(tenant_member)
    response = client.post(PROJECTS_URL, {"name": text, "description": text}, format="json")
    assert response.status_code == HTTPStatus.CREATED
    assert response.json()["name"] == text
    assert response["Content-Type"] == "application/json"


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"name": ""},
        {"name": "x" * 201},
        {"name": "a\x00b"},
        {"name": None},
        {"name": 12},
        {"name": ["a"]},
        {"name": "ok", "status": "deleted"},
        {"name": "ok", "description": None},
        [],
    ],
)
def test_bad_project_input_gets_400(payload, tenant_member, tenant_client, tenant):
    response = tenant_client(tenant_member).post(PROJECTS_URL, payload, format="json")
    assert response.status_code == HTTPStatus.BAD_REQUEST
    with tenant:
        assert not Project.objects.exists()


@pytest.mark.parametrize("path", ["abc/", "0/", "-1/", "99999999999999999999/", "1.5/"])
def test_odd_ids_get_404(path, tenant_member, tenant_client):
    response = tenant_client(tenant_member).get(f"{PROJECTS_URL}{path}")
    assert response.status_code == HTTPStatus.NOT_FOUND
