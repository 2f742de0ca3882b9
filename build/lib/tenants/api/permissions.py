"""Who may call the platform's endpoints."""

from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission


class IsPlatformAdmin(BasePermission):
    """Staff users, on the root domain only (platform URLs exist only there)."""

    message = "Only platform administrators may do this."

    def has_permission(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.organization is not None:
            raise NotFound()
        return bool(request.user.is_staff)
