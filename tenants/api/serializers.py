from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.mail import MailStateField
from core.links import organization_url, platform_url
from tenants.models import Backup, Domain, Job, JobState, Organization, OrganizationStatus
from tenants.routing.fair_share import limits_for
from tenants.selectors import project_counts
from tenants.selectors.backups import backup_states
from tenants.selectors.placement import NODE, organization_nodes


class DomainSerializer(serializers.ModelSerializer):
    class Meta:
        model = Domain
        fields = ["domain", "is_primary"]


class DomainAddSerializer(serializers.Serializer):
    # Checked by the service, which owns the rules; here only its presence.
    domain = serializers.JSONField()


class JobErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()


class JobSerializer(serializers.ModelSerializer):
    """A platform job (purge, restore): poll `url` until `state` is succeeded or failed.
    `error` carries the `code` the synchronous API answered with."""

    url = serializers.SerializerMethodField()
    kind = serializers.CharField(source="task")
    error = serializers.SerializerMethodField()
    result = serializers.JSONField()

    class Meta:
        model = Job
        fields = [
            "id", "url", "kind", "state", "progress", "result", "error", "created_at",
            "finished_at",
        ]  # fmt: skip

    def get_url(self, job: Job) -> str:
        return platform_url(f"/api/v1/platform/jobs/{job.pk}/")

    @extend_schema_field(JobErrorSerializer(allow_null=True))
    def get_error(self, job: Job) -> dict | None:
        if job.state not in (JobState.FAILED, JobState.DROPPED):
            return None
        return {"code": job.error_code or "job_failed", "detail": job.error}


class LastBackupSerializer(serializers.ModelSerializer):
    class Meta:
        model = Backup
        fields = ["name", "kind", "created_at"]


class BackupStateSerializer(serializers.Serializer):
    """The newest recorded backup, and the newest backup job (a failed scheduled backup
    shows here while `last` stays the backup before it)."""

    last = LastBackupSerializer(allow_null=True)
    last_job = JobSerializer(allow_null=True)


class LimitsInForceSerializer(serializers.Serializer):
    requests_per_minute = serializers.IntegerField()
    concurrent_requests = serializers.IntegerField()


class LimitsSerializer(serializers.Serializer):
    """The plan, the organization's overrides (null: the plan's), and the limits in force."""

    plan = serializers.CharField()
    requests_per_minute = serializers.IntegerField(allow_null=True)
    concurrent_requests = serializers.IntegerField(allow_null=True)
    in_force = LimitsInForceSerializer()


class OrganizationSerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)
    limits = serializers.SerializerMethodField()
    project_count = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()
    backup = serializers.SerializerMethodField()
    node = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "slug", "name", "status", "schema_name", "url", "member_count", "project_count",
            "backup", "limits", "node", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(LimitsSerializer)
    def get_limits(self, organization) -> dict:
        per_minute, concurrent = limits_for(organization)
        return {
            "plan": organization.plan,
            "requests_per_minute": organization.requests_per_minute,
            "concurrent_requests": organization.concurrent_requests,
            "in_force": {"requests_per_minute": per_minute, "concurrent_requests": concurrent},
        }

    @extend_schema_field(BackupStateSerializer)
    def get_backup(self, organization) -> dict:
        states = self.context.get("backup_states")
        if states is None:
            states = backup_states(organizations=[organization])
        state = states[organization.pk]
        return BackupStateSerializer(state).data

    def get_node(self, organization) -> str | None:
        """The Citus worker that holds the organization (`host:port`); null on one server."""
        nodes = self.context.get("nodes")
        if nodes is None:
            nodes = organization_nodes(organizations=[organization])
        return nodes.get(organization.pk)

    def get_project_count(self, organization) -> int | None:
        counts = self.context.get("project_counts")
        if counts is None:
            counts = project_counts(organizations=[organization])
        return counts.get(organization.pk)

    def get_url(self, organization) -> str:
        domain = getattr(organization, "primary_domain", None) or organization.primary_hostname
        return organization_url(request=self.context["request"], domain=domain)


class OrganizationCreatedSerializer(OrganizationSerializer):
    """The new organization, and the set-password mail to its owner when the owner is new
    (null when they already had an account)."""

    mail = MailStateField()

    class Meta(OrganizationSerializer.Meta):
        fields = [*OrganizationSerializer.Meta.fields, "mail"]
        read_only_fields = fields


class OwnerLinkResentSerializer(serializers.Serializer):
    email = serializers.EmailField()
    mail = MailStateField()


class OrganizationCreateSerializer(serializers.Serializer):
    # Typed loosely on purpose: the service validates and names each bad field.
    name = serializers.JSONField()
    slug = serializers.JSONField()
    owner_email = serializers.JSONField()


class OrganizationChangeSerializer(serializers.Serializer):
    """A new name, a plan, overrides of the plan's limits (null: the plan's); what is left
    out stays. The values are checked by the services."""

    name = serializers.CharField(max_length=200, allow_blank=True, required=False)
    plan = serializers.JSONField(required=False)
    requests_per_minute = serializers.JSONField(required=False, allow_null=True)
    concurrent_requests = serializers.JSONField(required=False, allow_null=True)

    def validate(self, attrs):
        frozen = {"slug", "schema_name", "status"} & set(self.initial_data)
        if frozen:
            raise serializers.ValidationError(
                {field: ["This field cannot be changed."] for field in sorted(frozen)}
            )
        return attrs


class OrganizationListQuerySerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=200)
    status = serializers.ChoiceField(choices=OrganizationStatus.choices, required=False)


class RestoreSerializer(serializers.Serializer):
    backup = serializers.JSONField()
    slug = serializers.JSONField(required=False)


class BackupSerializer(serializers.ModelSerializer):
    """A recorded backup of a live organization; `name` is what a restore takes."""

    class Meta:
        model = Backup
        fields = ["name", "kind", "size_bytes", "sha256", "migration_digest", "created_at"]


class RestoreInPlaceSerializer(serializers.Serializer):
    # Checked by the service: the organization's slug, typed again.
    confirm = serializers.JSONField(required=False)


class MoveSerializer(serializers.Serializer):
    node = serializers.RegexField(
        NODE,
        max_length=300,
        error_messages={"invalid": "A node is host:port, as the cluster lists its workers."},
    )
