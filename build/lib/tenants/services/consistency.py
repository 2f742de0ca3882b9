"""The public membership index must agree with the tenant memberships (the truth)."""

from dataclasses import dataclass

from django.db import transaction

from tenant_apps.memberships.models import Membership
from tenants.models import MembershipIndex, Organization


@dataclass(frozen=True)
class Drift:
    user_id: int
    tenant_role: str | None  # None: no membership in the schema (a stale index row)
    index_role: str | None  # None: no index row (a missing one)


def membership_index_drift(*, organization: Organization) -> list[Drift]:
    with organization:
        truth = dict(Membership.objects.values_list("user_id", "role"))
    index = dict(
        MembershipIndex.objects.filter(organization=organization).values_list("user_id", "role")
    )
    return [
        Drift(user_id=user_id, tenant_role=truth.get(user_id), index_role=index.get(user_id))
        for user_id in sorted(truth.keys() | index.keys())
        if truth.get(user_id) != index.get(user_id)
    ]


@transaction.atomic
def membership_index_repair(*, organization: Organization) -> list[Drift]:
    """Make the index match the schema; returns what was wrong."""
    drift = membership_index_drift(organization=organization)
    for item in drift:
        rows = MembershipIndex.objects.filter(organization=organization, user_id=item.user_id)
        if item.tenant_role is None:
            rows.delete()
        elif item.index_role is None:
            MembershipIndex.objects.create(
                organization=organization, user_id=item.user_id, role=item.tenant_role
            )
        else:
            rows.update(role=item.tenant_role)
    return drift
