"""The platform API, served on the root domain only."""

from django.urls import path

from tenants.api import views

ORGANIZATIONS = "api/v1/platform/organizations/"
ORGANIZATION = f"{ORGANIZATIONS}<slug:slug>/"
DOMAIN = f"{ORGANIZATION}domains/<str:domain>/"

urlpatterns = [
    path(
        "api/v1/platform/jobs/<int:job_id>/", views.PlatformJobView.as_view(), name="platform-job"
    ),
    path(ORGANIZATIONS, views.OrganizationListView.as_view(), name="platform-organization-list"),
    path(
        f"{ORGANIZATIONS}restore/",
        views.OrganizationRestoreView.as_view(),
        name="platform-organization-restore",
    ),
    path(ORGANIZATION, views.OrganizationDetailView.as_view(), name="platform-organization"),
    path(
        f"{ORGANIZATION}suspend/",
        views.OrganizationSuspendView.as_view(),
        name="platform-organization-suspend",
    ),
    path(
        f"{ORGANIZATION}reactivate/",
        views.OrganizationReactivateView.as_view(),
        name="platform-organization-reactivate",
    ),
    path(
        f"{ORGANIZATION}owner/resend-set-password/",
        views.OwnerPasswordLinkResendView.as_view(),
        name="platform-organization-owner-resend-set-password",
    ),
    path(
        f"{ORGANIZATION}backups/",
        views.OrganizationBackupsView.as_view(),
        name="platform-organization-backups",
    ),
    path(
        f"{ORGANIZATION}backups/<str:backup>/restore/",
        views.OrganizationRestoreInPlaceView.as_view(),
        name="platform-organization-restore-in-place",
    ),
    path(
        f"{ORGANIZATION}move/",
        views.OrganizationMoveView.as_view(),
        name="platform-organization-move",
    ),
    path(
        f"{ORGANIZATION}purge/",
        views.OrganizationPurgeView.as_view(),
        name="platform-organization-purge",
    ),
    path(f"{ORGANIZATION}domains/", views.DomainListView.as_view(), name="platform-domain-list"),
    path(DOMAIN, views.DomainDetailView.as_view(), name="platform-domain"),
    path(f"{DOMAIN}primary/", views.DomainPrimaryView.as_view(), name="platform-domain-primary"),
    path(
        "api/v1/platform/users/<int:user_id>/", views.UserEraseView.as_view(), name="platform-user"
    ),
]
