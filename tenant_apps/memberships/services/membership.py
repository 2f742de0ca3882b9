from django.db import transaction

from core.errors import Conflict, DomainError
from shared_apps.accounts.models import User
from tenant_apps.memberships.models import Membership, Role
from tenants.models import MembershipIndex, Organization


@transaction.atomic
def membership_add(*, organization: Organization, user: User, role: str) -> Membership:
    """Make `user` a member of `organization`: the tenant row and its public index row,
    in one transaction."""
    if role not in Role.values:
        raise DomainError(
            f"Unknown role {role!r}.", fields={"role": [f"Choose one of {Role.values}."]}
        )
    with organization:
        if Membership.objects.filter(user=user).exists():
            raise Conflict("This user is already a member.", code="already_member")
        membership = Membership.objects.create(user=user, role=role)
    MembershipIndex.objects.create(organization=organization, user=user, role=role)
    return membership
