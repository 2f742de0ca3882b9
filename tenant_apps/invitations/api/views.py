from http import HTTPStatus

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.accounts.throttling import LoginIPThrottle
from tenant_apps.invitations.api.serializers import (
    InvitationAcceptedSerializer,
    InvitationAcceptSerializer,
    InvitationCreateSerializer,
    InvitationSerializer,
)
from tenant_apps.invitations.models import Invitation
from tenant_apps.invitations.selectors import invitation_list_pending
from tenant_apps.invitations.services import (
    invitation_accept,
    invitation_create,
    invitation_revoke,
)


class InvitationListView(ListAPIView):
    """Pending invitations; owners and admins invite by email with a role."""

    serializer_class = InvitationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        return invitation_list_pending(actor=self.request.user)

    @extend_schema(request=InvitationCreateSerializer, responses={201: InvitationSerializer})
    def post(self, request: Request) -> Response:
        payload = InvitationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        invitation, created = invitation_create(
            organization=request.organization, actor=request.user, **payload.validated_data
        )
        status = HTTPStatus.CREATED if created else HTTPStatus.OK
        return Response(InvitationSerializer(invitation).data, status=status)


class InvitationRevokeView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, invitation_id: int) -> Response:
        invitation_revoke(actor=request.user, invitation_id=invitation_id)
        return Response(status=HTTPStatus.NO_CONTENT)


class InvitationAcceptView(APIView):
    """Join with an emailed token: signed in as the invited email, or as a new account by
    adding a password. Open to non-members, since joining is what makes one."""

    permission_classes = [AllowAny]
    throttle_classes = [LoginIPThrottle]  # the token is a credential: no guessing at speed

    @extend_schema(request=InvitationAcceptSerializer, responses=InvitationAcceptedSerializer)
    def post(self, request: Request) -> Response:
        payload = InvitationAcceptSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = request.user if request.user.is_authenticated else None
        result = invitation_accept(
            organization=request.organization, user=user, **payload.validated_data
        )
        return Response(
            InvitationAcceptedSerializer(
                {
                    "organization": request.organization.slug,
                    "role": result.membership.role,
                    "token": result.token,
                }
            ).data
        )
