"""The caller's own page, served on the root domain and on every organization domain."""

from django.urls import path

from tenants.api.me import MeView

urlpatterns = [path("api/v1/me/", MeView.as_view(), name="me")]
