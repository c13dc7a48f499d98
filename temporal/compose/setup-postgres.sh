#!/bin/sh
# Creates (or upgrades) Temporal's two PostgreSQL schemas; run by the admin-tools container before the server starts,
# and by `npm run stack:prod` (scripts/prod-stack) with the temporal-sql-tool it builds and TEMPORAL_SCHEMA_DIR.
set -eu
export SQL_PLUGIN=postgres12 SQL_HOST="$POSTGRES_SEEDS" SQL_PORT="${DB_PORT:-5432}" SQL_USER="$POSTGRES_USER" SQL_PASSWORD="$POSTGRES_PWD"
# stack:prod has waited with pg_isready already; hosts without nc skip this wait.
if command -v nc >/dev/null; then
  until nc -z "$SQL_HOST" "$SQL_PORT"; do echo "waiting for PostgreSQL"; sleep 1; done
fi
schemas="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"
for db in temporal temporal_visibility; do
  dir=temporal
  [ "$db" = temporal_visibility ] && dir=visibility
  temporal-sql-tool --db "$db" create-database || echo "database $db exists"
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "$schemas/$dir/versioned"
done
# Weft's own control-plane database (flows, keys, schedules, webhooks); the API migrates it at start.
temporal-sql-tool --db weft create-database || echo "database weft exists"
