#!/usr/bin/env bash
# Validate the Prometheus config and alert rules, and run the rule unit tests.
# Needs promtool (Debian: apt-get install prometheus). Exits non-zero on failure.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
promtool="${PROMTOOL:-promtool}"

if ! command -v "$promtool" >/dev/null 2>&1; then
    echo "check.sh: promtool not found (apt-get install prometheus, or set PROMTOOL)" >&2
    exit 127
fi

# promtool resolves rule_files relative to the file that names them, so the
# working directory does not matter; cd anyway for readable messages.
cd "$here"
"$promtool" check config prometheus.yml
"$promtool" check rules alerts.yml
"$promtool" test rules alerts_test.yml
