#!/usr/bin/env bash
# Look-ups per second through HTTP on one host and on two hosts sharing one PostgreSQL (issue 15, ADR 0028).
# Starts a throwaway PostgreSQL 15 cluster, the simulator (8 journal systems, no added latency) and the Release host
# twice (A migrates; B starts as a second host), then runs CLIENTS look-up clients for SECONDS seconds: first all against
# A, then spread over A and B. Prints the figures and the load average (the machine is shared: say so when recording).
# Usage: tests/benchmarks/two-host-lookups.sh [SECONDS=30] [CLIENTS=8]   (SKIP_BUILD=1 to use the existing build)
# PIN=1 gives each host one CPU of its own (taskset: A on CPU 0, B on CPU 1; DOTNET_PROCESSOR_COUNT=1) so that, on a small
# machine, the two-host figure shows what a second host's own CPU adds; the simulator, PostgreSQL and the clients float.
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_RUN=${1:-30}; CLIENTS=${2:-8}
SIM_PORT=5981; A_PORT=5982; B_PORT=5983; COMBINE_PORT=5984; SMTP_PORT=5985; PG_PORT=5986
WORK=$(mktemp -d); chmod 755 "$WORK"
PGBIN=/usr/lib/postgresql/15/bin; [ -x "$PGBIN/initdb" ] || PGBIN=$(dirname "$(command -v initdb)")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
cleanup() {
  kill "${A:-}" "${B:-}" "${SIM:-}" 2>/dev/null || true
  as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

[ "${SKIP_BUILD:-0}" = 1 ] || dotnet build SocialJour.sln -c Release -nologo -v quiet >/dev/null
mkdir -p "$WORK/pg"; [ "$(id -u)" = 0 ] && chown postgres "$WORK/pg"
as_pg "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --no-sync >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$WORK/pg" -w -l "$WORK/pg/log" -o "-p $PG_PORT -k $WORK/pg -c listen_addresses=127.0.0.1 -c max_connections=200" start >/dev/null
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p $PG_PORT -U postgres socialjour
DB="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=socialjour;Maximum Pool Size=60"

cp -r config/demo/secrets "$WORK/secrets"
sed -e "s#127.0.0.1:5080#127.0.0.1:$SIM_PORT#g" -e "s#127.0.0.1:5443#127.0.0.1:$COMBINE_PORT#g" -e "s#\"Port\": 2525#\"Port\": $SMTP_PORT#g" \
  config/demo/jour.json > "$WORK/jour.json"
dotnet src/SocialJour.Simulator/bin/Release/net10.0/SocialJour.Simulator.dll --urls "http://127.0.0.1:$SIM_PORT" \
  --CombineHttpsPort "$COMBINE_PORT" --SmtpPort "$SMTP_PORT" --Logging:LogLevel:Default=Warning >"$WORK/sim.log" 2>&1 &
SIM=$!

start_host() { # name port migrate
  local pin=""; if [ "${PIN:-0}" = 1 ]; then pin="taskset -c $([ "$1" = A ] && echo 0 || echo 1)"; export DOTNET_PROCESSOR_COUNT=1; fi
  (cd src/SocialJour.Host && ASPNETCORE_ENVIRONMENT=Production SocialJour__ConfigurationPath="$WORK/jour.json" \
     SocialJour__Database__Provider=PostgreSQL SocialJour__Database__ConnectionString="$DB" SocialJour__Database__MigrateAtStartup="$3" \
     SocialJour__Transparency__PublicationDirectory="$WORK/published" SocialJour__RateLimits__LoginPerMinute=1000 SocialJour__SignIn__DevelopmentPasswords=true \
     SocialJour__RateLimits__AnonymousPerMinute=100000 Logging__LogLevel__Default=Warning \
     exec $pin dotnet bin/Release/net10.0/SocialJour.Host.dll --urls "http://127.0.0.1:$2" >"$WORK/host-$1.log" 2>&1) &
}
wait_healthy() { # port pid name
  for _ in $(seq 1 600); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/health" && return 0
    kill -0 "$2" 2>/dev/null || { echo "host $3 exited:"; cat "$WORK/host-$3.log"; exit 1; }
    sleep 0.2
  done
  echo "host $3 not healthy in 120 s"; exit 1
}

start_host A $A_PORT true; A=$!; wait_healthy $A_PORT $A A
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
python3 tests/benchmarks/two_host_load.py "$SECONDS_RUN" "$CLIENTS" "http://127.0.0.1:$A_PORT"
start_host B $B_PORT false; B=$!; wait_healthy $B_PORT $B B
python3 tests/benchmarks/two_host_load.py "$SECONDS_RUN" "$CLIENTS" "http://127.0.0.1:$A_PORT" "http://127.0.0.1:$B_PORT"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
