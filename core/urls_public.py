"""URLconf of the root domain: the platform, in the `public` schema."""

from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.permissions import AllowAny

from core.views import ApiDocsView, HealthView

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/health/", HealthView.as_view(), name="health"),
    path("", include("shared_apps.accounts.urls")),
    # Pages for people: the set-password link of a new owner's mail (HTML, core/pages.py).
    path("", include("shared_apps.accounts.pages.urls")),
    path("", include("tenants.urls_me")),
    path("", include("tenants.urls")),
    # The platform's API description is public; each URLconf documents only itself.
    path(
        "api/v1/schema/",
        SpectacularAPIView.as_view(urlconf="core.urls_public", permission_classes=[AllowAny]),
        name="schema",
    ),
    path(
        "api/docs/",
        ApiDocsView.as_view(url_name="schema", permission_classes=[AllowAny]),
        name="docs",
    ),
]
