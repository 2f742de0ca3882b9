from rest_framework import serializers

from core.api.fields import MAX_DATABASE_ID, StrictCharField
from tenant_apps.projects.models import Project, ProjectStatus
from tenant_apps.projects.selectors import PERMISSIONS


class ProjectOwnerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()


class ProjectSerializer(serializers.ModelSerializer):
    owner = ProjectOwnerSerializer(read_only=True)

    class Meta:
        model = Project
        fields = [
            "id", "name", "slug", "description", "status", "owner", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields


class ProjectInputSerializer(serializers.Serializer):
    """What a caller may set. Anything else (id, owner, slug, is_deleted, timestamps) is
    ignored; the service checks the content rules."""

    name = StrictCharField(max_length=200, trim_whitespace=False)
    description = StrictCharField(
        max_length=10_000, allow_blank=True, trim_whitespace=False, required=False
    )
    status = serializers.ChoiceField(choices=ProjectStatus.choices, required=False)


class ProjectGrantSerializer(serializers.Serializer):
    user_id = serializers.IntegerField(min_value=1, max_value=MAX_DATABASE_ID)
    permission = serializers.ChoiceField(choices=PERMISSIONS)


class ProjectHolderSerializer(serializers.Serializer):
    user_id = serializers.IntegerField()
    email = serializers.EmailField()
    permissions = serializers.ListField(child=serializers.ChoiceField(choices=PERMISSIONS))
