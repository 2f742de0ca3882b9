"""Inviting people into the current organization (run in its schema)."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from core.db.locks import advisory_xact_lock
from core.errors import Conflict, DomainError, Forbidden, NotFound
from core.mail import Delivery, mail_by_job
from core.validation import choice_errors, raise_for_field_errors, single_line_errors
from shared_apps.accounts.email_address import (
    email_errors,
    normalize_email_address,
)
from shared_apps.accounts.models import User
from shared_apps.accounts.services import access_token_issue, account_email_lock, token_digest
from shared_apps.accounts.services.passwords import check_password_strength
from tenant_apps.invitations.jobs import invitation_mail
from tenant_apps.invitations.models import Invitation, InvitationStatus
from tenant_apps.invitations.selectors import invitation_addressee, invitation_usable
from tenant_apps.invitations.tokens import invitation_nonce, invitation_token
from tenant_apps.memberships.locks import team_lock
from tenant_apps.memberships.models import Membership, roles_invitable_by
from tenant_apps.memberships.selectors import member_role
from tenant_apps.memberships.services import membership_add
from tenants.active_schema import require_active
from tenants.jobs import enqueue
from tenants.models import Organization
from tenants.roles import Role

VALID_FOR = timedelta(days=7)
INVITERS = {Role.OWNER, Role.ADMIN}


def _issue(organization: Organization, invitation: Invitation, actor: User) -> Delivery:
    """Give the invitation a fresh token and expiry (the old token stops working) and have
    a job mail the token once the transaction commits (tenant_apps/invitations/jobs.py)."""
    nonce = invitation_nonce()
    invitation.token_digest = token_digest(invitation_token(nonce))
    invitation.invited_by = actor
    invitation.expires_at = timezone.now() + VALID_FOR
    invitation.save()
    enqueue(invitation_mail, invitation_id=invitation.pk, nonce=nonce)
    return mail_by_job(purpose=f"invitation {invitation.pk} to {organization.slug}")


def _inviter_role(actor: User) -> str:
    # The inviter keeps this role until we commit: a demotion, which revokes what they may
    # no longer send, waits for the invitation (and it for the demotion).
    team_lock(shared=True)
    actor_role = member_role(user=actor)
    if actor_role not in INVITERS:
        raise Forbidden("Only owners and admins can invite people.")
    return actor_role


def _check_may_invite_as(actor_role: str, role: object) -> None:
    if role not in roles_invitable_by(actor_role):
        raise Forbidden("Only owners can invite owners.")


@transaction.atomic
def invitation_create(
    *, organization: Organization, actor: User, email: object, role: object
) -> tuple[Invitation, bool]:
    """Invite `email` with `role`; returns (invitation, created). Re-inviting a pending email
    updates that invitation, gives it a fresh token and expiry, and sends it again."""
    require_active(organization)
    raise_for_field_errors(email=email_errors(email), role=choice_errors(role, choices=Role.values))
    _check_may_invite_as(_inviter_role(actor), role)
    email = normalize_email_address(email)
    # One pending invitation per email (a partial unique index): concurrent invitations of
    # one email queue here, so the first creates it and the others refresh it.
    advisory_xact_lock(f"invitation:{organization.schema_name}:{email}")
    if Membership.objects.filter(user__email=email).exists():
        raise Conflict("This person is already a member.", code="already_member")

    invitation = (
        Invitation.objects.select_for_update()
        .filter(email=email, status=InvitationStatus.PENDING)
        .first()
    )
    created = invitation is None
    invitation = invitation or Invitation(email=email)
    invitation.role = role
    _issue(organization, invitation, actor)
    return invitation, created


@transaction.atomic
def invitation_resend(
    *, organization: Organization, actor: User, invitation_id: int
) -> tuple[Invitation, Delivery]:
    """Mail a pending invitation again with a fresh token and expiry, as re-inviting does
    (for a mail that failed or was lost)."""
    require_active(organization)
    actor_role = _inviter_role(actor)
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("No invitation with this id.")
    _check_may_invite_as(actor_role, invitation.role)
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(f"This invitation is already {invitation.status}.", code="not_pending")
    return invitation, _issue(organization, invitation, actor)


@transaction.atomic
def invitation_revoke(*, actor: User, invitation_id: int) -> None:
    if member_role(user=actor) not in INVITERS:
        raise Forbidden("Only owners and admins can revoke invitations.")
    invitation = Invitation.objects.select_for_update().filter(pk=invitation_id).first()
    if invitation is None:
        raise NotFound("No invitation with this id.")
    if invitation.status != InvitationStatus.PENDING:
        raise Conflict(f"This invitation is already {invitation.status}.", code="not_pending")
    invitation.status = InvitationStatus.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])


@dataclass(frozen=True)
class AcceptResult:
    membership: Membership
    user: User
    token: str | None  # a bearer token when the account was created in this step


def _new_account(invitation: Invitation, password: object, names: dict) -> User:
    raise_for_field_errors(
        **{
            field: single_line_errors(value, max_length=150)
            for field, value in names.items()
            if value
        }
    )
    if not isinstance(password, str) or not password:
        raise DomainError(
            "Set a password to create your account.", fields={"password": ["Required."]}
        )
    user = User(email=invitation.email, **{key: value for key, value in names.items() if value})
    check_password_strength(password, user)
    account_email_lock(invitation.email)
    try:
        with transaction.atomic():
            return User.objects.create_user(email=invitation.email, password=password, **names)
    except IntegrityError as error:  # the unique email: another request created it just now
        raise Conflict(
            "An account was created for this email a moment ago: sign in, then accept.",
            code="account_exists",
        ) from error


@transaction.atomic
def invitation_accept(
    *,
    organization: Organization,
    user: User | None,
    token: object,
    password: object = None,
    issue_token: bool = True,
    **names,
) -> AcceptResult:
    """Join the organization with the invitation's role: signed in as the invited email,
    or, for an email with no account yet, by choosing a password in the same step (the new
    account gets a bearer token to go on with, unless `issue_token` is False: the page
    signs the person in with a session instead)."""
    require_active(organization)
    team_lock(schema_name=organization.schema_name)  # before the invitation's row lock
    invitation = invitation_usable(token=token, for_update=True)
    issued = None
    if user is not None:
        if user.email != invitation_addressee(invitation):
            raise DomainError("This invitation is for another email address.", code="wrong_account")
    elif User.objects.filter(email=normalize_email_address(invitation.email)).exists():
        raise DomainError(
            "An account exists for this email: sign in, then accept.", code="sign_in_required"
        )
    else:
        user = _new_account(invitation, password, names)
        if issue_token:
            issued, _ = access_token_issue(user=user)
    membership = membership_add(organization=organization, user=user, role=invitation.role)
    invitation.status = InvitationStatus.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    return AcceptResult(membership=membership, user=user, token=issued)
