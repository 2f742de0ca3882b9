from django.urls import path

from tenant_apps.projects.api import views

PROJECT = "api/v1/projects/<int:project_id>/"

urlpatterns = [
    path("api/v1/projects/", views.ProjectListView.as_view(), name="project-list"),
    path(PROJECT, views.ProjectDetailView.as_view(), name="project-detail"),
    path(f"{PROJECT}restore/", views.ProjectRestoreView.as_view(), name="project-restore"),
    path(
        f"{PROJECT}permissions/",
        views.ProjectPermissionsView.as_view(),
        name="project-permissions",
    ),
    path(
        f"{PROJECT}permissions/<int:user_id>/<str:permission>/",
        views.ProjectPermissionRevokeView.as_view(),
        name="project-permission-revoke",
    ),
]
