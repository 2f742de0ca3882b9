"""Invitation tokens, derived from a random nonce and SECRET_KEY.

The mail job needs the token to put in the link, yet a job's arguments are stored (the job's
row in `public`, the broker's message) and the token must not be: only its digest is kept,
on the invitation. So the job carries the nonce, which is worth nothing without SECRET_KEY,
and derives the token when it sends. A SECRET_KEY changed between the invitation and the
job makes the job's token unknown to the invitation: it sends nothing (resend mails a new
one).
"""

import base64
import secrets

from django.utils.crypto import salted_hmac


def invitation_nonce() -> str:
    return secrets.token_urlsafe(16)


def invitation_token(nonce: str) -> str:
    """256 bits, URL-safe, as long as the random tokens they replace."""
    digest = salted_hmac("tenantry.invitations.token", nonce, algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()
