"""A task base that leaves the worker's connection as it found it: on `public`, usable."""

from celery import Task
from django.db import connection


class CleanConnectionTask(Task):
    """Every job in a worker starts on `public` and ends there, whatever it did: switched
    schema, raised, rolled back a savepoint (docs/architecture.md, traps 5 and 6). Then the
    connection is closed if it is broken, older than CONN_MAX_AGE or has served
    TENANT_CONNECTION_MAX_SCHEMAS schemas, as at the end of a request.

    Run eagerly (`request.is_eager`: in the process that enqueued it, right after its
    commit) it leaves the caller's connection alone: the caller may be a request still in
    its organization's schema. Subclasses extend `call_on_clean_connection`."""

    abstract = True

    def __call__(self, *args, **kwargs):
        in_worker = not self.request.is_eager
        if in_worker:
            connection.set_schema_to_public()
        try:
            return self.call_on_clean_connection(*args, **kwargs)
        finally:
            if in_worker:
                connection.set_schema_to_public()
                connection.close_if_unusable_or_obsolete()

    def call_on_clean_connection(self, *args, **kwargs):
        return super().__call__(*args, **kwargs)
