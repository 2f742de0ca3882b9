from django.urls import path

from tenant_apps.invitations.api import views

urlpatterns = [
    path("api/v1/invitations/", views.InvitationListView.as_view(), name="invitation-list"),
    path(
        "api/v1/invitations/accept/",
        views.InvitationAcceptView.as_view(),
        name="invitation-accept",
    ),
    path(
        "api/v1/invitations/<int:invitation_id>/",
        views.InvitationRevokeView.as_view(),
        name="invitation-detail",
    ),
    path(
        "api/v1/invitations/<int:invitation_id>/resend/",
        views.InvitationResendView.as_view(),
        name="invitation-resend",
    ),
]
