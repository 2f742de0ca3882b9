from shared_apps.accounts.models.token import AccessToken
from shared_apps.accounts.models.user import User, UserDeletionRefused

__all__ = ["AccessToken", "User", "UserDeletionRefused"]
