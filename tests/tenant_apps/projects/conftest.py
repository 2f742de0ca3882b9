import pytest

from tenant_apps.projects.services import project_create


@pytest.fixture
def make_project(tenant):
    """`make_project(owner, **fields)`: a project in `tenant`, created through the service
    (so its creator holds view/change/delete on it)."""

    def make(owner, **fields):
        fields.setdefault("name", "A project")
        with tenant:
            return project_create(actor=owner, **fields)

    return make
