"""Accounts made on someone's behalf (an organization's new owner), and the mail that lets
them choose a password. A job of the platform sends that mail (tenants/services/owner_mail.py):
this layer may not reach the job outbox (docs/architecture.md, "Layers")."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.db.locks import advisory_xact_lock
from core.links import link_from_template, platform_url
from shared_apps.accounts.email_address import normalize_email_address
from shared_apps.accounts.models import User


def account_email_lock(email: str) -> None:
    """Whoever creates an account for `email` waits for any other doing so, until its
    transaction ends; the unique email then refuses the second as before (IntegrityError).
    On plain PostgreSQL the unique index alone makes the second wait; on Citus two inserts of
    one email into the reference table `accounts_user` can instead meet in a distributed
    deadlock, and one is cancelled (a 503 where a 409 is due)."""
    advisory_xact_lock(f"account:{email}")


@transaction.atomic
def owner_account(*, email: str) -> tuple[User, bool]:
    """The user with this email, and whether it was created now: a new one is inactive,
    without a password, and is owed a set-password mail (the caller has it sent)."""
    email = normalize_email_address(email, field="owner_email")
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user, False
    account_email_lock(email)
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=None, is_active=False)
    except IntegrityError:
        # The same email was just created by a concurrent request.
        return User.objects.get(email=email), False
    return user, True


def password_set_due(*, user: User) -> bool:
    """Whether the user still has to choose a password: inactive, without one. A mail sent
    later than it was asked for (a job's retry) checks again."""
    return not user.is_active and user.password.startswith(UNUSABLE_PASSWORD_PREFIX)


def password_set_link(*, uid: str, token: str) -> str:
    """Where the mail sends a new owner: the set-password page on the platform's domain, or
    the team's own front end (SET_PASSWORD_URL)."""
    if settings.SET_PASSWORD_URL:
        return link_from_template(settings.SET_PASSWORD_URL, uid=uid, token=token)
    # The page moves both values into its form and sends no Referer to another site
    # (core/pages.py).
    path = reverse("password-set-page", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return platform_url(f"{path}?{urlencode({'uid': uid, 'token': token})}")


def password_set_message(*, user: User) -> EmailMessage:
    """The mail with a link to choose a password. Its token is made now, from the user's
    state and SECRET_KEY (Django's password-reset tokens), so it is stored nowhere: it stops
    working once the password is set, or after PASSWORD_RESET_TIMEOUT."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
    return EmailMessage(
        subject="Set your Tenantry password",
        body=(
            "An organization was created for you on Tenantry.\n\n"
            "Choose your password here:\n"
            f"{password_set_link(uid=uid, token=token)}\n\n"
            f"The link works once, within {days} days. Then sign in with this email address\n"
            "and your new password.\n"
        ),
        to=[user.email],
    )
