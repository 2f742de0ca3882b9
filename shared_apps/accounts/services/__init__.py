from shared_apps.accounts.services.tokens import (
    access_token_issue,
    access_token_revoke,
    digest_of,
    login_with_password,
)

__all__ = ["access_token_issue", "access_token_revoke", "digest_of", "login_with_password"]
