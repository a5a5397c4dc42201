#!/usr/bin/env bash
# Runs every test of DataCharts: unit, integration and browser (Playwright in Debian's Chromium).
# Installs Chromium and the CJK fonts from Debian's packages when they are missing, and starts a throwaway PostgreSQL and
# MariaDB (installed from Debian's packages when missing) for the live-database tests; those skip, with the reason,
# when the servers cannot be installed or started.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "need root to run: $*" >&2; return 1; fi; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
# grep reads to the end (no -q): with pipefail, an early exit would fail fc-list on SIGPIPE and look like a missing font.
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian's packages..."
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Database servers: a failed install or start is not a failed run (their tests skip and say why).
dbmissing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || dbmissing+=(postgresql)
command -v mariadbd >/dev/null || [ -x /usr/sbin/mariadbd ] || dbmissing+=(mariadb-server)
if [ ${#dbmissing[@]} -gt 0 ]; then
  echo "Installing ${dbmissing[*]} from Debian's packages for the live-database tests..."
  { as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${dbmissing[@]}" >/dev/null; } \
    || echo "Could not install ${dbmissing[*]}: the live-database tests will skip."
fi
servers_env=$(mktemp)
servers_note=""
if tests/servers/start.sh >"$servers_env" 2>"$servers_env.why"; then :; else servers_note="Live-database servers did not start: $(tr '\n' ' ' <"$servers_env.why")"; fi
# shellcheck disable=SC1090
. "$servers_env"
[ -s "$servers_env.why" ] && sed 's/^/note: /' "$servers_env.why"

dotnet --info >/dev/null
log=$(mktemp)
trap 'tests/servers/stop.sh "${DATACHARTS_TEST_SERVERS_DIR:-}"; rm -f "$log" "$servers_env" "$servers_env.why"' EXIT
set +e
dotnet test DataCharts.Web.sln -c Release 2>&1 | tee "$log" | grep -Ev "^\s*$"
status=${PIPESTATUS[0]}
set -e
# One closing line for people and CI: N passed, N failed, N skipped.
awk '/(Passed|Failed)! +- +Failed:/ { gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
if grep -q "shared/data is not beside" "$log" || { [ ! -d ../shared/data ] && grep -qE "Skipped: +[1-9]" "$log"; }; then
  echo "Skipped tests read the public sample data in ../shared/data, which is not beside this clone (CI has it)."
fi
[ -n "$servers_note" ] && echo "$servers_note"
# Screenshots of every page (light, dark, phone width) and of the browser tests' steps, for people and CI to keep as
# artefacts (not committed): ./artifacts/screenshots, fresh each run.
shots=tests/DataCharts.E2E/bin/Release/net10.0/screenshots
if [ -d "$shots" ]; then
  rm -rf artifacts/screenshots
  mkdir -p artifacts
  cp -r "$shots" artifacts/screenshots
  echo "Screenshots: artifacts/screenshots ($(find artifacts/screenshots -name '*.png' | wc -l) images)"
fi
# Every test project must report a result: a run cut short (a killed test host) is a failure, not a pass.
projects=$(ls tests/*/*.csproj | wc -l)
reported=$(grep -cE '(Passed|Failed)! +- +Failed:' "$log" || true)
if [ "$status" = 0 ] && [ "$reported" -lt "$projects" ]; then
  echo "Only $reported of $projects test projects reported results; the run did not finish." >&2
  status=1
fi
exit "$status"
