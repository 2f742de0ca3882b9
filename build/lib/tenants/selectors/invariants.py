"""Rules about each organization's team that the services keep under concurrency (the team
lock), checked from outside: every organization has an owner, and no grant or project
belongs to someone who is not a member."""

from django.db.models import Count
from guardian.models import UserObjectPermission

from tenant_apps.memberships.models import Membership
from tenant_apps.projects.models import Project
from tenants.models import Organization
from tenants.roles import Role


def organization_invariant_problems(*, organization: Organization) -> list[str]:
    """What is wrong with `organization`, one sentence per problem (empty: nothing)."""
    with organization:
        members = Membership.objects.values("user_id")
        problems = [] if Membership.objects.filter(role=Role.OWNER).exists() else ["no owner"]
        problems += [
            f"{count} grant(s) held by user {user_id}, who is not a member"
            for user_id, count in _counts_of_non_members(UserObjectPermission, "user_id", members)
        ]
        problems += [
            f"{count} project(s) owned by user {user_id}, who is not a member"
            for user_id, count in _counts_of_non_members(Project, "owner_id", members)
        ]
    return problems


def _counts_of_non_members(model, user_field: str, members) -> list[tuple[int, int]]:
    """(user id, number of rows) for each non-member that `user_field` points at."""
    return list(
        model.objects.exclude(**{f"{user_field}__in": members})
        .values_list(user_field)
        .annotate(count=Count("id"))
        .order_by(user_field)
    )
