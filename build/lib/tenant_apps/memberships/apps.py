from django.apps import AppConfig


class MembershipsConfig(AppConfig):
    name = "tenant_apps.memberships"
    label = "memberships"
    verbose_name = "Memberships"
