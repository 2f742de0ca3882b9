from rest_framework.generics import ListAPIView, RetrieveAPIView

from tenant_apps.memberships.api.serializers import MemberSerializer
from tenant_apps.memberships.models import Membership
from tenant_apps.memberships.selectors import member_get, member_list


class MemberListView(ListAPIView):
    """Members of this organization."""

    serializer_class = MemberSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no schema active
            return Membership.objects.none()
        return member_list()


class MemberDetailView(RetrieveAPIView):
    """One member, by user id."""

    serializer_class = MemberSerializer

    def get_object(self):
        return member_get(user_id=self.kwargs["user_id"])
