from shared_apps.accounts.services.onboarding import (
    account_email_lock,
    owner_account,
    password_set_due,
    password_set_message,
)
from shared_apps.accounts.services.passwords import password_link_user, password_set
from shared_apps.accounts.services.tokens import (
    access_token_issue,
    access_token_revoke,
    account_authenticate,
    login_with_password,
    token_digest,
)

__all__ = [
    "access_token_issue",
    "access_token_revoke",
    "account_authenticate",
    "account_email_lock",
    "login_with_password",
    "owner_account",
    "password_link_user",
    "password_set",
    "password_set_due",
    "password_set_message",
    "token_digest",
]
