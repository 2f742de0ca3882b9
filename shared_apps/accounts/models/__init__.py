from shared_apps.accounts.models.user import User

__all__ = ["User"]
