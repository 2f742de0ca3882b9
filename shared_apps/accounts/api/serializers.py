from rest_framework import serializers

from shared_apps.accounts.models import User
from tenants.links import organization_url
from tenants.models import OrganizationStatus


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=1024, trim_whitespace=False)


class PasswordSetSerializer(serializers.Serializer):
    uid = serializers.CharField(max_length=64)
    token = serializers.CharField(max_length=128)
    password = serializers.CharField(max_length=1024, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class MyOrganizationSerializer(serializers.Serializer):
    slug = serializers.CharField(source="organization.slug")
    name = serializers.CharField(source="organization.name")
    role = serializers.CharField()
    # Suspended organizations are listed (the member still belongs to them); their domain
    # answers 403 until reactivated.
    status = serializers.ChoiceField(
        source="organization.status", choices=OrganizationStatus.choices, read_only=True
    )
    url = serializers.SerializerMethodField()

    def get_url(self, membership) -> str:
        domain = membership.primary_domain or membership.organization.primary_hostname
        return organization_url(request=self.context["request"], domain=domain)


class MeSerializer(serializers.ModelSerializer):
    organizations = MyOrganizationSerializer(many=True)

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "is_staff", "organizations"]
