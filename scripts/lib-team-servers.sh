# Shared by scripts/bench-workers and scripts/kill-test (sourced, not run): throwaway
# PostgreSQL and NATS servers in $WORK, stopped on exit, and fresh databases.
WORK=$(mktemp -d /tmp/ladder-team.XXXXXX)
PSQL=$(ls /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
[ -n "$PSQL" ] || PSQL=$(command -v psql)

stop_servers() {
    [ -n "${WORKER_PIDS:-}" ] && kill $WORKER_PIDS 2>/dev/null || true
    scripts/nats-throwaway stop "$WORK/nats" >/dev/null 2>&1 || true
    scripts/pg-throwaway stop "$WORK/pg" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}

start_servers() { # start_servers NAME — exports PG (admin URL) and NATS
    trap stop_servers EXIT
    PG=$(scripts/pg-throwaway start "$WORK/pg" "${LADDER_PG_PORT:-55450}")
    NATS=$(scripts/nats-throwaway start "$WORK/nats" "${LADDER_NATS_PORT:-14250}")
    export PG NATS
}

new_database() { # new_database NAME — creates it, prints its URL
    "$PSQL" -q "$PG" -c "DROP DATABASE IF EXISTS $1" -c "CREATE DATABASE $1" >/dev/null
    echo "${PG%/*}/$1"
}
