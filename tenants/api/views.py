"""The platform API (root domain, platform admins only). Each view calls one service."""

from http import HTTPStatus

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.errors import NotFound
from core.mail import deliveries_recorded, mail_state
from shared_apps.accounts.models import User
from tenants.api.permissions import IsPlatformAdmin
from tenants.api.serializers import (
    BackupSerializer,
    DomainAddSerializer,
    DomainSerializer,
    JobSerializer,
    MoveSerializer,
    OrganizationChangeSerializer,
    OrganizationCreatedSerializer,
    OrganizationCreateSerializer,
    OrganizationListQuerySerializer,
    OrganizationSerializer,
    OwnerLinkResentSerializer,
    RestoreInPlaceSerializer,
    RestoreSerializer,
)
from tenants.models import Backup, Job
from tenants.selectors import (
    organization_get,
    organization_list,
    platform_job_get,
    project_counts,
)
from tenants.selectors.backups import backup_states, organization_backups
from tenants.selectors.placement import organization_nodes
from tenants.services import backup_jobs, domains, erasure_jobs, lifecycle, placement_jobs
from tenants.services.owners import owner_password_link_resend
from tenants.services.provisioning import organization_create


class PlatformView(APIView):
    permission_classes = [IsPlatformAdmin]

    def organization(self):
        return organization_get(slug=self.kwargs["slug"])

    def respond(
        self, organization, status=HTTPStatus.OK, serializer=OrganizationSerializer, **context
    ) -> Response:
        fresh = organization_get(slug=organization.slug)
        context["request"] = self.request
        return Response(serializer(fresh, context=context).data, status=status)


class OrganizationListView(ListAPIView, PlatformView):
    """List (search by name or slug, filter by status) and create organizations."""

    serializer_class = OrganizationSerializer

    def get_queryset(self):
        query = OrganizationListQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return organization_list(**query.validated_data)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Project counts live in each schema: fetched for the whole page at once, as the
        # page's backup states.
        self.page_project_counts = project_counts(organizations=page)
        self.page_backup_states = backup_states(organizations=page)
        self.page_nodes = organization_nodes(organizations=page)
        return page

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "project_counts": getattr(self, "page_project_counts", None),
            "backup_states": getattr(self, "page_backup_states", None),
            "nodes": getattr(self, "page_nodes", None),
        }

    @extend_schema(
        request=OrganizationCreateSerializer, responses={201: OrganizationCreatedSerializer}
    )
    def post(self, request: Request) -> Response:
        payload = OrganizationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        # The service's transaction is the outermost one, so its mail has been sent (or has
        # failed) by the time it returns: the answer reports what happened.
        with deliveries_recorded() as deliveries:
            organization = organization_create(**payload.validated_data)
        return self.respond(
            organization,
            status=HTTPStatus.CREATED,
            serializer=OrganizationCreatedSerializer,
            mail=mail_state(deliveries),
        )


class OrganizationDetailView(PlatformView):
    """Retrieve, change (PATCH: name, plan, limits overrides) or archive (DELETE) one
    organization."""

    @extend_schema(responses=OrganizationSerializer)
    def get(self, request: Request, slug: str) -> Response:
        return self.respond(self.organization())

    @extend_schema(request=OrganizationChangeSerializer, responses=OrganizationSerializer)
    def patch(self, request: Request, slug: str) -> Response:
        payload = OrganizationChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        organization = lifecycle.organization_change(
            organization=self.organization(), **payload.validated_data
        )
        return self.respond(organization)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str) -> Response:
        lifecycle.organization_archive(organization=self.organization())
        return Response(status=HTTPStatus.NO_CONTENT)


class OrganizationSuspendView(PlatformView):
    @extend_schema(request=None, responses=OrganizationSerializer)
    def post(self, request: Request, slug: str) -> Response:
        return self.respond(lifecycle.organization_suspend(organization=self.organization()))


class OrganizationReactivateView(PlatformView):
    @extend_schema(request=None, responses=OrganizationSerializer)
    def post(self, request: Request, slug: str) -> Response:
        return self.respond(lifecycle.organization_reactivate(organization=self.organization()))


class OwnerPasswordLinkResendView(PlatformView):
    """Mail the owner who has not chosen a password yet a fresh set-password link."""

    @extend_schema(request=None, responses=OwnerLinkResentSerializer)
    def post(self, request: Request, slug: str) -> Response:
        owner, delivery = owner_password_link_resend(organization=self.organization())
        context = {"mail": mail_state([delivery])}
        return Response(OwnerLinkResentSerializer(owner, context=context).data)


