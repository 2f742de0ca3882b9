"""gunicorn's own messages (starting, booting workers, refusing a request over its limits)
in the same JSON lines as Django's (core/gunicorn.py names this class).

gunicorn's access log stays off: the request line of core/logs/requests.py is the access log,
with what gunicorn cannot know (the organization, the user, the request id)."""

from gunicorn.glogging import Logger

from core.logs.json_lines import JsonFormatter


class JsonLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(JsonFormatter())
