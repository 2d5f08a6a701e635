#!/bin/sh
# A login role and a database it owns: `bilik` for the monolith (BILIK_DB_PASSWORD),
# and `bilik_<module>` owned by role `<module>` for each module of BILIK_MODULES whose
# <MODULE>_DB_PASSWORD is set (split mode: each module service sees only its own data;
# no other role may connect). Each module creates its schema inside its own database.
#
# Runs on Postgres' first start (mounted in /docker-entrypoint-initdb.d) and again by
# hand whenever a module moves out (deploy/README.md, "The strangler-fig path"):
#   docker compose ... exec postgres sh /docker-entrypoint-initdb.d/10-bilik-databases.sh
# Idempotent: existing roles get the current password, existing databases are kept.
set -eu

ensure() {
  role=$1 db=$2 pw=$3
  psql -v ON_ERROR_STOP=1 -q --username "${POSTGRES_USER:-postgres}" --dbname postgres \
    -v role="$role" -v db="$db" -v pw="$pw" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'role')
\gexec
ALTER ROLE :"role" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'role') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db')
\gexec
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"role";
SQL
  echo "bilik: role $role owns database $db"
}

if [ -n "${BILIK_DB_PASSWORD:-}" ]; then
  ensure bilik bilik "$BILIK_DB_PASSWORD"
fi
for module in ${BILIK_MODULES:-}; do
  var=$(printf '%s_DB_PASSWORD' "$module" | tr '[:lower:]' '[:upper:]')
  eval "pw=\${$var:-}"
  if [ -n "$pw" ]; then
    ensure "$module" "bilik_$module" "$pw"
  fi
done
