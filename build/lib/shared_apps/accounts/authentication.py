import re

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from shared_apps.accounts.models import AccessToken
from shared_apps.accounts.services import token_digest

TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{20,128}\Z")


class BearerTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer <token>`: one indexed query (token joined with its user)."""

    keyword = "Bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed("Send the header as 'Bearer <token>'.")
        try:
            token = parts[1].decode("ascii")
        except UnicodeDecodeError:
            token = ""
        if not TOKEN_PATTERN.match(token):
            raise exceptions.AuthenticationFailed("Invalid token.")

        access_token = (
            AccessToken.objects.select_related("user").filter(digest=token_digest(token)).first()
        )
        if access_token is None or access_token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed("Invalid or expired token.")
        if not access_token.user.is_active:
            raise exceptions.AuthenticationFailed("This account is disabled.")
        return access_token.user, access_token

    def authenticate_header(self, request):
        return f'{self.keyword} realm="api"'
