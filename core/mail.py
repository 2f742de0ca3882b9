"""Mail sent once the write that caused it has committed, with its outcome kept.

Two faults shape this module. Mail sent inside a transaction goes out even when the write is
then rolled back (an invitation that does not exist, a link to an account that was never
made). And a mail server that refuses, sent from an on-commit hook, used to raise after the
commit: the organization or invitation existed, yet the caller got a 500 and, retrying, a
409. So each message is sent from `transaction.on_commit`, a failure is logged and recorded,
never raised, and the outcome is kept on a `Delivery` that the view reads once its service
has returned (the service's own atomic block is the outermost one in a request, so its hooks
have run by then) to report `{"status": "sent" | "failed" | "pending"}`. Mail sent by a job
instead (`mail_by_job`: invitations) is reported `queued` once committed: the answer does
not wait for the mail server, and the job retries.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.mail import EmailMessage
from django.db import models, transaction

logger = logging.getLogger(__name__)


class MailStatus(models.TextChoices):
    PENDING = "pending"  # its transaction has not committed (yet)
    QUEUED = "queued"  # committed and handed to a job, which sends it and retries
    SENT = "sent"
    FAILED = "failed"


@dataclass
class Delivery:
    purpose: str  # what the mail is, for the log: "invitation 7 to acme", never its secrets
    status: MailStatus = MailStatus.PENDING


_recorded: ContextVar[list[Delivery] | None] = ContextVar("mail_deliveries", default=None)


def mail_after_commit(*, subject: str, body: str, to: str, purpose: str) -> Delivery:
    """Send one message once the current transaction commits (at once outside of one)."""
    delivery = Delivery(purpose=purpose)
    recorded = _recorded.get()
    if recorded is not None:
        recorded.append(delivery)
    message = EmailMessage(subject=subject, body=body, to=[to])
    transaction.on_commit(lambda: _send(message, delivery))
    return delivery


# How a mail job retries a mail server that refuses or does not answer: after 30 s, then 60,
# 120, 240 and 480 s, about 15 minutes in all. Every mail job uses it (`@app.task(...,
# **MAIL_JOB_RETRIES)`), so a person waits as long for one mail as for another.
MAIL_JOB_RETRIES = {"max_retries": 5, "retry_backoff": 30, "retry_backoff_max": 600}


def mail_by_job(*, purpose: str) -> Delivery:
    """Report a message that a job sends (the caller enqueues the job): pending until the
    current transaction commits, queued after. The job's row says how the sending went."""
    delivery = Delivery(purpose=purpose)
    recorded = _recorded.get()
    if recorded is not None:
        recorded.append(delivery)
    transaction.on_commit(lambda: setattr(delivery, "status", MailStatus.QUEUED))
    return delivery


def _send(message: EmailMessage, delivery: Delivery) -> None:
    try:
        message.send()
    except Exception:  # the write is committed; a mail fault must not undo or hide it
        delivery.status = MailStatus.FAILED
        logger.exception("Mail not sent: %s.", delivery.purpose)
    else:
        delivery.status = MailStatus.SENT


@contextmanager
def deliveries_recorded() -> Iterator[list[Delivery]]:
    """Collect the deliveries that the code run inside the block asks for."""
    recorded: list[Delivery] = []
    token = _recorded.set(recorded)
    try:
        yield recorded
    finally:
        _recorded.reset(token)


def mail_state(deliveries: list[Delivery]) -> dict | None:
    """The answer's `mail`: None when no mail was due, else the worst outcome of them."""
    if not deliveries:
        return None
    for status in (MailStatus.FAILED, MailStatus.PENDING, MailStatus.QUEUED):
        if any(delivery.status == status for delivery in deliveries):
            return {"status": str(status)}
    return {"status": str(MailStatus.SENT)}
