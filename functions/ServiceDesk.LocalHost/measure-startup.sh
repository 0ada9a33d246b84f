#!/usr/bin/env bash
# Measures the time from starting the (already built) local host to GET /api/health answering 200,
# with Azurite already running on its default ports. Usage: functions/ServiceDesk.LocalHost/measure-startup.sh [runs]
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
PORT="${PORT:-7181}"
dotnet build functions/ServiceDesk.LocalHost -v q -nologo > /dev/null
DLL=functions/ServiceDesk.LocalHost/bin/Debug/net10.0/ServiceDesk.LocalHost.dll

AZURITE_DIR="$(mktemp -d)"
node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --location "$AZURITE_DIR" &
AZURITE_PID=$!
trap 'kill $AZURITE_PID 2>/dev/null; rm -rf "$AZURITE_DIR"' EXIT
until curl -s -o /dev/null http://127.0.0.1:10002/; do sleep 0.1; done

for i in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  dotnet "$DLL" --port "$PORT" > /dev/null 2>&1 &
  HOST_PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/api/health")" = "200" ]; do sleep 0.02; done
  end=$(date +%s%N)
  echo "run $i: $(( (end - start) / 1000000 )) ms to GET /api/health 200"
  kill -TERM "$HOST_PID"; wait "$HOST_PID" || true
done
