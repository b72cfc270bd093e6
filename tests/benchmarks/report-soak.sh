#!/usr/bin/env bash
# Report-delivery soak (issue 11, point 4). Needs the Release build (dotnet build SocialJour.sln -c Release).
# 1. kill -9: queues N reports to Järfälla's e-service (200 ms latency), kills the host (SIGKILL) while they are being
#    delivered, restarts it, and waits until every report is delivered. Counts what the e-service received: every report
#    must be accepted exactly once; a second delivery (the crash window) must be recognised as a duplicate by its key.
# 2. Retry waits: Sigtuna's e-service fails every request; prints the gaps between the first three attempts (docs: 1 and 2 min).
# Usage: tests/benchmarks/report-soak.sh [N]    (prints lines for docs/benchmarks.md; takes about 5 minutes)
set -euo pipefail
cd "$(dirname "$0")/../.."
N=${1:-120}
WORK=$(mktemp -d)
SIMPORT=5982; PORT=5983
HOST=""
trap 'kill $SIM 2>/dev/null || true; [ -n "$HOST" ] && kill -9 $HOST 2>/dev/null || true; rm -rf "$WORK"' EXIT
cp -r config/demo/. "$WORK/"
sed -i "s#http://127.0.0.1:5080/#http://127.0.0.1:$SIMPORT/#g" "$WORK/jour.json"
dotnet src/SocialJour.Simulator/bin/Release/net10.0/SocialJour.Simulator.dll --urls http://127.0.0.1:$SIMPORT --CombineHttpsPort 0 --SmtpPort 0 >/dev/null 2>&1 &
SIM=$!
SIMURL=http://127.0.0.1:$SIMPORT

start_host() {
  (cd src/SocialJour.Host && ASPNETCORE_ENVIRONMENT=Production SocialJour__SignIn__DevelopmentPasswords=true SocialJour__ConfigurationPath="$WORK/jour.json" \
    SocialJour__Database__DataDirectory="$WORK/data" SocialJour__AdapterChecks__IntervalSeconds=3600 \
    exec dotnet bin/Release/net10.0/SocialJour.Host.dll --urls http://127.0.0.1:$PORT >"$WORK/host.log" 2>&1) &
  HOST=$!
  until curl -sf http://127.0.0.1:$PORT/health >/dev/null; do sleep 0.2; done
  rm -f "$WORK/cookies"
  token=$(curl -s -c "$WORK/cookies" -b "$WORK/cookies" http://127.0.0.1:$PORT/Login | grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' | sed 's/.*value="//;s/"$//')
  curl -s -o /dev/null -c "$WORK/cookies" -b "$WORK/cookies" -d "UserName=anna&Password=jour2026&__RequestVerificationToken=$token" http://127.0.0.1:$PORT/Login
}
api() { curl -s -b "$WORK/cookies" -H 'Content-Type: application/json' "$@"; }
new_case() {
  api -X POST http://127.0.0.1:$PORT/api/contacts -d "{\"channel\":\"Police\",\"duplicateReason\":\"Belastningstest: samma person registreras om\",\"persons\":[{\"identityNumber\":\"20110722-2380\",\"municipalityCode\":\"$1\",\"category\":\"ChildrenAndYouth\"}]}" \
    | grep -o '"id":"[^"]*"' | head -1 | cut -d'"' -f4
}

start_host
# A slow e-service while the reports are written, so most are still queued; then 200 ms per report.
curl -s -X PUT $SIMURL/_sim/faults/eservice/jarfalla -H 'Content-Type: application/json' -d '{"LatencyMs":5000}' >/dev/null
for i in $(seq 1 "$N"); do
  c=$(new_case 0123)
  api -X POST http://127.0.0.1:$PORT/api/cases/$c/reports -d "{\"text\":\"Soak-rapport $i: flickan hämtades av polisen och kördes hem.\"}" >/dev/null
done
curl -s -X PUT $SIMURL/_sim/faults/eservice/jarfalla -H 'Content-Type: application/json' -d '{"LatencyMs":200}' >/dev/null
# Kill -9 once about a third has arrived.
until [ "$(curl -s $SIMURL/_sim/eservice/jarfalla | grep -o '"receipt"' | wc -l)" -ge $((N / 3)) ]; do sleep 0.1; done
kill -9 $HOST; wait $HOST 2>/dev/null || true
killed_at=$(curl -s $SIMURL/_sim/eservice/jarfalla | grep -o '"receipt"' | wc -l)
start_host
until [ "$(curl -s http://127.0.0.1:$PORT/api/reports/undelivered -b "$WORK/cookies" | grep -o '"status"' | wc -l)" -eq 0 ] \
   && [ "$(curl -s $SIMURL/_sim/eservice/jarfalla | grep -o '"duplicate":false' | wc -l)" -ge "$N" ]; do sleep 1; done
received=$(curl -s $SIMURL/_sim/eservice/jarfalla)
accepted=$(echo "$received" | { grep -o '"duplicate":false' || true; } | wc -l)
duplicates=$(echo "$received" | { grep -o '"duplicate":true' || true; } | wc -l)
keys=$(echo "$received" | { grep -o '"idempotencyKey":"[^"]*"' || true; } | sort -u | wc -l)
echo "- kill -9 after $killed_at of $N reports had arrived (a report in flight that had not reached the e-service goes once its 45 s lease lapses); after restart: $accepted accepted once (distinct keys: $keys), $duplicates second deliveries recognised as duplicates."

# Retry waits.
curl -s -X PUT $SIMURL/_sim/faults/eservice/sigtuna -H 'Content-Type: application/json' -d '{"ErrorRate":1.0}' >/dev/null
c=$(new_case 0191)
api -X POST http://127.0.0.1:$PORT/api/cases/$c/reports -d '{"text":"Soak-rapport: retry waits, pojken hämtades av polisen."}' >/dev/null
until [ "$(curl -s $SIMURL/_sim/eservice/sigtuna/attempts | grep -o '"startedAt"' | wc -l)" -ge 3 ]; do sleep 1; done
curl -s $SIMURL/_sim/eservice/sigtuna/attempts | grep -o '"startedAt":"[^"]*"' | cut -d'"' -f4 | head -3 | python3 -c '
import sys, re, datetime
t = [datetime.datetime.fromisoformat(re.sub(r"(\.\d{6})\d*", r"\1", l.strip()).replace("Z", "+00:00")) for l in sys.stdin]
print("- retry waits (from one attempt to the next; each fails at once with 503): %.1f s and %.1f s" % ((t[1] - t[0]).total_seconds(), (t[2] - t[1]).total_seconds()))'
