"""The owner an organization was created for, until they choose a password."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db import transaction

from core.errors import Conflict
from core.mail import Delivery
from shared_apps.accounts.models import User
from tenants.models import MembershipIndex, Organization
from tenants.roles import Role
from tenants.services.owner_mail import owner_password_mail_queue


@transaction.atomic
def owner_password_link_resend(*, organization: Organization) -> tuple[User, Delivery]:
    """Mail a fresh set-password link to the organization's owner who has not chosen a
    password yet (the one created with it), when the first mail failed or was lost."""
    waiting = (
        MembershipIndex.objects.select_related("user")
        .filter(
            organization=organization,
            role=Role.OWNER,
            user__is_active=False,
            user__password__startswith=UNUSABLE_PASSWORD_PREFIX,
        )
        .order_by("pk")
        .first()
    )
    if waiting is None:
        raise Conflict(
            "Every owner of this organization has chosen a password already.",
            code="password_already_set",
        )
    return waiting.user, owner_password_mail_queue(user=waiting.user)
