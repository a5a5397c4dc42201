#!/usr/bin/env bash
# Stops the servers tests/servers/start.sh started in the folder given, and deletes the folder.
set -u
dir=${1:-}
[ -n "$dir" ] && [ -d "$dir" ] || exit 0
as_user() { local user=$1; shift; if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
if [ -f "$dir/pg/data/postmaster.pid" ]; then
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  pguser=postgres; [ "$(id -u)" = 0 ] || pguser=$(id -un)
  as_user "$pguser" "$pgbin/pg_ctl" -D "$dir/pg/data" -m immediate -w -t 20 stop >/dev/null 2>&1 || true
fi
if [ -f "$dir/my/pid" ]; then
  pid=$(cat "$dir/my/pid" 2>/dev/null)
  [ -n "$pid" ] && kill "$pid" 2>/dev/null
  for _ in $(seq 1 40); do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
fi
rm -rf "$dir"
