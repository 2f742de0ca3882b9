from django.db import models


class JobState(models.TextChoices):
    PENDING = "pending"  # recorded with its transaction, not (yet) handed to the broker
    QUEUED = "queued"  # handed to the broker (again, for a retry): a worker will run it
    RUNNING = "running"  # a worker has claimed it
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # raised on its last attempt
    DROPPED = "dropped"  # never ran: its organization is suspended, archived or gone


class Job(models.Model):
    """A background job, recorded in `public` in the transaction that asked for it (the
    outbox of tenants/jobs): a rolled-back write leaves no row, and a committed row reaches
    the broker once it answers, at commit or through the relay (docs/architecture.md, "Jobs").

    The organization is named by plain columns, without a foreign key: purge deletes the
    organization and its jobs' history stays; a job whose organization is gone is dropped.
    """

    task = models.CharField(max_length=200)  # the registered Celery task's name
    kwargs = models.JSONField(default=dict)
    organization_id = models.BigIntegerField(null=True)
    schema_name = models.CharField(max_length=63)
    state = models.CharField(max_length=16, choices=JobState.choices, default=JobState.PENDING)
    attempts = models.PositiveIntegerField(default=0)  # runs of its body so far
    # The relay publishes a pending row once this has passed (a retry's back-off).
    run_after = models.DateTimeField(null=True, blank=True)
    # A running job's lease: set when a worker claims it, pushed out by a long job. A row
    # still running past it lost its worker (killed mid-job): the relay runs it again.
    running_until = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True, default="")  # the last failure or why it was dropped
    # A domain refusal's stable code (core.errors), as the API would have answered it.
    error_code = models.CharField(max_length=64, blank=True, default="")
    # What a job that reports one returned (a purge's backup name), and how far it got.
    result = models.JSONField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # The relay's scan: only rows still waiting for the broker.
            models.Index(
                fields=["id"],
                name="tenants_job_pending",
                condition=models.Q(state="pending"),
            ),
            # The relay's scan for lost workers: only running rows, by their lease.
            models.Index(
                fields=["running_until"],
                name="tenants_job_running",
                condition=models.Q(state="running"),
            ),
            # Each organization's jobs in flight (fairness: the publisher's and the relay's
            # counts), among queued and running rows only.
            models.Index(
                fields=["organization_id", "published_at"],
                name="tenants_job_in_flight",
                condition=models.Q(state__in=["queued", "running"]),
            ),
            # The fan-out's check for this period's job of a chore: a few rows per chore and
            # organization (one a day, kept JOBS_RETENTION_DAYS), the period read from them.
            models.Index(fields=["task", "organization_id"], name="tenants_job_chore"),
        ]

    def __str__(self) -> str:
        return f"job {self.pk} {self.task} in {self.schema_name} ({self.state})"
