#!/usr/bin/env bash
# Measures the time from starting the (built) local host to GET /api/health answering 200, with Azurite already
# running on its default ports (so the host reuses it).
#   functions/ServiceDesk.LocalHost/measure-startup.sh [runs]
# WITH_SAMPLES=1 also loads the local host tests' sample functions (Durable orchestrations, queues, timers) and
# times the first orchestration start over HTTP, which waits for the Durable engine.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS="${1:-5}"
PORT="${PORT:-7181}"
dotnet build functions/ServiceDesk.LocalHost -v q -nologo > /dev/null
DLL=functions/ServiceDesk.LocalHost/bin/Debug/net10.0/ServiceDesk.LocalHost.dll
if [ "${WITH_SAMPLES:-0}" = "1" ]; then
  dotnet build tests/ServiceDesk.LocalHost.Tests -v q -nologo > /dev/null
  export LocalHost__FunctionAssemblies="$PWD/tests/ServiceDesk.LocalHost.Tests/bin/Debug/net10.0/ServiceDesk.LocalHost.Tests.dll"
  export SampleTimerSchedule="0 0 0 1 1 *"
fi

AZURITE_DIR="$(mktemp -d)"
node node_modules/azurite/dist/src/azurite.js --silent --skipApiVersionCheck --location "$AZURITE_DIR" > /dev/null &
AZURITE_PID=$!
trap 'kill $AZURITE_PID 2>/dev/null; wait $AZURITE_PID 2>/dev/null; rm -rf "$AZURITE_DIR"' EXIT
until curl -s -o /dev/null http://127.0.0.1:10002/; do sleep 0.1; done

for i in $(seq 1 "$RUNS"); do
  start=$(date +%s%N)
  dotnet "$DLL" --port "$PORT" > /dev/null 2>&1 &
  HOST_PID=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$PORT/api/health")" = "200" ]; do sleep 0.02; done
  end=$(date +%s%N)
  line="run $i: GET /api/health 200 after $(( (end - start) / 1000000 )) ms"
  if [ "${WITH_SAMPLES:-0}" = "1" ]; then
    code=$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://localhost:$PORT/api/e2e/orchestrations/SampleGreeting" \
      -H 'Content-Type: application/json' -d '{"name":"x","delaySeconds":0}')
    ready=$(date +%s%N)
    line="$line; first orchestration start ($code) after $(( (ready - start) / 1000000 )) ms"
  fi
  echo "$line"
  # SIGTERM: a background job of a non-interactive shell ignores SIGINT.
  kill -TERM "$HOST_PID"; wait "$HOST_PID" || true
done
