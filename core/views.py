"""Views shared by both URLconfs: health and the JSON error pages."""

from http import HTTPStatus

from django.http import JsonResponse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class HealthView(APIView):
    """Liveness, and on an organization's domain, which organization this is."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        responses=inline_serializer(
            "Health",
            {"status": serializers.CharField(), "organization": serializers.DictField()},
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
    return JsonResponse(
        {"detail": "Internal server error.", "code": "server_error"},
        status=HTTPStatus.INTERNAL_SERVER_ERROR,
    )
