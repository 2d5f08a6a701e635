#!/bin/sh
# The image's entrypoint. Secrets may come as files (Docker/Compose secrets,
# Kubernetes volumes): VAR_FILE=/run/secrets/x sets VAR from that file, so the
# value never shows in `docker inspect`. A Bilik command (start, backup,
# restore, admin, help) runs the app; anything else runs as given (e.g. sh).
set -eu

for var in BILIK_INTERNAL_SECRET BILIK_ADMIN_PASSWORD DATABASE_URL BILIK_NEW_PASSWORD; do
  eval "file=\${${var}_FILE:-}"
  if [ -n "$file" ]; then
    eval "current=\${${var}:-}"
    if [ -n "$current" ]; then
      echo "bilik-entrypoint: both $var and ${var}_FILE are set; use one" >&2
      exit 2
    fi
    if [ ! -r "$file" ]; then
      echo "bilik-entrypoint: ${var}_FILE=$file is not readable" >&2
      exit 2
    fi
    value=$(cat "$file")
    export "$var=$value"
    unset "${var}_FILE"
  fi
done

case "${1:-start}" in
  start | backup | restore | admin | help | --help | -h)
    exec node /app/dist/src/main.js "$@"
    ;;
  *)
    exec "$@"
    ;;
esac
