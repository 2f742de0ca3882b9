from django.urls import path

from tenant_apps.memberships.api.views import (
    MemberDetailView,
    MemberListView,
    OwnershipTransferView,
)

urlpatterns = [
    path("api/v1/members/", MemberListView.as_view(), name="member-list"),
    path("api/v1/members/<int:user_id>/", MemberDetailView.as_view(), name="member-detail"),
    path(
        "api/v1/members/<int:user_id>/transfer-ownership/",
        OwnershipTransferView.as_view(),
        name="member-transfer-ownership",
    ),
]
