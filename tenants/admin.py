from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.views.main import ChangeList
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.views.decorators.http import require_POST

from core.db.citus import citus_mode
from core.errors import DomainError
from core.mail import MailStatus, deliveries_recorded, mail_state
from tenants.models import Domain, JobState, Organization, OrganizationStatus
from tenants.routing.fair_share import limits_for
from tenants.selectors import organization_list, organization_overview, project_counts
from tenants.selectors.backups import backup_states
from tenants.selectors.placement import organization_load, organization_nodes
from tenants.services import lifecycle
from tenants.services.limits import MAX_CONCURRENT_REQUESTS, MAX_REQUESTS_PER_MINUTE
from tenants.services.provisioning import organization_create


class ProjectCountingChangeList(ChangeList):
    """Counts projects for the whole page at once (they live in each schema)."""

    def get_results(self, request):
        super().get_results(request)
        counts = project_counts(organizations=list(self.result_list))
        for organization in self.result_list:
            organization._page_project_counts = counts


# The page's buttons: each posts to its own URL and goes through tenants.services.lifecycle.
LIFECYCLE_ACTIONS = {
    "suspend": (lifecycle.organization_suspend, "Suspended"),
    "reactivate": (lifecycle.organization_reactivate, "Reactivated"),
    "archive": (lifecycle.organization_archive, "Archived"),
}
OFFERED_WHEN = {
    "suspend": {OrganizationStatus.ACTIVE},
    "reactivate": {OrganizationStatus.SUSPENDED, OrganizationStatus.ARCHIVED},
    "archive": {OrganizationStatus.ACTIVE, OrganizationStatus.SUSPENDED},
}


class OrganizationCreateForm(forms.Form):
    name = forms.CharField(max_length=200)
    slug = forms.CharField(max_length=40, help_text="DNS label: a-z, 0-9 and hyphens.")
    owner_email = forms.EmailField()


class OrganizationChangeForm(forms.ModelForm):
    """The name, the plan and the limits overrides (empty: the plan's); saved by the same
    service as the platform API's PATCH."""

    plan = forms.ChoiceField()
    requests_per_minute = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_REQUESTS_PER_MINUTE
    )
    concurrent_requests = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_CONCURRENT_REQUESTS
    )

    class Meta:
        model = Organization
        fields = ["name", "plan", "requests_per_minute", "concurrent_requests"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].choices = [(plan, plan) for plan in settings.ORGANIZATION_PLANS]


