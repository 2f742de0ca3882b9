from http import HTTPStatus

from django.contrib.auth import logout
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.api.serializers import (
    LoginSerializer,
    PasswordSetSerializer,
    TokenSerializer,
)
from shared_apps.accounts.models import AccessToken
from shared_apps.accounts.services import access_token_revoke, login_with_password, password_set
from shared_apps.accounts.throttling import LoginEmailThrottle, LoginIPThrottle


class TokenView(APIView):
    """Exchange an email and password for a bearer token. Open on every domain; throttled
    per IP and per email."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginIPThrottle, LoginEmailThrottle]

    @extend_schema(request=LoginSerializer, responses=TokenSerializer)
    def post(self, request: Request) -> Response:
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, access_token = login_with_password(request=request._request, **serializer.data)
        return Response(
            TokenSerializer({"token": token, "expires_at": access_token.expires_at}).data
        )


class PasswordSetView(APIView):
    """Set a password from an emailed link (new organization owners); activates the account."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [LoginIPThrottle]

    @extend_schema(request=PasswordSetSerializer, responses={204: None})
    def post(self, request: Request) -> Response:
        serializer = PasswordSetSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        password_set(**serializer.validated_data)
        return Response(status=HTTPStatus.NO_CONTENT)


class LogoutView(APIView):
    """Revoke the token in use (or end the session of the browsable API)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, AccessToken):
            access_token_revoke(access_token=request.auth)
        else:
            logout(request._request)
        return Response(status=HTTPStatus.NO_CONTENT)
