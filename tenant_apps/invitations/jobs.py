"""The invitations' jobs (README "Background jobs").

The daily chore expires stale invitations. The invitation mail is sent by a job once the
invitation has committed: the API answers at once, and a mail server that refuses is tried
again with back-off.

The mail job carries no token. It carries the invitation's id and the nonce the token is
derived from (tenant_apps/invitations/tokens.py), and sends only while that token is the
invitation's current one: a re-invite or resend that issued a newer token makes an older
job, still waiting for a retry, send nothing.
"""

import logging

from django.db import connection

from core.errors import DomainError
from core.jobs import app
from core.mail import MAIL_JOB_RETRIES
from tenant_apps.invitations.mail import invitation_message
from tenant_apps.invitations.selectors import invitation_usable
from tenant_apps.invitations.services.expiry import invitations_expire_stale
from tenant_apps.invitations.tokens import invitation_token
from tenants.jobs import TenantTask

logger = logging.getLogger(__name__)


@app.task(
    base=TenantTask,
    name="invitations.mail",
    purpose="invitation {invitation_id} mail",
    **MAIL_JOB_RETRIES,
)
def invitation_mail(*, invitation_id: int, nonce: str) -> None:
    token = invitation_token(nonce)
    try:  # the accept page's rules: pending, not expired, and this token is its current one
        invitation = invitation_usable(token=token)
    except DomainError as refusal:
        logger.info("Invitation %s mail not sent: %s", invitation_id, refusal.code)
        return
    if invitation.pk != invitation_id:  # not possible short of a digest collision
        return
    invitation_message(connection.tenant, invitation, token).send()


@app.task(
    base=TenantTask,
    name="invitations.expire_stale",
    purpose="expiry of stale invitations ({period})",
    max_retries=2,
)
def expire_stale_invitations(*, period: str) -> int:
    """The daily chore (one job per active organization and day: the fan-out in
    tenants/jobs/schedule.py); idempotent, so a run of any period may repeat."""
    return invitations_expire_stale()
