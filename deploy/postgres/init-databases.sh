#!/usr/bin/env bash
# Creates Parley's and WuzAPI's databases, each owned by its own login role: WuzAPI's `users` and
# `migrations` tables would collide with Parley's, and neither service needs the other's data.
# The postgres image runs this once, on an empty data directory. It also runs by hand against any
# server: set PGHOST/PGPORT/PGPASSWORD and POSTGRES_USER to a role allowed to create roles.
set -euo pipefail

: "${PARLEY_DB_PASSWORD:?PARLEY_DB_PASSWORD is required}"
: "${WUZAPI_DB_PASSWORD:?WUZAPI_DB_PASSWORD is required}"

# Names and password go in as psql variables, so psql quotes them (no SQL built from strings).
create_database() {
  local name=$1 role=$2 password=$3
  psql -v ON_ERROR_STOP=1 --no-psqlrc --quiet \
    --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    -v name="$name" -v role="$role" -v password="$password" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"role";
-- Only the owner (and superusers) may connect: Parley cannot read WuzAPI's tables or the reverse.
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
  echo "init-databases: created database $name owned by $role"
}

create_database "${PARLEY_DB_NAME:-parley}" "${PARLEY_DB_USER:-parley}" "$PARLEY_DB_PASSWORD"
create_database "${WUZAPI_DB_NAME:-wuzapi}" "${WUZAPI_DB_USER:-wuzapi}" "$WUZAPI_DB_PASSWORD"
