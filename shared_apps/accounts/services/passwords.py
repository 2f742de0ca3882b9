from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from core.errors import DomainError
from shared_apps.accounts.models import User

INVALID_LINK = "This link is invalid or has already been used."


def check_password_strength(password: str, user: User) -> None:
    """Django's password validators, as a domain error on the `password` field."""
    try:
        validate_password(password, user)
    except ValidationError as error:
        raise DomainError(
            "Choose a stronger password.", fields={"password": error.messages}
        ) from error


def _user_id_from_uid(uid: object) -> int | None:
    try:
        return int(force_str(urlsafe_base64_decode(uid)))
    except (TypeError, ValueError, OverflowError):
        return None


def _user_from_uid(uid: str) -> User | None:
    user_id = _user_id_from_uid(uid)
    if user_id is None:
        return None
    # Locked until the password is set: a second use of the same link waits, then finds the
    # hash changed and the token spent.
    return User.objects.select_for_update().filter(pk=user_id).first()


def password_link_user(*, uid: object, token: object) -> User | None:
    """The account a set-password link names while the link still works (a read: the page
    that opens the link shows whose password is set), else None."""
    user_id = _user_id_from_uid(uid)
    user = User.objects.filter(pk=user_id).first() if user_id is not None else None
    if user is None or not isinstance(token, str):
        return None
    return user if default_token_generator.check_token(user, token) else None


@transaction.atomic
def password_set(*, uid: str, token: str, password: str) -> User:
    """Set a password from an emailed link and activate the account. The token is bound to
    the current password hash, so it works once."""
    user = _user_from_uid(uid)
    if user is None or not default_token_generator.check_token(user, token):
        raise DomainError(INVALID_LINK, code="invalid_link", fields={"token": [INVALID_LINK]})
    check_password_strength(password, user)
    user.set_password(password)
    user.is_active = True
    user.save(update_fields=["password", "is_active"])
    return user
