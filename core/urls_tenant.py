"""URLconf of organization domains: one organization's schema, members only."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.settings import api_settings

from core.views import ApiDocsView, HealthView

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("", HealthView.as_view(), name="home"),
    path("api/v1/health/", HealthView.as_view(), name="health"),
    path("", include("shared_apps.accounts.urls")),
    path("", include("tenants.urls_me")),
    path("", include("tenant_apps.memberships.urls")),
    path("", include("tenant_apps.projects.urls")),
    path("", include("tenant_apps.invitations.urls")),
    # Pages for people: the link of an invitation's mail (HTML, core/pages.py).
    path("", include("tenant_apps.invitations.pages.urls")),
    # Members only, like every tenant endpoint; documents only this URLconf.
    path(
        "api/v1/schema/",
        SpectacularAPIView.as_view(
            urlconf="core.urls_tenant", permission_classes=api_settings.DEFAULT_PERMISSION_CLASSES
        ),
        name="schema",
    ),
    path(
        "api/docs/",
        ApiDocsView.as_view(
            url_name="schema", permission_classes=api_settings.DEFAULT_PERMISSION_CLASSES
        ),
        name="docs",
    ),
]
