#!/bin/sh
# Runs npm with the given arguments. The platform's build needs only a JDK: on a machine without Node.js the
# JavaScript client is left out of the build with a warning instead of failing it (CI machines have Node).
if ! command -v npm >/dev/null 2>&1; then
  echo "[WARNING] npm not found: clients/js is neither built nor tested. Install Node.js 20+ to include it." >&2
  exit 0
fi
exec npm "$@"
