"""Management commands run through manage.py log like requests: every record of the run
carries a run id, and the run ends with one line (command, exit status, duration)."""

import logging
import re

import pytest

from core.logs.commands import command_logged

RUN_ID = re.compile(r"[0-9a-f]{32}")


def inner_and_last(lines: list[dict]) -> tuple[list[dict], dict]:
    *inner, last = lines
    assert last["event"] == "command"
    return inner, last


def test_a_command_run_logs_its_records_and_one_final_line_with_the_same_run_id(json_log):
    def execute(argv):
        logging.getLogger("tenantry.test").info("working on %s", argv[1])

    command_logged(["manage.py", "migrate_tenants", "--jobs", "2"], execute)

    (working,), last = inner_and_last(json_log())
    assert RUN_ID.fullmatch(last["request_id"])
    assert working["request_id"] == last["request_id"]
    assert working["command"] == last["command"] == "migrate_tenants"
    assert last["status"] == 0
    assert last["duration_ms"] >= 0
    assert last["organization"] is None
    assert last["user_id"] is None


def test_each_run_has_its_own_run_id(json_log):
    command_logged(["manage.py", "check"], lambda argv: None)
    command_logged(["manage.py", "check"], lambda argv: None)
    first, second = json_log()
    assert first["request_id"] != second["request_id"]


def test_an_exit_status_is_logged_and_kept(json_log):
    def execute(argv):
        raise SystemExit(3)

    with pytest.raises(SystemExit) as exit:
        command_logged(["manage.py", "tenant_migration_status", "--check"], execute)
    assert exit.value.code == 3
    assert json_log()[-1]["status"] == 3


def test_a_crash_is_logged_with_its_traceback_and_exits_1(json_log):
    def execute(argv):
        raise RuntimeError("the command broke")

    with pytest.raises(SystemExit) as exit:
        command_logged(["manage.py", "erase_user", "someone@example.com", "--yes"], execute)
    assert exit.value.code == 1

    (crash,), last = inner_and_last(json_log())
    assert crash["level"] == "error"
    assert "RuntimeError: the command broke" in crash["traceback"]
    assert crash["request_id"] == last["request_id"]
    assert last["status"] == 1
    # Only the command's name: its arguments may be personal data.
    assert "someone@example.com" not in str(json_log())


def test_without_a_command_name_the_run_is_named_help(json_log):
    command_logged(["manage.py"], lambda argv: None)
    assert json_log()[-1]["command"] == "help"
