import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from core.errors import DomainError
from shared_apps.accounts.models import AccessToken, User

TOKEN_BYTES = 32


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def access_token_issue(*, user: User, ttl: timedelta | None = None) -> tuple[str, AccessToken]:
    """Create a token for `user`; the plain token is returned once and never stored."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    access_token = AccessToken.objects.create(
        digest=token_digest(token),
        key_prefix=token[:8],
        user=user,
        expires_at=timezone.now() + (ttl or settings.ACCESS_TOKEN_TTL),
    )
    return token, access_token


@transaction.atomic
def access_token_revoke(*, access_token: AccessToken) -> None:
    AccessToken.objects.filter(pk=access_token.pk).delete()


def account_authenticate(*, request: HttpRequest | None, email: str, password: str) -> User:
    """The active account with this email and password. One message for every failure, so
    a caller cannot learn whether an email has an account."""
    user = authenticate(request, email=email, password=password)
    if user is None:
        raise DomainError(
            "Unable to log in with the given email and password.", code="invalid_credentials"
        )
    return user


def login_with_password(
    *, request: HttpRequest | None, email: str, password: str
) -> tuple[str, AccessToken]:
    """Exchange an email and password for a token."""
    return access_token_issue(
        user=account_authenticate(request=request, email=email, password=password)
    )
