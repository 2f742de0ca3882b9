"""A management command run through manage.py logs like a request: a run id on every record
written during the run, and one line at the end with the command, its exit status and its
duration. Only the command's name is logged: its arguments may be personal data (an email
address to erase)."""

import logging
import time
from collections.abc import Callable

from core.logs.context import LogContext, log_context, new_request_id

logger = logging.getLogger("tenantry.command")

INTERRUPTED = 130


def command_logged(argv: list[str], execute: Callable[[list[str]], object]) -> None:
    """Run `execute(argv)` (Django's execute_from_command_line) as one logged run. Its exit
    status is kept; a crash is logged with its traceback and exits with status 1."""
    command = argv[1] if len(argv) > 1 else "help"
    started = time.perf_counter()
    status = 0
    with log_context(LogContext(request_id=new_request_id(), command=command)):
        try:
            execute(argv)
        except SystemExit as exit:
            status = exit_status(exit.code)
            raise
        except KeyboardInterrupt:
            status = INTERRUPTED
            raise
        except Exception:
            status = 1
            logger.exception("%s failed", command)
            raise SystemExit(1) from None
        finally:
            logger.info(
                "%s exited %s",
                command,
                status,
                extra={
                    "event": "command",
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )


def exit_status(code: object) -> int:
    """What the process exit status will be for `sys.exit(code)`."""
    if code is None:
        return 0
    return code if isinstance(code, int) else 1
