"""The JSON formatter: one line per record, the same fields on every line."""

import json
import logging
import sys

from core.logs.context import LogContext, log_context
from core.logs.json_lines import JsonFormatter


def record(message: str = "something happened", *args, exc_info=None, **extra):
    made = logging.LogRecord("tenantry.test", logging.WARNING, __file__, 1, message, args, exc_info)
    made.__dict__.update(extra)
    return made


def formatted(made: logging.LogRecord) -> dict:
    line = JsonFormatter().format(made)
    assert "\n" not in line
    return json.loads(line)


def test_a_record_outside_requests_and_commands_has_the_same_fields_empty():
    line = formatted(record("%s of %d", "one", 2))
    assert line["level"] == "warning"
    assert line["logger"] == "tenantry.test"
    assert line["message"] == "one of 2"
    assert line["time"].endswith("+00:00")
    assert line["request_id"] is None
    assert line["organization"] is None
    assert line["user_id"] is None


def test_a_record_inside_a_command_run_carries_its_run_id_and_name():
    with log_context(LogContext(request_id="run-1", command="migrate_tenants")):
        line = formatted(record())
    assert line["request_id"] == "run-1"
    assert line["command"] == "migrate_tenants"
    assert line["organization"] is None


def test_extra_fields_are_kept_and_what_json_cannot_hold_is_written_as_text():
    line = formatted(record(schema="org_acme", took=1.5, path_object=object()))
    assert line["schema"] == "org_acme"
    assert line["took"] == 1.5
    assert line["path_object"].startswith("<object")


def test_djangos_request_and_status_code_become_the_status_without_the_request_object():
    line = formatted(record(status_code=500, request=object()))
    assert line["status"] == 500
    assert "request" not in line
    assert "status_code" not in line


def test_an_exception_is_one_line_with_its_traceback():
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        line = formatted(record("failed", exc_info=sys.exc_info()))
    assert line["traceback"].startswith("Traceback (most recent call last):")
    assert "ValueError: bad\nvalue" in line["traceback"]


def test_a_multi_line_message_stays_on_one_line():
    assert formatted(record("first\nsecond"))["message"] == "first\nsecond"
