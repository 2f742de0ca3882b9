"""Accounts made on someone's behalf (an organization's new owner), and the mail that lets
them choose a password."""

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.links import platform_url
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


def password_set_link_send(*, user: User) -> Delivery:
    """Mail `user` a link to choose a password, once the current transaction commits."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    url = platform_url("/api/v1/auth/password/set/")
    return mail_after_commit(
        subject="Set your Tenantry password",
        body=(
            "An organization was created for you on Tenantry.\n\n"
            f"Choose a password by sending a POST to {url} with this JSON body:\n"
            f'{{"uid": "{uid}", "token": "{token}", "password": "<your new password>"}}\n'
        ),
        to=user.email,
        purpose=f"set-password link for user {user.pk}",
    )
