"""Account endpoints, served on the root domain and on every organization domain."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from shared_apps.accounts.api.views import LogoutView, PasswordSetView, TokenView
from shared_apps.accounts.throttling import login_form_throttled

urlpatterns = [
    path("api/v1/auth/token/", TokenView.as_view(), name="auth-token"),
    path("api/v1/auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("api/v1/auth/password/set/", PasswordSetView.as_view(), name="auth-password-set"),
    # Session login for the browsable API (DRF's login/logout pages). The login page is
    # DRF's, served here first so that it counts against the login throttles.
    path(
        "api/v1/auth/session/login/",
        login_form_throttled(
            auth_views.LoginView.as_view(template_name="rest_framework/login.html")
        ),
        name="login",
    ),
    # DRF's logout renders Django's logged-out page, which links to the admin: organization
    # domains serve none, so it failed there. Back to the login page instead.
    path(
        "api/v1/auth/session/logout/",
        auth_views.LogoutView.as_view(next_page="login"),
        name="logout",
    ),
    path("api/v1/auth/session/", include("rest_framework.urls")),
]
