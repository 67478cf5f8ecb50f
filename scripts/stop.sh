#!/usr/bin/env bash
# Stops Haven and the demo emulator that scripts/start.sh started.
set -u
work="$(cd "$(dirname "$0")/.." && pwd)/.haven"
for dist in "$work"/haven-*/; do
  [ -x "$dist/bin/stop" ] && KARAF_DATA="$work/data" "$dist/bin/stop" >/dev/null 2>&1 && echo "Haven stopped"
done
if [ -f "$work/moto.pid" ]; then
  kill "$(cat "$work/moto.pid")" 2>/dev/null && echo "Demo emulator stopped"
  rm -f "$work/moto.pid"
fi
