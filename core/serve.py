"""The production entrypoint: `make serve` runs `python -m core.serve`.

It checks what a server cannot do without, then becomes gunicorn (core/gunicorn.py: $PORT,
WEB_CONCURRENCY workers of GUNICORN_THREADS threads, the request limits) serving
core.settings.production. A missing variable or a bad setting is one sentence and exit
status 2 here, rather than workers that fail to boot. It never migrates and never creates
data: the release step (`make release`, `manage.py release`) migrates and collects the static
files before new workers take traffic, and nothing in production makes demo data.
"""

import os
import sys
from collections.abc import Mapping

SETTINGS = "core.settings.production"
REQUIRED = ("SECRET_KEY", "DATABASE_URL", "TENANT_BASE_DOMAIN")
GUNICORN = ["-m", "gunicorn", "--config", "python:core.gunicorn", "core.wsgi"]
REFUSED = 2


def missing_variables(environ: Mapping[str, str]) -> list[str]:
    return [name for name in REQUIRED if not environ.get(name, "").strip()]


def configuration_problem() -> str | None:
    """Load the production settings once, as each worker will: their own refusals (a weak
    SECRET_KEY, a bad DATABASE_POOL) become a sentence. Then check that the static files
    were collected: with the manifest storage, every admin page would fail without them."""
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as error:
        return str(error)
    from django.conf import settings
    from django.contrib.staticfiles.storage import staticfiles_storage

    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest and not staticfiles_storage.exists(manifest):
        return (
            f"no static files in STATIC_ROOT ({settings.STATIC_ROOT}): run the release step "
            "(`make release`) before serving."
        )
    return None


def main(environ: os._Environ = os.environ) -> int:
    missing = missing_variables(environ)
    if missing:
        print(f"serve: set {', '.join(missing)} to start.", file=sys.stderr)
        return REFUSED
    # Production whatever the caller's shell says: core/wsgi.py would default to development.
    environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    problem = configuration_problem()
    if problem:
        print(f"serve: {problem}", file=sys.stderr)
        return REFUSED
    sys.stdout.flush()
    # gunicorn takes this process's place (and pid): a container's stop signal reaches it.
    os.execv(sys.executable, [sys.executable, *GUNICORN])  # noqa: S606 (fixed arguments)
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main())
