"""The member selectors asked directly: the list in order of joining, and the refusal of a
non-member, which says so in both its forms."""

from datetime import timedelta

import pytest
from django.utils import timezone

from core.errors import DomainError, NotFound
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.selectors import member_list, member_require
from tenants.roles import Role

pytestmark = pytest.mark.django_db
MESSAGE = "This user is not a member of this organization."


def test_members_are_listed_in_order_of_joining_not_of_id(make_member, tenant):
    later_id = make_member(tenant, Role.MEMBER)
    with tenant:
        Membership.objects.filter(user=later_id).update(
            joined_at=timezone.now() - timedelta(days=365)
        )
        assert member_list().first().user_id == later_id.pk


def test_a_non_member_is_refused_with_the_message_as_404_or_naming_the_field(tenant):
    with tenant:
        with pytest.raises(NotFound) as not_found:
            member_require(user_id=999_999)
        with pytest.raises(DomainError) as in_body:
            member_require(user_id=999_999, field="user_id")
    assert not_found.value.message == MESSAGE
    assert (in_body.value.message, in_body.value.fields) == (MESSAGE, {"user_id": [MESSAGE]})


def test_members_who_joined_at_the_same_instant_are_listed_in_id_order(make_member, tenant):
    first, second = make_member(tenant, Role.MEMBER), make_member(tenant, Role.MEMBER)
    instant = timezone.now() - timedelta(days=365)
    with tenant:
        # The later row updated first: on disk the first member now comes after the second.
        for user in (second, first):
            Membership.objects.filter(user=user).update(joined_at=instant)
        listed = [membership.user_id for membership in member_list()[:2]]
    assert listed == [first.pk, second.pk]
