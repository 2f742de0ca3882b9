"""Every rule that needs someone to be a member says so the same way: one helper, one
error code (`not_a_member`), whether the someone is the caller or the person acted on."""

import pytest

from core.errors import DomainError
from tenant_apps.memberships.selectors import member_require
from tenant_apps.memberships.services import (
    member_role_set,
    membership_remove,
    membership_role_change,
)
from tenant_apps.projects.services import project_create, project_grant
from tenants.roles import Role


@pytest.fixture
def outsider(make_user, second_tenant):
    return make_user(email="outsider@example.com")


def test_each_membership_rule_refuses_an_outsider_with_one_code(tenant, tenant_owner, outsider):
    with tenant:
        project = project_create(actor=tenant_owner, name="Plans")
    attempts = {
        "read": lambda: member_require(user_id=outsider.pk),
        "change role": lambda: membership_role_change(
            organization=tenant, user=outsider, role=Role.ADMIN
        ),
        "remove": lambda: membership_remove(organization=tenant, user=outsider),
        "set role as owner": lambda: member_role_set(
            organization=tenant, actor=tenant_owner, user_id=outsider.pk, role=Role.ADMIN
        ),
        "create a project": lambda: project_create(actor=outsider, name="Intrusion"),
        "be granted": lambda: project_grant(
            actor=tenant_owner, project=project, user_id=outsider.pk, permission="view"
        ),
    }
    codes = {}
    for name, attempt in attempts.items():
        with pytest.raises(DomainError) as refused, tenant:
            attempt()
        codes[name] = refused.value.code
    assert codes == dict.fromkeys(attempts, "not_a_member")


@pytest.mark.parametrize("user_id", ["7", 7.0, True, None, -1])
def test_an_id_that_is_not_a_members_integer_id_is_not_a_member(tenant, user_id):
    with pytest.raises(DomainError) as refused, tenant:
        member_require(user_id=user_id)
    assert refused.value.code == "not_a_member"


def test_a_grant_to_an_outsider_names_the_field(tenant, tenant_owner, outsider):
    with tenant:
        project = project_create(actor=tenant_owner, name="Plans")
        with pytest.raises(DomainError) as refused:
            project_grant(
                actor=tenant_owner, project=project, user_id=outsider.pk, permission="view"
            )
    assert refused.value.status == 400
    assert "user_id" in refused.value.fields
