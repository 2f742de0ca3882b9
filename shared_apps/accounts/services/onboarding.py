"""Accounts made on someone's behalf (an organization's new owner), and the mail that lets
them choose a password."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.links import link_from_template, platform_url
from core.mail import Delivery, mail_after_commit
from shared_apps.accounts.email_address import normalize_email_address
from shared_apps.accounts.models import User


@transaction.atomic
def owner_invite(*, email: str) -> User:
    """The user with this email; a new one is created inactive, without a password, and
    receives a set-password link once the surrounding transaction commits."""
    email = normalize_email_address(email, field="owner_email")
    user = User.objects.filter(email=email).first()
    if user is not None:
        return user
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, password=None, is_active=False)
    except IntegrityError:
        # The same email was just created by a concurrent request.
        return User.objects.get(email=email)
    password_set_link_send(user=user)
    return user


def password_set_link(*, uid: str, token: str) -> str:
    """Where the mail sends a new owner: the set-password page on the platform's domain, or
    the team's own front end (SET_PASSWORD_URL)."""
    if settings.SET_PASSWORD_URL:
        return link_from_template(settings.SET_PASSWORD_URL, uid=uid, token=token)
    # The page moves both values into its form and sends no Referer to another site
    # (core/pages.py).
    path = reverse("password-set-page", urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return platform_url(f"{path}?{urlencode({'uid': uid, 'token': token})}")


def password_set_link_send(*, user: User) -> Delivery:
    """Mail `user` a link to choose a password, once the current transaction commits."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    days = max(1, settings.PASSWORD_RESET_TIMEOUT // (24 * 3600))
    return mail_after_commit(
        subject="Set your Tenantry password",
        body=(
            "An organization was created for you on Tenantry.\n\n"
            "Choose your password here:\n"
            f"{password_set_link(uid=uid, token=token)}\n\n"
            f"The link works once, within {days} days. Then sign in with this email address\n"
            "and your new password.\n"
        ),
        to=user.email,
        purpose=f"set-password link for user {user.pk}",
    )
