"""Views shared by both URLconfs: health and the JSON error pages."""

import sys
from http import HTTPStatus

from django.db import OperationalError
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.exceptions import database_failure, error_response, request_refusal
from core.errors import Forbidden, NotFound, ServerError, ServiceUnavailable
from core.pages import is_page_request, page


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


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI. The page is HTML, but its refusals (401 to anonymous callers, 404 to
    non-members of the organization) are JSON like the rest of the API."""

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = JSONRenderer.media_type
        return response


# Django's error handlers (handler400/403/404/500 of both URLconfs, CSRF_FAILURE_VIEW):
# whatever Django refuses outside the API views is answered in the same JSON.


def bad_request(request, exception=None):
    """Django's SuspiciousOperation and BadRequest (a body over the limit, too many fields)."""
    return error_response(request_refusal(exception))


def permission_denied(request, exception=None):
    return error_response(Forbidden("You do not have permission to do this."))


def csrf_failure(request, reason=""):
    if is_page_request(request):  # a person's form: tell them what to do, in a page
        return page(request, "pages/csrf_failure.html", status=HTTPStatus.FORBIDDEN)
    return error_response(
        Forbidden(
            f"CSRF check failed ({reason}): send the csrftoken cookie's value in X-CSRFToken, "
            "or use a bearer token.",
            code="csrf_failed",
        )
    )


def not_found(request, exception=None):
    return error_response(NotFound("Not found."))


def server_error(request):
    """Django calls this inside its `except` block: a database failure outside the API views
    (in the routing middleware, say) is a 503 to retry, like inside them."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError):
        return error_response(database_failure(error))
    if isinstance(error, ServiceUnavailable):  # outside DRF: a login form, a page's throttle
        return error_response(error)
    return error_response(ServerError("Internal server error."))
