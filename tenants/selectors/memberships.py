from django.db.models import OuterRef, QuerySet, Subquery

from shared_apps.accounts.models import User
from tenants.models import Domain, MembershipIndex, OrganizationStatus


def organization_memberships_for_user(*, user: User) -> QuerySet[MembershipIndex]:
    """The user's organizations, from the public index: one query, no schema visited.

    Each row carries `organization` and `primary_domain`. Archived organizations are left out.
    """
    primary_domain = Domain.objects.filter(
        tenant_id=OuterRef("organization_id"), is_primary=True
    ).values("domain")[:1]
    return (
        MembershipIndex.objects.filter(user=user)
        .exclude(organization__status=OrganizationStatus.ARCHIVED)
        .select_related("organization")
        .annotate(primary_domain=Subquery(primary_domain))
        .order_by("organization__slug")
    )
