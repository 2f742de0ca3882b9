from django.contrib import admin

from tenants.models import Domain, Organization


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
    list_display = ["slug", "name", "status", "schema_name", "created_at"]
    list_filter = ["status"]
    search_fields = ["slug", "name"]
    readonly_fields = ["slug", "schema_name", "status", "created_at", "updated_at"]
    inlines = [DomainInline]

    # Organizations are created and removed only by tenants.services, which own the schemas.
    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
