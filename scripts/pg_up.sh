# Start a throwaway PostgreSQL cluster for the tests (source this file; then `trap pg_down EXIT`).
# Exports SELFASSESS_TEST_DATABASE_URL. Listens on 127.0.0.1 only, with trust auth, fsync off:
# for tests, never for data anyone keeps.
# A free port unless one is given, so several checkouts can test at once.
PGPORT="${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
PGBIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)"
PGROOT="$(mktemp -d /tmp/selfassess-pg.XXXXXX)"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "$(id -u)" = 0 ]; then chown postgres: "$PGROOT"; fi
as_pg "$PGBIN/initdb" -D "$PGROOT/data" -U app --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >"$PGROOT/initdb.log"
as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/server.log" -w -t 30 start \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null \
  || { cat "$PGROOT/server.log"; rm -rf "$PGROOT"; return 1 2>/dev/null || exit 1; }
"$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U app selfassess_test
export SELFASSESS_TEST_DATABASE_URL="postgresql+psycopg://app@127.0.0.1:$PGPORT/selfassess_test"
pg_down() { as_pg "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null; rm -rf "$PGROOT"; }
