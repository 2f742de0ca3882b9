import django_filters
from django import forms

from core.api.fields import MAX_DATABASE_ID
from tenant_apps.projects.models import Project, ProjectStatus


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices)
    owner = django_filters.NumberFilter(
        field_name="owner_id",
        widget=forms.NumberInput,
        min_value=1,
        max_value=MAX_DATABASE_ID,
    )

    class Meta:
        model = Project
        fields = ["status", "owner"]
