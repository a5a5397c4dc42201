#!/usr/bin/env bash
# Starts a throwaway PostgreSQL and MariaDB for the live-database tests: fresh data directories under one temporary
# folder, loopback only, free ports, run as the servers' own users (postgres, mysql) when started by root.
# Prints shell assignments (DATACHARTS_TEST_*) for the tests to stdout; reasons for what could not start go to stderr.
# A server that cannot start is left out (its tests then skip with the reason); the script fails only if neither starts.
# Stop them with tests/servers/stop.sh "$DATACHARTS_TEST_SERVERS_DIR".
set -uo pipefail

dir=$(mktemp -d "${TMPDIR:-/tmp}/datacharts-servers.XXXXXX")
chmod 755 "$dir"
echo "export DATACHARTS_TEST_SERVERS_DIR='$dir'"
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
# The test roles' passwords: random per run, never reused.
secret() { head -c 18 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 20; }
as_user() { local user=$1; shift; if [ "$(id -u)" = 0 ]; then runuser -u "$user" -- "$@"; else "$@"; fi; }
started=0

# --- PostgreSQL ---------------------------------------------------------------------------------------------------
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ]; then
  echo "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): the PostgreSQL tests will skip." >&2
else
  pguser=postgres; [ "$(id -u)" = 0 ] || pguser=$(id -un)
  mkdir -p "$dir/pg" "$dir/pgsock"; [ "$(id -u)" = 0 ] && chown "$pguser" "$dir/pg" "$dir/pgsock"
  pgport=$(free_port); superpw=$(secret); readerpw=$(secret)
  printf '%s\n' "$superpw" > "$dir/pg.pw"; [ "$(id -u)" = 0 ] && chown "$pguser" "$dir/pg.pw"
  if as_user "$pguser" "$pgbin/initdb" -D "$dir/pg/data" -U dc_super --pwfile="$dir/pg.pw" --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/pg-init.log" 2>&1 \
     && as_user "$pguser" "$pgbin/pg_ctl" -D "$dir/pg/data" -l "$dir/pg/server.log" -w -t 30 \
          -o "-p $pgport -k $dir/pgsock -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60" start >"$dir/pg-start.log" 2>&1 \
     && as_user "$pguser" "$pgbin/psql" -h "$dir/pgsock" -p "$pgport" -U dc_super -d postgres -v ON_ERROR_STOP=1 -q >"$dir/pg-setup.log" 2>&1 <<SQL
CREATE DATABASE dc_test;
CREATE ROLE dc_reader LOGIN PASSWORD '$readerpw';
GRANT CONNECT ON DATABASE dc_test TO dc_reader;
\c dc_test
GRANT USAGE ON SCHEMA public TO dc_reader;
ALTER DEFAULT PRIVILEGES FOR ROLE dc_super IN SCHEMA public GRANT SELECT ON TABLES TO dc_reader;
SQL
  then
    echo "export DATACHARTS_TEST_PG_HOST=127.0.0.1 DATACHARTS_TEST_PG_PORT=$pgport DATACHARTS_TEST_PG_DATABASE=dc_test"
    echo "export DATACHARTS_TEST_PG_SUPER=dc_super DATACHARTS_TEST_PG_SUPER_PASSWORD='$superpw'"
    echo "export DATACHARTS_TEST_PG_READER=dc_reader DATACHARTS_TEST_PG_READER_PASSWORD='$readerpw'"
    echo "export DATACHARTS_TEST_PG_BIN='$pgbin' DATACHARTS_TEST_PG_DATA='$dir/pg/data' DATACHARTS_TEST_PG_USER='$pguser'"
    started=$((started + 1))
  else
    echo "PostgreSQL did not start; the PostgreSQL tests will skip. $(tail -3 "$dir"/pg-*.log "$dir/pg/server.log" 2>/dev/null | tr '\n' ' ')" >&2
  fi
  rm -f "$dir/pg.pw"
fi

# --- MariaDB ------------------------------------------------------------------------------------------------------
if ! command -v mariadbd >/dev/null && [ ! -x /usr/sbin/mariadbd ]; then
  echo "MariaDB is not installed (no mariadbd): the MySQL/MariaDB tests will skip." >&2
else
  myd=$(command -v mariadbd || echo /usr/sbin/mariadbd)
  myuser=mysql; [ "$(id -u)" = 0 ] || myuser=$(id -un)
  mkdir -p "$dir/my"; [ "$(id -u)" = 0 ] && chown "$myuser" "$dir/my"
  myport=$(free_port); superpw=$(secret); readerpw=$(secret)
  if as_user "$myuser" mariadb-install-db --no-defaults --datadir="$dir/my/data" --auth-root-authentication-method=normal --skip-test-db >"$dir/my-init.log" 2>&1; then
    as_user "$myuser" "$myd" --no-defaults --datadir="$dir/my/data" --socket="$dir/my/sock" --pid-file="$dir/my/pid" \
      --port="$myport" --bind-address=127.0.0.1 --skip-name-resolve --innodb-flush-log-at-trx-commit=0 --log-error="$dir/my/server.log" >/dev/null 2>&1 &
    for _ in $(seq 1 60); do [ -S "$dir/my/sock" ] && break; sleep 0.5; done
    if [ -S "$dir/my/sock" ] && mariadb --no-defaults -S "$dir/my/sock" -u root >"$dir/my-setup.log" 2>&1 <<SQL
CREATE DATABASE dc_test CHARACTER SET utf8mb4;
CREATE USER 'dc_super'@'%' IDENTIFIED BY '$superpw';
GRANT ALL PRIVILEGES ON *.* TO 'dc_super'@'%' WITH GRANT OPTION;
CREATE USER 'dc_reader'@'%' IDENTIFIED BY '$readerpw';
GRANT SELECT ON dc_test.* TO 'dc_reader'@'%';
FLUSH PRIVILEGES;
SQL
    then
      echo "export DATACHARTS_TEST_MYSQL_HOST=127.0.0.1 DATACHARTS_TEST_MYSQL_PORT=$myport DATACHARTS_TEST_MYSQL_DATABASE=dc_test"
      echo "export DATACHARTS_TEST_MYSQL_SUPER=dc_super DATACHARTS_TEST_MYSQL_SUPER_PASSWORD='$superpw'"
      echo "export DATACHARTS_TEST_MYSQL_READER=dc_reader DATACHARTS_TEST_MYSQL_READER_PASSWORD='$readerpw'"
      echo "export DATACHARTS_TEST_MYSQL_SOCKET='$dir/my/sock'"
      started=$((started + 1))
    else
      echo "MariaDB did not start; the MySQL/MariaDB tests will skip. $(tail -3 "$dir/my/server.log" "$dir/my-setup.log" 2>/dev/null | tr '\n' ' ')" >&2
    fi
  else
    echo "MariaDB could not initialise its data directory; the MySQL/MariaDB tests will skip. $(tail -3 "$dir/my-init.log" | tr '\n' ' ')" >&2
  fi
fi

[ "$started" -gt 0 ]
