import django_filters
from django import forms

from tenant_apps.projects.models import Project, ProjectStatus

MAX_BIGINT = 2**63 - 1


class ProjectFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=ProjectStatus.choices)
    owner = django_filters.NumberFilter(
        field_name="owner_id",
        widget=forms.NumberInput,
        min_value=1,
        max_value=MAX_BIGINT,
    )

    class Meta:
        model = Project
        fields = ["status", "owner"]
