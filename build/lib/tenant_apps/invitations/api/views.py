from http import HTTPStatus

from drf_spectacular.utils import extend_schema
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from core.mail import deliveries_recorded, mail_state
from shared_apps.accounts.throttling import LoginIPThrottle
from tenant_apps.invitations.api.serializers import (
    InvitationAcceptedSerializer,
    InvitationAcceptSerializer,
    InvitationCreateSerializer,
    InvitationSentSerializer,
    InvitationSerializer,
)
from tenant_apps.invitations.models import Invitation
from tenant_apps.invitations.selectors import invitation_list_pending
from tenant_apps.invitations.services import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
)


class InvitationListView(ListAPIView):
    """Pending invitations; owners and admins invite by email with a role."""

    serializer_class = InvitationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        return invitation_list_pending(actor=self.request.user)

    @extend_schema(
        request=InvitationCreateSerializer,
        responses={201: InvitationSentSerializer, 200: InvitationSentSerializer},
    )
    def post(self, request: Request) -> Response:
        payload = InvitationCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        # The service's transaction is the outermost one: its mail has been sent (or has
        # failed) when it returns, so the answer reports what happened.
        with deliveries_recorded() as deliveries:
            invitation, created = invitation_create(
                organization=request.organization, actor=request.user, **payload.validated_data
            )
        status = HTTPStatus.CREATED if created else HTTPStatus.OK
        context = {"mail": mail_state(deliveries)}
        return Response(InvitationSentSerializer(invitation, context=context).data, status=status)


class InvitationRevokeView(APIView):
    @extend_schema(responses={204: None})
    def delete(self, request: Request, invitation_id: int) -> Response:
        invitation_revoke(actor=request.user, invitation_id=invitation_id)
        return Response(status=HTTPStatus.NO_CONTENT)


class InvitationResendView(APIView):
    """Mail a pending invitation again, with a fresh token and expiry (owners and admins)."""

    @extend_schema(request=None, responses=InvitationSentSerializer)
    def post(self, request: Request, invitation_id: int) -> Response:
        invitation, delivery = invitation_resend(
            organization=request.organization, actor=request.user, invitation_id=invitation_id
        )
        context = {"mail": mail_state([delivery])}
        return Response(InvitationSentSerializer(invitation, context=context).data)


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
