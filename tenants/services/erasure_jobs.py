"""Erasure as a platform job when it would be long (README "Team"): a user in more than
ERASE_INLINE_ORGANIZATIONS organizations means as many schema visits in one transaction,
which no HTTP call should wait for. Fewer are erased at once, as before.

Neither the job's row nor its result holds the person's email address: the job carries the
user's id, and an erased user's row is gone. The worker imports this module by
CELERY_IMPORTS.
"""

from django.conf import settings
from django.db import transaction

from core.errors import NotFound
from core.jobs import app
from shared_apps.accounts.models import User
from tenants.jobs import PlatformTask, enqueue_platform
from tenants.models import Job, MembershipIndex
from tenants.services.erasure import user_erase

# Not retried: a refusal (a last owner) stands until a platform admin acts, and a schema that
# fails is for them to look at. A lease of an hour, like purge and restore.
ERASE_JOB = {"base": PlatformTask, "max_retries": 0, "lease_seconds": 3600, "keeps_result": True}


@app.task(name="users.erase", purpose="erasure of user {user_id}", **ERASE_JOB)
def user_erase_job(*, user_id: int) -> dict:
    user = User.objects.filter(pk=user_id).first()
    if user is None:  # erased meanwhile, by another job or at once
        raise NotFound("No user with this id.", code="user_not_found")
    return {"user_id": user_id, "organizations": user_erase(user=user)}


@transaction.atomic
def user_erase_or_queue(*, user: User) -> Job | None:
    """Erase `user` here and now when they are in few organizations (None), else have a job
    erase them (the job). The membership index counts them: one query, where the erase
    itself also finds schemas that point at the user without a membership."""
    if MembershipIndex.objects.filter(user=user).count() <= settings.ERASE_INLINE_ORGANIZATIONS:
        user_erase(user=user)
        return None
    return enqueue_platform(user_erase_job, user_id=user.pk)
