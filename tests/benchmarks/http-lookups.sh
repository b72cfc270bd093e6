#!/usr/bin/env bash
# Look-ups per second through HTTP on one host with EVERY module on (issue 25 §3), fresh and after the month has grown.
# Starts the simulator (8 journal systems, no added latency) and the Release host on a fresh SQLite data directory (the
# embedded default), then: 1, 4 and 8 clients for SECONDS s each on the fresh host; GROW look-ups with 8 clients (the same
# month: the statistics facts, access log, audit and kept answers grow); the host restarted; 1, 4 and 8 clients again.
# Prints a Markdown table for docs/benchmarks.md, the host's RSS, the data directory's size and the outbox lag from /health.
# Usage: tests/benchmarks/http-lookups.sh [SECONDS=30] [GROW=200000]   (SKIP_BUILD=1 to use the existing build)
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_RUN=${1:-30}; GROW=${2:-200000}
SIM_PORT=5971; HOST_PORT=5972; COMBINE_PORT=5973; SMTP_PORT=5974
WORK=$(mktemp -d)
cleanup() { kill "${HOST:-}" "${SIM:-}" 2>/dev/null || true; if [ "${KEEP:-0}" = 1 ]; then echo "kept: $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT

[ "${SKIP_BUILD:-0}" = 1 ] || dotnet build SocialJour.sln -c Release -nologo -v quiet >/dev/null
cp -r config/demo/secrets "$WORK/secrets"
sed -e "s#127.0.0.1:5080#127.0.0.1:$SIM_PORT#g" -e "s#127.0.0.1:5443#127.0.0.1:$COMBINE_PORT#g" -e "s#\"Port\": 2525#\"Port\": $SMTP_PORT#g" \
  config/demo/jour.json > "$WORK/jour.json"
dotnet src/SocialJour.Simulator/bin/Release/net10.0/SocialJour.Simulator.dll --urls "http://127.0.0.1:$SIM_PORT" \
  --CombineHttpsPort "$COMBINE_PORT" --SmtpPort "$SMTP_PORT" --Logging:LogLevel:Default=Warning >"$WORK/sim.log" 2>&1 &
SIM=$!

start_host() {
  (cd src/SocialJour.Host && ASPNETCORE_ENVIRONMENT=Production SocialJour__ConfigurationPath="$WORK/jour.json" \
     SocialJour__Database__DataDirectory="$WORK/data" SocialJour__Transparency__PublicationDirectory="$WORK/published" \
     SocialJour__SignIn__DevelopmentPasswords=true SocialJour__RateLimits__LoginPerMinute=1000 SocialJour__RateLimits__AnonymousPerMinute=100000 \
     Logging__LogLevel__Default=Warning exec dotnet bin/Release/net10.0/SocialJour.Host.dll --urls "http://127.0.0.1:$HOST_PORT" >>"$WORK/host.log" 2>&1) &
  HOST=$!
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$HOST_PORT/health" && { HOST=$(pgrep -f "SocialJour.Host.dll --urls http://127.0.0.1:$HOST_PORT" | head -1); return 0; }
    kill -0 "$HOST" 2>/dev/null || { echo "host exited:"; cat "$WORK/host.log"; exit 1; }
    sleep 0.2
  done
  echo "host not healthy in 120 s"; exit 1
}
rss() { awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$HOST/status"; }
# The outbox lag as IT sees it (signed-in details of /health are not needed: the statistics' own lag shows in the data dir).
settle() { # waits until the host has worked off what the load left (the outboxes) — at most 10 minutes
  for _ in $(seq 1 600); do
    local n; n=$(for f in "$WORK"/data/*.db; do sqlite3 "$f" "SELECT count(*) FROM outbox_messages WHERE processed_at IS NULL" 2>/dev/null || echo 0; done | paste -sd+ | bc)
    [ "$n" = 0 ] && return 0; sleep 1
  done
  echo "outboxes not empty after 10 minutes"
}
run() { python3 tests/benchmarks/http_lookup_load.py "http://127.0.0.1:$HOST_PORT" "$1" "$2"; }
row() { # phase json
  python3 -c "import json,sys; r=json.loads(sys.argv[2]); print('| ' + ' | '.join([sys.argv[1]] + [str(r[k]) for k in ('clients','lookups','errors','per_second','median_ms','p95_ms','p99_ms','max_ms')]) + ' |')" "$1" "$2"
}

command -v sqlite3 >/dev/null || { echo "sqlite3 is needed (apt-get install -y sqlite3)"; exit 1; }
start_host
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores; RSS ${RSS:-$(rss)} MiB"
ROWS=()
for c in 1 4 8; do ROWS+=("$(row fresh "$(run $c seconds=$SECONDS_RUN)")"); echo "${ROWS[-1]}"; settle; done
echo "fresh done: RSS $(rss) MiB"
GROWN=$(run 8 count=$GROW); echo "grow: $GROWN"
settle
echo "after growth: RSS $(rss) MiB; data $(du -sm "$WORK/data" | cut -f1) MiB"
kill "$HOST"; wait "$HOST" 2>/dev/null || true; sleep 1; start_host
for c in 1 4 8; do ROWS+=("$(row "after $GROW (restarted)" "$(run $c seconds=$SECONDS_RUN)")"); echo "${ROWS[-1]}"; settle; done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg); RSS $(rss) MiB"
echo
echo "| phase | clients | look-ups | errors | per s | median ms | p95 ms | p99 ms | max ms |"
echo "|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
