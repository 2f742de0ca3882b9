# Two images from one file. The last stage, `production` (the default), holds the runtime
# dependencies only, runs as a non-root user, has pg_dump for purge and restore, and starts
# the same entrypoint as `make serve` (python -m core.serve); the release step (migrations)
# runs as its own container first (docker-compose.yml). The `dev` stage is a developer's
# machine: make, the dev extra, `make run` or `make test`.
FROM python:3.13-slim-bookworm AS base
# Debian bookworm's PostgreSQL client is 15, the major version docker-compose.yml runs:
# pg_dump must be at least the server's version.
RUN apt-get update \
    && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app

FROM base AS dev
RUN apt-get update \
    && apt-get install -y --no-install-recommends make \
    && rm -rf /var/lib/apt/lists/*
COPY . .
RUN make install
ENV PORT=8000
EXPOSE 8000
CMD ["make", "run"]

FROM base AS production
ENV DJANGO_SETTINGS_MODULE=core.settings.production \
    STATIC_ROOT=/app/staticfiles \
    PORT=8000
COPY pyproject.toml README.md manage.py ./
COPY core core
COPY shared_apps shared_apps
COPY tenants tenants
COPY tenant_apps tenant_apps
RUN pip install .

# Static files are part of the build: collected once here (compressed, hashed names), so every
# container serves the same files. Collecting reads settings but no database: the values
# below exist only for this step.
RUN SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
    DATABASE_URL=postgres://build@localhost/build TENANT_BASE_DOMAIN=build.invalid \
    python manage.py collectstatic --noinput --verbosity 0

# The release step collects again (a no-op for this image's files), so the user owns them.
RUN useradd --system --uid 10001 --no-create-home tenantry \
    && mkdir -p /app/backups /app/proxy-limits \
    && chown -R tenantry /app/backups /app/proxy-limits /app/staticfiles
USER tenantry
ENV TENANT_BACKUP_DIR=/app/backups

EXPOSE 8000
# The health endpoint on the root domain, as a proxy would ask for it (https at the proxy).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import os, urllib.request as u; u.urlopen(u.Request(f'http://127.0.0.1:{os.environ[\"PORT\"]}/api/v1/health/', headers={'Host': os.environ['TENANT_BASE_DOMAIN'], 'X-Forwarded-Proto': 'https'}), timeout=3)"
CMD ["python", "-m", "core.serve"]
