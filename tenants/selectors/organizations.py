from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from core.errors import NotFound
from tenants.models import Domain, Organization


def _primary_domain() -> Subquery:
    return Subquery(
        Domain.objects.filter(tenant_id=OuterRef("pk"), is_primary=True).values("domain")[:1]
    )


def organization_list(*, search: str | None = None, status: str | None = None) -> QuerySet:
    """Organizations for the platform, each with `member_count` and `primary_domain`,
    in one query whatever the page size."""
    organizations = Organization.objects.annotate(
        member_count=Count("membership_index"), primary_domain=_primary_domain()
    ).order_by("slug")
    if search:
        organizations = organizations.filter(Q(name__icontains=search) | Q(slug__icontains=search))
    if status:
        organizations = organizations.filter(status=status)
    return organizations


def organization_get(*, slug: str) -> Organization:
    organization = organization_list().filter(slug=slug).first()
    if organization is None:
        raise NotFound("No organization with this slug.")
    return organization
