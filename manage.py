#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings.local")
    from django.core.management import execute_from_command_line

    from core.logs.commands import command_logged

    # One log line per run, a run id on every record of it (core/logs/commands.py).
    command_logged(sys.argv, execute_from_command_line)


if __name__ == "__main__":
    main()
