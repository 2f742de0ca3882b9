"""Projects API: each view resolves the project through a selector (404 when the caller
cannot see it) and calls one service."""

from http import HTTPStatus

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework.filters import OrderingFilter, SearchFilter
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.memberships.selectors import membership_of_request
from tenant_apps.projects.api.filters import ProjectFilter
from tenant_apps.projects.api.serializers import (
    ProjectGrantSerializer,
    ProjectHolderSerializer,
    ProjectInputSerializer,
    ProjectSerializer,
)
from tenant_apps.projects.models import Project
from tenant_apps.projects.selectors import (
    project_get_for_user,
    project_list_for_user,
    project_permissions_list,
)
from tenant_apps.projects.services import (
    project_create,
    project_delete,
    project_grant,
    project_restore,
    project_revoke,
    project_update,
)


class ProjectMixin:
    def project(self, *, deleted: bool | None = False):
        return project_get_for_user(
            user=self.request.user,
            membership=membership_of_request(self.request),
            project_id=self.kwargs["project_id"],
            deleted=deleted,
        )


class ProjectListView(ListAPIView):
    """Projects you can see: filter by status and owner, search name and description,
    order by created_at, updated_at or name."""

    serializer_class = ProjectSerializer
    filter_backends = [DjangoFilterBackend, SearchFilter, OrderingFilter]
    filterset_class = ProjectFilter
    search_fields = ["name", "description"]
    ordering_fields = ["created_at", "updated_at", "name"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user
            return Project.objects.none()
        return project_list_for_user(
            user=self.request.user, membership=membership_of_request(self.request)
        )

    @extend_schema(request=ProjectInputSerializer, responses={201: ProjectSerializer})
    def post(self, request: Request) -> Response:
        payload = ProjectInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project = project_create(actor=request.user, **payload.validated_data)
        return Response(ProjectSerializer(project).data, status=HTTPStatus.CREATED)


class ProjectDetailView(ProjectMixin, APIView):
    @extend_schema(responses=ProjectSerializer)
    def get(self, request: Request, project_id: int) -> Response:
        return Response(ProjectSerializer(self.project()).data)

    def _update(self, request: Request, *, partial: bool) -> Response:
        project = self.project()
        payload = ProjectInputSerializer(data=request.data, partial=partial)
        payload.is_valid(raise_exception=True)
        project = project_update(actor=request.user, project=project, **payload.validated_data)
        return Response(ProjectSerializer(project).data)

    @extend_schema(request=ProjectInputSerializer, responses=ProjectSerializer)
    def put(self, request: Request, project_id: int) -> Response:
        return self._update(request, partial=False)

    @extend_schema(request=ProjectInputSerializer, responses=ProjectSerializer)
    def patch(self, request: Request, project_id: int) -> Response:
        return self._update(request, partial=True)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, project_id: int) -> Response:
        project_delete(actor=request.user, project=self.project())
        return Response(status=HTTPStatus.NO_CONTENT)


class ProjectRestoreView(ProjectMixin, APIView):
    @extend_schema(request=None, responses=ProjectSerializer)
    def post(self, request: Request, project_id: int) -> Response:
        project = project_restore(actor=request.user, project=self.project(deleted=None))
        return Response(ProjectSerializer(project).data)


class ProjectPermissionsView(ProjectMixin, APIView):
    """Who holds what on a project; grant `view`, `change` or `delete` to a member."""

    @extend_schema(responses=ProjectHolderSerializer(many=True))
    def get(self, request: Request, project_id: int) -> Response:
        holders = project_permissions_list(project=self.project())
        return Response(ProjectHolderSerializer(holders, many=True).data)

    @extend_schema(
        request=ProjectGrantSerializer, responses={201: ProjectHolderSerializer(many=True)}
    )
    def post(self, request: Request, project_id: int) -> Response:
        project = self.project()
        payload = ProjectGrantSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        project_grant(actor=request.user, project=project, **payload.validated_data)
        holders = project_permissions_list(project=project)
        return Response(ProjectHolderSerializer(holders, many=True).data, status=HTTPStatus.CREATED)


class ProjectPermissionRevokeView(ProjectMixin, APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, project_id: int, user_id: int, permission: str) -> Response:
        project_revoke(
            actor=request.user, project=self.project(), user_id=user_id, permission=permission
        )
        return Response(status=HTTPStatus.NO_CONTENT)
