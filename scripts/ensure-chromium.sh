#!/usr/bin/env bash
# Makes sure a Chromium is installed for the editor end-to-end test and `npm run screenshots`, which drive it
# with playwright-core (no browser download: Debian's own package at /usr/bin/chromium). Idempotent and silent
# when it is already there. HOOKLINE_CHROMIUM names another binary.
set -euo pipefail

chromium="${HOOKLINE_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$chromium" ]; then
	exit 0
fi

if [ "$chromium" != /usr/bin/chromium ]; then
	echo "ensure-chromium: HOOKLINE_CHROMIUM=$chromium is not an executable" >&2
	exit 1
fi

if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
	echo "ensure-chromium: $chromium is missing and installing it needs root and apt-get (apt-get install chromium)" >&2
	exit 1
fi

echo "ensure-chromium: installing chromium with apt-get" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null
apt-get install -y -qq --no-install-recommends chromium >/dev/null

[ -x "$chromium" ] || { echo "ensure-chromium: $chromium still missing after the install" >&2; exit 1; }
echo "ensure-chromium: $("$chromium" --version 2>/dev/null)" >&2
