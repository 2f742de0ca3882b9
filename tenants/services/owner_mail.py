"""A new owner's set-password mail, sent by a platform job once the write that made the owner
(or asked for a resend) has committed (README "Background jobs"): the API answers at once,
and a mail server that refuses is tried again with back-off.

The job carries the user's id only. The link's token is made when the mail is sent, from the
user's state and SECRET_KEY (shared_apps/accounts/services/onboarding.py), so neither the
job's row nor its message holds it; an owner who has chosen a password meanwhile is sent
nothing. It lives in the platform layer because accounts may not reach the job outbox
(docs/architecture.md, "Layers"); the worker imports it by CELERY_IMPORTS.
"""

import logging

from core.jobs import app
from core.mail import MAIL_JOB_RETRIES, Delivery, mail_by_job
from shared_apps.accounts.models import User
from shared_apps.accounts.services import password_set_due, password_set_message
from tenants.jobs import PlatformTask, enqueue_platform

logger = logging.getLogger(__name__)


@app.task(
    base=PlatformTask,
    name="owners.password_mail",
    purpose="set-password link for user {user_id}",
    **MAIL_JOB_RETRIES,
)
def owner_password_mail(*, user_id: int) -> None:
    user = User.objects.filter(pk=user_id).first()
    if user is None or not password_set_due(user=user):
        logger.info("Set-password link for user %s not sent: no password is due.", user_id)
        return
    password_set_message(user=user).send()


def owner_password_mail_queue(*, user: User) -> Delivery:
    """Have a job mail `user` a set-password link once the current transaction commits."""
    enqueue_platform(owner_password_mail, user_id=user.pk)
    return mail_by_job(purpose=f"set-password link for user {user.pk}")
