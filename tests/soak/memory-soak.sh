#!/usr/bin/env bash
# Memory soak (issue 11.2): runs the real host (Release build) against the simulator, with CLIENTS clients that each
# register a contact and look its person up through the JSON API, for MINUTES minutes. Records the host's RSS every
# 10 s (CSV), and fails (exit 1) if memory keeps growing: after a 2-minute warm-up, the mean of the last third may
# not exceed the mean of the first third by more than 15 % and the least-squares slope over the last half must stay
# under 4 MiB/min; then the host is left idle for IDLE minutes, still sampled, and memory may not climb above the last
# third's mean by more than 10 % (issue 25: it once climbed while a backlog was worked off). Prints a Markdown summary.
# Usage: tests/soak/memory-soak.sh [MINUTES=30] [CLIENTS=4] [OUTPUT_DIR=/tmp/socialjour-soak] [IDLE=5]
set -euo pipefail
cd "$(dirname "$0")/../.."
MINUTES=${1:-30}; CLIENTS=${2:-4}; OUT=${3:-/tmp/socialjour-soak}; IDLE=${4:-5}
SIM_PORT=5991; HOST_PORT=5992; COMBINE_PORT=5993; SMTP_PORT=5994
WORK=$(mktemp -d); mkdir -p "$OUT"
cleanup() { kill "${HOST:-}" "${SIM:-}" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT

[ "${SKIP_BUILD:-0}" = 1 ] || dotnet build SocialJour.sln -c Release -nologo -v quiet >/dev/null
cp -r config/demo/secrets "$WORK/secrets"
sed -e "s#127.0.0.1:5080#127.0.0.1:$SIM_PORT#g" -e "s#127.0.0.1:5443#127.0.0.1:$COMBINE_PORT#g" -e "s#\"Port\": 2525#\"Port\": $SMTP_PORT#g" \
  config/demo/jour.json > "$WORK/jour.json"

dotnet src/SocialJour.Simulator/bin/Release/net10.0/SocialJour.Simulator.dll --urls "http://127.0.0.1:$SIM_PORT" \
  --CombineHttpsPort "$COMBINE_PORT" --SmtpPort "$SMTP_PORT" --Logging:LogLevel:Default=Warning >"$WORK/sim.log" 2>&1 &
SIM=$!
(cd src/SocialJour.Host && ASPNETCORE_ENVIRONMENT=Production SocialJour__SignIn__DevelopmentPasswords=true SocialJour__ConfigurationPath="$WORK/jour.json" \
   SocialJour__Database__DataDirectory="$WORK/data" Logging__LogLevel__Default=Warning \
   exec dotnet bin/Release/net10.0/SocialJour.Host.dll --urls "http://127.0.0.1:$HOST_PORT" >"$WORK/host.log" 2>&1) &
HOST=$!
until curl -sf -o /dev/null "http://127.0.0.1:$HOST_PORT/health"; do
  kill -0 $HOST 2>/dev/null || { echo "host exited:"; cat "$WORK/host.log"; exit 1; }
  sleep 0.2
done
PID=$(pgrep -f "SocialJour.Host.dll --urls http://127.0.0.1:$HOST_PORT" | head -1)

python3 tests/soak/soak_load.py "http://127.0.0.1:$HOST_PORT" "$PID" "$MINUTES" "$CLIENTS" "$OUT" "$IDLE"
