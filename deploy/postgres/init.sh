#!/usr/bin/env bash
# Runs once, when the postgres container initialises an empty data directory.
# Every service gets its own database and its own login role, which owns that database and
# nothing else. Passwords come from the environment of the postgres container (see
# docker-compose.yml); the compose defaults are for local use only.
set -euo pipefail

create_database() {
    local name="$1" password="$2"
    psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
        -v name="$name" -v password="$password" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}

create_database meetings "${MEETINGS_DB_PASSWORD:?MEETINGS_DB_PASSWORD is required}"
create_database leave "${LEAVE_DB_PASSWORD:?LEAVE_DB_PASSWORD is required}"
create_database remuneration "${REMUNERATION_DB_PASSWORD:?REMUNERATION_DB_PASSWORD is required}"
create_database access "${ACCESS_DB_PASSWORD:?ACCESS_DB_PASSWORD is required}"
create_database feedback "${FEEDBACK_DB_PASSWORD:?FEEDBACK_DB_PASSWORD is required}"
