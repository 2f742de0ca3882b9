from shared_apps.accounts.services.invitations import (
    owner_invite,
    password_set_link_send,
)
from shared_apps.accounts.services.passwords import password_set
from shared_apps.accounts.services.tokens import (
    access_token_issue,
    access_token_revoke,
    digest_of,
    login_with_password,
)

__all__ = [
    "access_token_issue",
    "access_token_revoke",
    "digest_of",
    "login_with_password",
    "owner_invite",
    "password_set",
    "password_set_link_send",
]
