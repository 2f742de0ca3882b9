from rest_framework import serializers

from tenant_apps.memberships.models import Membership


class MemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(source="user.id", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)
    first_name = serializers.CharField(source="user.first_name", read_only=True)
    last_name = serializers.CharField(source="user.last_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["user_id", "email", "first_name", "last_name", "role", "joined_at"]
        read_only_fields = fields
