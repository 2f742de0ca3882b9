"""URLconf of organization domains: one organization's schema, members only."""

from django.urls import include, path

from core.views import HealthView

handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("", HealthView.as_view(), name="home"),
    path("api/v1/health/", HealthView.as_view(), name="health"),
    path("", include("shared_apps.accounts.urls")),
    path("", include("tenant_apps.memberships.urls")),
]
