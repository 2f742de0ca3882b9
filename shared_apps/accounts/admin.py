from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group

from shared_apps.accounts.models import AccessToken, User
from shared_apps.accounts.throttling import login_form_throttled

# The admin's login form guesses at the same credentials as the token endpoint: it counts
# against the same throttles (admin.site builds its URLs from this attribute).
admin.site.login = login_form_throttled(admin.site.login)
# Roles live in each organization (memberships) and object grants in guardian: Django's
# groups are unused here, so the admin does not offer them.
admin.site.unregister(Group)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    list_filter = ["is_staff", "is_superuser", "is_active"]
    search_fields = ["email", "first_name", "last_name"]
    readonly_fields = ["date_joined", "last_login"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Name", {"fields": ["first_name", "last_name"]}),
        ("Access", {"fields": ["is_active", "is_staff", "is_superuser", "user_permissions"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "password1", "password2"]})]
    filter_horizontal = ["user_permissions"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Users have rows in tenant schemas: erasing one is a service, not a cascade here.
        return False


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin):
    list_display = ["key_prefix", "user", "created_at", "expires_at"]
    search_fields = ["user__email", "key_prefix"]
    readonly_fields = ["digest", "key_prefix", "user", "created_at", "expires_at"]

    def has_add_permission(self, request) -> bool:
        return False
