from dataclasses import dataclass

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery

from core.errors import NotFound
from tenants.models import Domain, MembershipIndex, Organization
from tenants.roles import Role
from tenants.schemas import schema_states, schemas_with_table, union_over_schemas


def primary_domain_of(organization_id: OuterRef) -> Subquery:
    """The primary domain of the organization `organization_id` points at, as a subquery."""
    return Subquery(
        Domain.objects.filter(tenant_id=organization_id, is_primary=True).values("domain")[:1]
    )


def organization_list(*, search: str | None = None, status: str | None = None) -> QuerySet:
    """Organizations for the platform, each with `member_count` and `primary_domain`,
    in one query whatever the page size."""
    organizations = Organization.objects.annotate(
        member_count=Count("membership_index"), primary_domain=primary_domain_of(OuterRef("pk"))
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


def project_counts(*, organizations: list[Organization]) -> dict[int, int]:
    """Live (not deleted) projects per organization, for a page of organizations: one query
    to find which schemas have the projects table, one UNION ALL over them. The cost does
    not grow with the page (no query per schema)."""
    from tenant_apps.projects.models import Project  # a tenant model, read across schemas

    table = Project._meta.db_table
    schema_ids = {organization.schema_name: organization.pk for organization in organizations}
    counts = dict.fromkeys(schema_ids.values(), 0)
    if not schema_ids:
        return counts
    rows = union_over_schemas(
        schemas=schemas_with_table(table=table, schemas=list(schema_ids)),
        select="SELECT count(*) FROM {schema}.{table} WHERE NOT is_deleted",
        table=table,
    )
    counts.update({schema_ids[schema]: count for schema, count in rows})
    return counts


@dataclass(frozen=True)
class OrganizationOverview:
    """What a platform admin reads on an organization's page."""

    members: list[tuple[str, str]]  # (email, role), owners first
    project_count: int
    missing_migrations: int


ROLE_ORDER = {role: rank for rank, role in enumerate(Role.values)}


def organization_overview(*, organization: Organization) -> OrganizationOverview:
    """Members from the public index, the project count and the schema's migration state,
    in a constant number of queries however many members there are."""
    members = sorted(
        MembershipIndex.objects.filter(organization=organization).values_list(
            "user__email", "role"
        ),
        key=lambda member: (ROLE_ORDER.get(member[1], len(ROLE_ORDER)), member[0]),
    )
    (state,) = schema_states(schemas=[organization.schema_name])
    return OrganizationOverview(
        members=members,
        project_count=project_counts(organizations=[organization])[organization.pk],
        missing_migrations=len(state.missing),
    )
