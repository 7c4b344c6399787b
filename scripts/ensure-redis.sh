#!/usr/bin/env bash
# Makes sure redis-server is installed so the Redis store tests can start their own throw-away servers.
# Idempotent and silent when it is already there. The Debian package starts its own service on install;
# the tests never use it, so it is stopped again.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "ensure-redis: redis-server is missing and installing it needs root (apt-get install redis-server)" >&2
	exit 1
fi

echo "ensure-redis: installing redis-server with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends redis-server >/dev/null

service redis-server stop >/dev/null 2>&1 || true
if [ -f /var/run/redis/redis-server.pid ]; then
	kill "$(cat /var/run/redis/redis-server.pid)" >/dev/null 2>&1 || true
fi

command -v redis-server >/dev/null 2>&1 || { echo "ensure-redis: redis-server still not on PATH" >&2; exit 1; }
echo "ensure-redis: $(redis-server --version)" >&2
