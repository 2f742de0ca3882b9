from http import HTTPStatus

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from tenant_apps.memberships.api.serializers import MemberSerializer
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.selectors import member_list, member_require
from tenant_apps.memberships.services import member_remove, member_role_set, ownership_transfer
from tenants.roles import Role


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class MemberListView(ListAPIView):
    """Members of this organization."""

    serializer_class = MemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no schema active
            return Membership.objects.none()
        return member_list()


class MemberDetailView(APIView):
    """One member, by user id: read, change the role (PATCH), remove or leave (DELETE)."""

    @extend_schema(responses=MemberSerializer)
    def get(self, request: Request, user_id: int) -> Response:
        return Response(MemberSerializer(member_require(user_id=user_id)).data)

    @extend_schema(request=RoleSerializer, responses=MemberSerializer)
    def patch(self, request: Request, user_id: int) -> Response:
        payload = RoleSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        member_role_set(
            organization=request.organization,
            actor=request.user,
            user_id=user_id,
            **payload.validated_data,
        )
        return Response(MemberSerializer(member_require(user_id=user_id)).data)

    @extend_schema(responses={204: None})
    def delete(self, request: Request, user_id: int) -> Response:
        member_remove(organization=request.organization, actor=request.user, user_id=user_id)
        return Response(status=HTTPStatus.NO_CONTENT)


class OwnershipTransferView(APIView):
    """Hand ownership to another member; the caller becomes an admin."""

    @extend_schema(request=None, responses=MemberSerializer)
    def post(self, request: Request, user_id: int) -> Response:
        ownership_transfer(organization=request.organization, actor=request.user, user_id=user_id)
        return Response(MemberSerializer(member_require(user_id=user_id)).data)