def accepted(job: Job) -> Response:
    """202 and the job, read again: run eagerly (no broker), it has finished already."""
    data = JobSerializer(Job.objects.get(pk=job.pk)).data
    return Response(data, status=HTTPStatus.ACCEPTED, headers={"Location": data["url"]})


class OrganizationBackupsView(ListAPIView, PlatformView):
    """An organization's backups, newest first; POST: a job backs it up while it serves,
    and its `result` names the backup."""

    serializer_class = BackupSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Backup.objects.none()
        return organization_backups(organization=self.organization())

    @extend_schema(request=None, responses={202: JobSerializer})
    def post(self, request: Request, slug: str) -> Response:
        return accepted(backup_jobs.organization_backup_queue(organization=self.organization()))


class OrganizationMoveView(PlatformView):
    """Move the organization to another Citus worker (`node`: `host:port`) while it keeps
    serving; a job does it, and its `result` names the node."""

    @extend_schema(request=MoveSerializer, responses={202: JobSerializer})
    def post(self, request: Request, slug: str) -> Response:
        payload = MoveSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return accepted(
            placement_jobs.organization_move_queue(
                organization=self.organization(), node=payload.validated_data["node"]
            )
        )


class OrganizationRestoreInPlaceView(PlatformView):
    """Replace a suspended organization's data by one of its backups (`confirm`: its slug);
    a job does it."""

    @extend_schema(request=RestoreInPlaceSerializer, responses={202: JobSerializer})
    def post(self, request: Request, slug: str, backup: str) -> Response:
        payload = RestoreInPlaceSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return accepted(
            backup_jobs.organization_restore_in_place_queue(
                organization=self.organization(),
                backup=backup,
                confirm=payload.validated_data.get("confirm"),
            )
        )


class OrganizationPurgeView(PlatformView):
    """Archived organizations only: a job backs up the schema, verifies it, then drops it;
    its `result` names the backup."""

    @extend_schema(request=None, responses={202: JobSerializer})
    def post(self, request: Request, slug: str) -> Response:
        return accepted(backup_jobs.organization_purge_queue(organization=self.organization()))


class OrganizationRestoreView(PlatformView):
    """A job restores a purged organization from a backup, under its slug or a new one; its
    `result` names the slug."""

    @extend_schema(request=RestoreSerializer, responses={202: JobSerializer})
    def post(self, request: Request) -> Response:
        payload = RestoreSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return accepted(backup_jobs.organization_restore_queue(**payload.validated_data))


class PlatformJobView(PlatformView):
    """A platform job (purge, restore): state, progress, result, error."""

    @extend_schema(responses=JobSerializer)
    def get(self, request: Request, job_id: int) -> Response:
        return Response(JobSerializer(platform_job_get(job_id=job_id)).data)


class DomainListView(PlatformView):
    @extend_schema(responses=DomainSerializer(many=True))
    def get(self, request: Request, slug: str) -> Response:
        rows = self.organization().domains.order_by("-is_primary", "domain")
        return Response(DomainSerializer(rows, many=True).data)

    @extend_schema(request=DomainAddSerializer, responses={201: DomainSerializer})
    def post(self, request: Request, slug: str) -> Response:
        payload = DomainAddSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        domain = domains.domain_add(organization=self.organization(), **payload.validated_data)
        return Response(DomainSerializer(domain).data, status=HTTPStatus.CREATED)


class DomainDetailView(PlatformView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, slug: str, domain: str) -> Response:
        domains.domain_remove(organization=self.organization(), domain=domain)
        return Response(status=HTTPStatus.NO_CONTENT)


class DomainPrimaryView(PlatformView):
    @extend_schema(request=None, responses=DomainSerializer)
    def post(self, request: Request, slug: str, domain: str) -> Response:
        chosen = domains.domain_make_primary(organization=self.organization(), domain=domain)
        return Response(DomainSerializer(chosen).data)


class UserEraseView(PlatformView):
    """Erase a user from every organization and then the platform (right to be forgotten):
    at once (204), or by a job (202) for a user in more than ERASE_INLINE_ORGANIZATIONS."""

    @extend_schema(responses={204: None, 202: JobSerializer})
    def delete(self, request: Request, user_id: int) -> Response:
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            raise NotFound("No user with this id.")
        job = erasure_jobs.user_erase_or_queue(user=user)
        return accepted(job) if job else Response(status=HTTPStatus.NO_CONTENT)
