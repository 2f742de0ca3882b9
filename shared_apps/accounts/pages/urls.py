"""The platform domain's pages for people (core/urls_public.py includes them)."""

from django.urls import path

from shared_apps.accounts.pages.views import PasswordSetDonePage, PasswordSetPage

urlpatterns = [
    path("password/set/", PasswordSetPage.as_view(), name="password-set-page"),
    path("password/set/done/", PasswordSetDonePage.as_view(), name="password-set-done-page"),
]
