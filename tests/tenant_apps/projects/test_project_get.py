"""`project_get_for_user` asked directly: live projects unless told otherwise, and a 404 that
says what was not found."""

from http import HTTPStatus

import pytest

from core.errors import NotFound
from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenant_apps.projects.selectors import project_get_for_user
from tests.fixtures.urls import PROJECTS_URL

pytestmark = pytest.mark.django_db


def test_by_default_only_a_live_project_is_found(tenant_member, make_project, tenant):
    live, deleted = make_project(tenant_member, name="Live"), make_project(tenant_member)
    with tenant:
        Project.objects.filter(pk=deleted.pk).update(is_deleted=True)
        membership = Membership.objects.get(user=tenant_member)

        def get(project):
            return project_get_for_user(
                user=tenant_member, membership=membership, project_id=project.pk
            )

        assert get(live) == live
        with pytest.raises(NotFound):
            get(deleted)


def test_an_unknown_project_id_answers_404_saying_so(tenant_member, tenant_client):
    response = tenant_client(tenant_member).get(f"{PROJECTS_URL}999999/")
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert response.json()["detail"] == "No project with this id."
