"""Views shared by both URLconfs: health and the JSON error pages."""

import sys
from http import HTTPStatus

from django.db import OperationalError
from django.http import JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.exceptions import RETRY_AFTER_SECONDS, database_failure


class HealthView(APIView):
    """Liveness, and on an organization's domain, which organization this is."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "Health",
            {
                "status": serializers.CharField(),
                # null on the root domain, which serves no organization
                "organization": inline_serializer(
                    "HealthOrganization",
                    {"name": serializers.CharField(), "slug": serializers.CharField()},
                    allow_null=True,
                ),
            },
        )
    )
    def get(self, request: Request) -> Response:
        organization = request.organization
        return Response(
            {
                "status": "ok",
                "organization": organization
                and {"name": organization.name, "slug": organization.slug},
            }
        )


def not_found(request, exception=None):
    return JsonResponse({"detail": "Not found.", "code": "not_found"}, status=HTTPStatus.NOT_FOUND)


def server_error(request):
    """Django calls this inside its `except` block: a database failure outside the API views
    (in the routing middleware, say) is a 503 to retry, like inside them."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError):
        failure = database_failure(error)
        response = JsonResponse(
            {"detail": failure.message, "code": failure.code}, status=failure.status
        )
        response["Retry-After"] = RETRY_AFTER_SECONDS
        return response
    return JsonResponse(
        {"detail": "Internal server error.", "code": "server_error"},
        status=HTTPStatus.INTERNAL_SERVER_ERROR,
    )
