from django.db.models import OuterRef, QuerySet

from shared_apps.accounts.models import User
from tenants.models import MembershipIndex, OrganizationStatus
from tenants.selectors.organizations import primary_domain_of


def organization_memberships_for_user(*, user: User) -> QuerySet[MembershipIndex]:
    """The user's organizations, from the public index: one query, no schema visited.

    Each row carries `organization` and `primary_domain`. Archived organizations are left out.
    """
    return (
        MembershipIndex.objects.filter(user=user)
        .exclude(organization__status=OrganizationStatus.ARCHIVED)
        .select_related("organization")
        .annotate(primary_domain=primary_domain_of(OuterRef("organization_id")))
        .order_by("organization__slug")
    )
