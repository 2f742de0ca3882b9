"""Who may call what: the default permission of every API view.

On the root domain: any authenticated user (platform views add their own checks).
On an organization's domain: an authenticated member of that organization; an
authenticated non-member gets 404, not 403, so nobody can probe another organization's
endpoints. Views open to non-members (health, auth) say so explicitly, and the isolation
tests list them by name.
"""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

from tenant_apps.memberships.selectors import membership_of_request


class IsMemberOfRequestOrganization(BasePermission):
    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False  # DRF answers 401 with the Bearer challenge
        if request.organization is None:
            return True
        if membership_of_request(request) is None:
            raise NotFound()
        return True