class DomainInline(admin.TabularInline):
    model = Domain
    extra = 0
    readonly_fields = ["domain", "is_primary"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    """Organizations are created and change status only through tenants.services."""

    list_display = ["slug", "name", "status", "members", "projects", "primary_domain", "created_at"]
    list_filter = ["status"]
    search_fields = ["slug", "name"]
    form = OrganizationChangeForm
    fields = [
        "name", "slug", "schema_name", "status", "migration_state", "backups", "placement",
        "plan", "requests_per_minute", "concurrent_requests", "limits_in_force",
        "member_list", "project_count", "created_at", "updated_at",
    ]  # fmt: skip
    readonly_fields = [
        "slug", "schema_name", "status", "migration_state", "backups", "placement",
        "limits_in_force", "member_list", "project_count", "created_at", "updated_at",
    ]  # fmt: skip
    inlines = [DomainInline]
    actions = ["suspend_organizations", "reactivate_organizations", "archive_organizations"]

    def get_queryset(self, request):
        return organization_list()

    @admin.display(description="Members", ordering="member_count")
    def members(self, organization) -> int:
        return organization.member_count

    def get_changelist(self, request, **kwargs):
        return ProjectCountingChangeList

    @admin.display(description="Projects")
    def projects(self, organization) -> int | str:
        counts = getattr(organization, "_page_project_counts", None) or {}
        return counts.get(organization.pk, "-")

    @admin.display(description="Primary domain")
    def primary_domain(self, organization) -> str:
        return organization.primary_domain or "-"

    def _overview(self, organization):
        # Read once per page: three fields show parts of it.
        if not hasattr(organization, "_overview"):
            organization._overview = organization_overview(organization=organization)
        return organization._overview

    @admin.display(description="Members")
    def member_list(self, organization) -> str:
        members = self._overview(organization).members
        return format_html_join(", ", "{} ({})", members) if members else "-"

    @admin.display(description="Projects")
    def project_count(self, organization) -> int:
        return self._overview(organization).project_count

    @admin.display(description="Migrations")
    def migration_state(self, organization) -> str:
        missing = self._overview(organization).missing_migrations
        if not missing:
            return "Up to date"
        return f"{missing} migration{'s' if missing > 1 else ''} missing: run migrate_tenants"

    @admin.display(description="Limits")
    def limits_in_force(self, organization) -> str:
        per_minute, concurrent = limits_for(organization)
        return f"In force: {per_minute} requests per minute, {concurrent} at once"

    def save_model(self, request, organization, form, change) -> None:
        lifecycle.organization_change(
            organization=organization,
            **{field: form.cleaned_data[field] for field in OrganizationChangeForm.Meta.fields},
        )

    @admin.display(description="Placement")
    def placement(self, organization) -> str:
        if not citus_mode():
            return "Single server (no Citus cluster)"
        node = organization_nodes(organizations=[organization])[organization.pk]
        load = organization_load(organization=organization)
        if load is None:
            return f"On {node}; no queries this period"
        return (
            f"On {node}; this period: {load.queries} queries, {load.reads} reads, "
            f"{load.cpu_seconds:.3f} s of CPU (citus_stat_tenants)"
        )

    @admin.display(description="Backups")
    def backups(self, organization) -> str:
        state = backup_states(organizations=[organization])[organization.pk]
        shown = (
            f"{state.last.name} ({state.last.created_at:%Y-%m-%d %H:%M} UTC)"
            if state.last
            else "No backup yet"
        )
        job = state.last_job
        if job is not None and job.state != JobState.SUCCEEDED:
            reason = f" ({job.error_code})" if job.error_code else ""
            shown += f"; last backup job {job.state}{reason}"
        return shown

    def get_urls(self):
        lifecycle_urls = [
            path(
                f"<int:object_id>/change/{name}/",
                self.admin_site.admin_view(require_POST(self._lifecycle_view(name))),
                name=f"tenants_organization_{name}",
            )
            for name in LIFECYCLE_ACTIONS
        ]
        return lifecycle_urls + super().get_urls()

    def _lifecycle_view(self, name: str):
        service, verb = LIFECYCLE_ACTIONS[name]

        def view(request, object_id):
            organization = get_object_or_404(Organization, pk=object_id)
            self._apply(request, [organization], service, verb)
            return HttpResponseRedirect(
                reverse("admin:tenants_organization_change", args=[organization.pk])
            )

        return view

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        status = getattr(obj, "status", None)
        context["lifecycle_actions"] = [
            name for name, statuses in OFFERED_WHEN.items() if status in statuses
        ]
        return super().render_change_form(request, context, add, change, form_url, obj)

    def add_view(self, request, form_url="", extra_context=None):
        form = OrganizationCreateForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                with deliveries_recorded() as deliveries:
                    organization = organization_create(**form.cleaned_data)
            except DomainError as error:
                for field, errors in error.fields.items():
                    form.add_error(field if field in form.fields else None, errors)
                if not error.fields:
                    form.add_error(None, error.message)
            else:
                self.message_user(request, f"Created {organization.slug}.", messages.SUCCESS)
                self._report_owner_mail(request, organization, form.cleaned_data, deliveries)
                return HttpResponseRedirect(reverse("admin:tenants_organization_changelist"))
        context = {**self.admin_site.each_context(request), "form": form, "title": "Create"}
        return TemplateResponse(request, "admin/tenants/organization/create.html", context)

    def _report_owner_mail(self, request, organization, data, deliveries) -> None:
        """A job sends the owner's mail and retries (README "Background jobs"): the form can
        only say it is on its way, and how to send another should it never arrive."""
        state = mail_state(deliveries)
        if state and state["status"] == MailStatus.QUEUED:
            owner_email = data["owner_email"].strip()
            self.message_user(
                request,
                f"The set-password mail to {owner_email} is queued: a job sends it. If it "
                "does not arrive, resend it with POST /api/v1/platform/organizations/"
                f"{organization.slug}/owner/resend-set-password/.",
                messages.INFO,
            )

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # archive and purge go through the services

    def _apply(self, request, queryset, service, verb: str) -> None:
        done, refused = [], []
        for organization in queryset:
            try:
                service(organization=organization)
                done.append(organization.slug)
            except DomainError as error:
                refused.append(f"{organization.slug} ({error.message})")
        if done:
            self.message_user(request, f"{verb}: {', '.join(done)}", messages.SUCCESS)
        if refused:
            self.message_user(
                request, f"Not {verb.lower()}: {'; '.join(refused)}", messages.WARNING
            )

    @admin.action(description="Suspend selected organizations")
    def suspend_organizations(self, request, queryset):
        self._apply(request, queryset, lifecycle.organization_suspend, "Suspended")

    @admin.action(description="Reactivate selected organizations")
    def reactivate_organizations(self, request, queryset):
        self._apply(request, queryset, lifecycle.organization_reactivate, "Reactivated")

    @admin.action(description="Archive selected organizations")
    def archive_organizations(self, request, queryset):
        self._apply(request, queryset, lifecycle.organization_archive, "Archived")
