#!/usr/bin/env bash
# Install Debian's HAProxy and Redis for `make loadtest-cluster` if they are missing (started by
# bench/cluster.py as plain processes on 127.0.0.1, never as system services).
set -euo pipefail
missing=()
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ ${#missing[@]} = 0 ] && exit 0
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The packages start their own system services; the benchmark uses its own processes.
$SUDO systemctl stop haproxy redis-server >/dev/null 2>&1 || true
