"""Logs a platform team can use: JSON lines in production (LOG_FORMAT), each naming the
request or the command run it belongs to.

- context.py: what the current request or command run is (a context variable);
- json_lines.py: the formatter; every line carries request_id, organization and user_id;
- requests.py: the outermost middleware, one line per request, and the X-Request-ID header;
- commands.py: manage.py's wrapper, one line per command run, a run id on every record;
- jobs.py: the same for a job: one line at its end, its name and organization on every record;
- gunicorn.py: gunicorn's own messages in the same JSON;
- config.py: the LOGGING setting.
"""
