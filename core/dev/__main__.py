"""`python -m core.dev run|exec -- CMD...`: start the dev database, then run or serve.

run   migrate the shared schema and every organization (migrate_tenants), make sure the
      demo organization exists, build the spare schemas, serve on $PORT; with a broker
      (REDIS_URL or CELERY_BROKER_URL) a job worker runs beside the server, without one
      jobs run eagerly in the server (core/settings/jobs.py).
exec  run any command with DATABASE_URL pointing at the dev database (used by `make test`).
"""

import os
import signal
import subprocess
import sys

from core.dev.database import development_database_url


def _manage(*args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], check=True)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def _call(command: list[str]) -> int:
    """Run a child until it ends; on Ctrl-C or SIGTERM, stop it before we stop the database."""
    child = subprocess.Popen(command)
    try:
        return child.wait()
    except KeyboardInterrupt:
        _stop(child)
        raise


WORKER = ["-m", "celery", "-A", "core.jobs", "worker", "--beat", "--loglevel", "INFO"]


def _worker_beside() -> subprocess.Popen | None:
    """A job worker (with beat, for the relay) when a broker is configured."""
    if not (os.environ.get("CELERY_BROKER_URL") or os.environ.get("REDIS_URL")):
        print("No REDIS_URL: jobs run eagerly in the server, after each commit.")
        return None
    return subprocess.Popen([sys.executable, *WORKER])


def _stop(child: subprocess.Popen) -> None:
    child.terminate()
    try:
        child.wait(timeout=10)
    except subprocess.TimeoutExpired:
        child.kill()


def serve() -> int:
    port = os.environ.get("PORT", "8000")
    _manage("migrate_tenants")
    _manage("ensure_demo", "--port", port)
    _manage("fill_spare_schemas")  # the demo exists now: spares can be built from it
    worker = _worker_beside()
    try:
        return _call([sys.executable, "manage.py", "runserver", f"0.0.0.0:{port}"])
    finally:
        if worker is not None:
            _stop(worker)


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"run", "exec"}:
        print(__doc__, file=sys.stderr)
        return 2
    # Ctrl-C and `docker stop` both end the child first, then the database (in `finally`).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    with development_database_url() as url:
        os.environ["DATABASE_URL"] = url
        try:
            if argv[0] == "run":
                return serve()
            command = argv[2:] if argv[1:2] == ["--"] else argv[1:]
            return _call(command)
        except KeyboardInterrupt:
            return 130
        except subprocess.CalledProcessError as error:
            return error.returncode or 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
