"""The Celery application, configured from Django's settings (core/settings/jobs.py)."""

import os

from celery import Celery

# As manage.py: a worker started by hand serves the development settings; the image and
# `make worker` say which.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.local")

app = Celery("tenantry")
app.config_from_object("django.conf:settings", namespace="CELERY")
# Celery's Django fixup closes the database connection before and after every job unless
# told to reuse it. A worker keeps one connection, as a gunicorn thread does: every
# transaction sets its own search_path (core/db), and CleanConnectionTask closes it when it
# is broken, too old or has served too many schemas.
app.conf.CELERY_DB_REUSE_MAX = 1_000_000
# Each app's `jobs` module (tenants.jobs, tenant_apps.invitations.jobs, ...) holds its tasks.
app.autodiscover_tasks(related_name="jobs")
