#!/bin/sh
# The front proxy's limits watcher (README "Behind a proxy"). The nginx image's entrypoint runs
# it before nginx starts (docker-compose.yml mounts it in /docker-entrypoint.d/); it returns at
# once and leaves a loop behind that reloads nginx each time the files in PROXY_LIMITS_DIR
# change (`manage.py proxy_limits --every` rewrites them when a plan, an override or a domain
# changes). A reload keeps serving: nginx starts new workers and lets the old ones finish.
#
#   PROXY_LIMITS_DIR            the directory the template includes *.conf from
#   PROXY_LIMITS_CHECK_SECONDS  how often it looks (default 5)
#   PROXY_RELOAD_COMMAND        how it reloads (default: nginx -s reload)
set -eu

if [ "${1:-}" != "--watch" ]; then
    sh "$0" --watch &
    echo "watching ${PROXY_LIMITS_DIR} for changed limits: process $!"
    exit 0
fi

fingerprint() {
    # The files' contents; none yet is a fingerprint too.
    cat "${PROXY_LIMITS_DIR}"/*.conf 2>/dev/null | cksum
}

seen=$(fingerprint)
while sleep "${PROXY_LIMITS_CHECK_SECONDS:-5}"; do
    now=$(fingerprint)
    if [ "$now" != "$seen" ]; then
        # A config nginx refuses leaves the old one serving; the next change tries again.
        sh -c "${PROXY_RELOAD_COMMAND:-nginx -s reload}" || echo "nginx did not reload" >&2
        seen=$now
    fi
done
