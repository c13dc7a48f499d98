#!/bin/sh
# Creates (or upgrades) Temporal's two PostgreSQL schemas; run by the admin-tools container before the server starts.
set -eu
export SQL_PLUGIN=postgres12 SQL_HOST="$POSTGRES_SEEDS" SQL_PORT="${DB_PORT:-5432}" SQL_USER="$POSTGRES_USER" SQL_PASSWORD="$POSTGRES_PWD"
until nc -z "$SQL_HOST" "$SQL_PORT"; do echo "waiting for PostgreSQL"; sleep 1; done
schemas=/etc/temporal/schema/postgresql/v12
for db in temporal temporal_visibility; do
  dir=temporal
  [ "$db" = temporal_visibility ] && dir=visibility
  temporal-sql-tool --db "$db" create-database || echo "database $db exists"
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "$schemas/$dir/versioned"
done
# Weft's own control-plane database (flows, keys, schedules, webhooks); the API migrates it at start.
temporal-sql-tool --db weft create-database || echo "database weft exists"
