"""gunicorn's configuration: `gunicorn --config python:core.gunicorn core.wsgi`.

The limits bound what a client can make gunicorn read before Django sees anything. The
request body is bounded by Django (DATA_UPLOAD_MAX_MEMORY_SIZE, answered as a JSON 413),
not here: gunicorn has no body limit. What a front proxy must add is in the README
("Behind a proxy"). Command-line flags override these values.
"""

import os

bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"
# Two worker processes per CPU this process may run on. A worker's threads share one
# interpreter lock: two requests in one worker take turns on one core, and one back from the
# database waits again for the lock. The kernel shares processes out instead: on 2 cores, 2
# workers let a flooding organization take the others' p95 to 1.49x, and 4 to 1.23x
# (BENCHMARKS.md, "Fair share under saturation").
_cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * _cpus))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))

# Request line (method, path and query string): no URL of this API comes near 4 KB;
# gunicorn's own default, kept explicit.
limit_request_line = 4094
# Header count: browsers send about 20, proxies add a few; gunicorn's default is 100.
limit_request_fields = 50
# One header's size: a bearer token is about 50 bytes, our cookies well under 1 KB.
limit_request_field_size = 8190

# A worker silent for this long is killed and replaced; requests are bounded well before
# by the database statement timeout (DATABASE_STATEMENT_TIMEOUT_MS, 5 s by default).
timeout = 30
graceful_timeout = 30
keepalive = 5

# gunicorn's own messages as JSON lines, like Django's (LOG_FORMAT=text: its plain ones). No
# access log: Django writes one line per request (core/logs/requests.py).
if os.environ.get("LOG_FORMAT", "json") == "json":
    logger_class = "core.logs.gunicorn.JsonLogger"

# No control socket (gunicorn 25.1+): nothing here uses `gunicornc`, and its default path
# ($HOME/.gunicorn/gunicorn.ctl) is shared by every gunicorn of the same user on a machine.
control_socket_disable = True
