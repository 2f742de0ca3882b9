"""The caller's own page: who they are and the organizations they belong to.

It lives with the tenancy code because it reads the membership index; the accounts app
below it knows nothing of organizations (docs/architecture.md, "Layers").
"""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.links import organization_url
from shared_apps.accounts.models import User
from tenants.models import OrganizationStatus
from tenants.selectors import organization_memberships_for_user


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


class MeView(APIView):
    """The caller and the organizations they belong to (members only on an org domain)."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request.user
        user.organizations = organization_memberships_for_user(user=user)
        return Response(MeSerializer(user, context={"request": request}).data)
