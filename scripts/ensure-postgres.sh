#!/usr/bin/env bash
# Makes sure PostgreSQL's server binaries are installed, so the queue-mode end-to-end test can start its own
# throwaway cluster (initdb/pg_ctl in a temp folder). Idempotent and silent when they are there. Debian keeps
# them in /usr/lib/postgresql/<version>/bin, off PATH. The package creates and starts a cluster of its own on
# port 5432; the tests never use it, so it is stopped again.
set -euo pipefail

if compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "ensure-postgres: PostgreSQL is missing and installing it needs root (apt-get install postgresql)" >&2
	exit 1
fi

echo "ensure-postgres: installing postgresql with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends postgresql >/dev/null

service postgresql stop >/dev/null 2>&1 || true

compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || { echo "ensure-postgres: initdb still missing" >&2; exit 1; }
echo "ensure-postgres: $(ls /usr/lib/postgresql) installed" >&2
