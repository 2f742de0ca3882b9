"""Account endpoints, served on the root domain and on every organization domain."""

from django.urls import include, path

from shared_apps.accounts.api.views import LogoutView, MeView, PasswordSetView, TokenView

urlpatterns = [
    path("api/v1/auth/token/", TokenView.as_view(), name="auth-token"),
    path("api/v1/auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("api/v1/auth/password/set/", PasswordSetView.as_view(), name="auth-password-set"),
    path("api/v1/me/", MeView.as_view(), name="me"),
    # Session login for the browsable API (DRF's login/logout pages).
    path("api/v1/auth/session/", include("rest_framework.urls")),
]
