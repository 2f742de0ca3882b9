"""An organization domain's pages for people (core/urls_tenant.py includes them)."""

from django.urls import path

from tenant_apps.invitations.pages.views import InvitationAcceptPage, InvitationJoinedPage

urlpatterns = [
    path("invitations/accept/", InvitationAcceptPage.as_view(), name="invitation-accept-page"),
    path("invitations/joined/", InvitationJoinedPage.as_view(), name="invitation-joined-page"),
]
