"""URLconf of the root domain: the platform, in the `public` schema."""

from django.contrib import admin
from django.urls import include, path

from core.views import HealthView

handler404 = "core.views.not_found"
handler500 = "core.views.server_error"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/health/", HealthView.as_view(), name="health"),
    path("", include("shared_apps.accounts.urls")),
    path("", include("tenants.urls")),
]
