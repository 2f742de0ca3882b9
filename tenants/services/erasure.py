"""Erasing a user everywhere (the right to be forgotten), in one transaction.

Policy, per organization that refers to the user (by id or by email address): their grants
are revoked, their projects go to the organization's earliest remaining owner, the pending
invitations they sent are revoked (as when anyone leaves) and all they sent keep existing
without an inviter, invitations addressed to them are deleted (joined there or not), and
their membership and index row go. If they are the last owner of any organization, nothing
is erased: ownership must be transferred first. Then, in `public`: sessions, tokens and
every other shared row that points at them, and the user. A failure in any schema rolls
everything back and names it.
"""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q

from core.db.timeouts import lift_statement_timeout_for_this_transaction
from core.errors import Conflict, DomainError, ServiceUnavailable
from shared_apps.accounts.models import User
from tenant_apps.invitations.models import Invitation
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.services import invitations_lapse_for_inviter, membership_remove
from tenant_apps.projects.models import Project
from tenant_apps.projects.services import grants_revoke_for_user
from tenants.models import MembershipIndex, Organization
from tenants.selectors.user_references import schemas_referencing_user


def _organizations_of(user: User) -> list[Organization]:
    """Every organization listed in the index, plus any schema that still points at the
    user without an index row: a membership out of the index (drift), grants and
    invitations left from an organization they have left, invitations addressed to them in
    organizations they never joined."""
    indexed = set(
        MembershipIndex.objects.filter(user=user).values_list("organization_id", flat=True)
    )
    chosen = Q(pk__in=indexed) | Q(schema_name__in=schemas_referencing_user(user))
    return list(Organization.objects.filter(chosen).order_by("schema_name"))


def _erase_in_schema(organization: Organization, user: User) -> None:
    with organization:
        is_member = Membership.objects.filter(user=user).exists()
        invitations_lapse_for_inviter(inviter=user, role=None)
        Invitation.objects.filter(invited_by=user).update(invited_by=None)
        Invitation.objects.filter(email=user.email).delete()
    if is_member:
        try:
            with organization:
                membership_remove(organization=organization, user=user)
        except Conflict as error:  # the last owner (or no owner to inherit the projects)
            raise Conflict(
                f"{user.email} cannot leave {organization.slug} (schema "
                f"{organization.schema_name}): {error.message} Transfer ownership first; "
                "nothing was erased.",
                code=error.code,
            ) from error
    with organization:
        # Rows left without a membership (drift) must not block the erase either.
        grants_revoke_for_user(user=user)
        if Project.objects.filter(owner=user).exists():
            raise DomainError(
                f"{user.email} owns projects in {organization.schema_name} but is not a member.",
                code="erase_failed",
            )


def _tenant_model(model) -> bool:
    return model._meta.app_config.name in settings.TENANT_APPS


def _ensure_nothing_points_at(user: User) -> None:
    # The safety net that a foreign key used to be: a tenant table that erasure does not
    # know about yet must stop the erase, not leave a dangling user id behind.
    remaining = schemas_referencing_user(user)
    if remaining:
        raise DomainError(
            f"{user.email} is still referenced in schema(s) {', '.join(sorted(remaining))}; "
            "nothing was erased.",
            code="erase_failed",
        )


def _erase_in_public(user: User) -> None:
    _ensure_nothing_points_at(user)
    user_id = str(user.pk)
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == user_id:
            session.delete()
    user.groups.clear()
    user.user_permissions.clear()
    for relation in User._meta.related_objects:
        if relation.many_to_many or _tenant_model(relation.related_model):
            continue
        relation.related_model._base_manager.filter(**{relation.field.name: user}).delete()
    # A raw delete: Django's collector would walk into tenant tables that public lacks.
    User.objects.filter(pk=user.pk)._raw_delete(User.objects.db)


@transaction.atomic
def user_erase(*, user: User) -> int:
    """Remove `user` from every schema and then from `public`, all or nothing; returns how
    many organizations' schemas were visited."""
    lift_statement_timeout_for_this_transaction()  # one visit per schema: may take a while
    # Held to the commit: a membership added meanwhile (membership_add locks the row too)
    # waits, then finds the account gone, instead of landing in a schema already visited.
    User.objects.select_for_update().filter(pk=user.pk).exists()
    organizations = _organizations_of(user)
    for organization in organizations:
        try:
            with transaction.atomic():
                _erase_in_schema(organization, user)
        except DomainError:
            raise
        except Exception as error:
            raise ServiceUnavailable(
                f"Erasing {user.email} failed in schema {organization.schema_name}: {error}. "
                "Nothing was erased.",
                code="erase_failed",
            ) from error
    _erase_in_public(user)
    return len(organizations)
