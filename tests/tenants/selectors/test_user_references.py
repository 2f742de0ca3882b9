"""References to users across schemas (tenants/selectors/user_references.py), asked for some
schemas only, as a restore checks the one schema it brought back."""

import pytest
from model_bakery import baker

from shared_apps.accounts.models import User
from tenant_apps.projects.models import Project
from tenants.selectors.user_references import (
    dangling_user_references,
    email_reference_columns,
    user_reference_columns,
)

pytestmark = pytest.mark.django_db


def test_dangling_references_are_looked_for_in_the_schemas_named_only(
    make_user, tenant, second_tenant
):
    ghost = make_user()
    for organization in (tenant, second_tenant):
        with organization:
            baker.make(Project, owner=ghost)
    User.objects.filter(pk=ghost.pk)._raw_delete(User.objects.db)

    assert dangling_user_references(schemas=[tenant.schema_name]) == [
        (tenant.schema_name, "projects_project", "owner_id", ghost.pk)
    ]
    assert {row[0] for row in dangling_user_references()} >= {
        tenant.schema_name,
        second_tenant.schema_name,
    }


def test_only_columns_that_point_at_users_count_as_user_references():
    # guardian's content_type_id and permission_id are relations too, to other tables.
    assert user_reference_columns() == [
        ("guardian_userobjectpermission", "user_id"),
        ("invitations_invitation", "invited_by_id"),
        ("memberships_membership", "user_id"),
        ("projects_project", "owner_id"),
    ]
    assert email_reference_columns() == [("invitations_invitation", "email")]
