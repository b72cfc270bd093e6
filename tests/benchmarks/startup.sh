#!/usr/bin/env bash
# Start-up benchmark (issue 2, brief target: serving within 3 s with all 290 Swedish municipalities).
# Generates a jour configuration with every municipality in src/SocialJour.Core/Resources/municipalities.csv
# (each with its own Lifecare adapter instance and secret file), starts the simulator, then starts the
# Release host RUNS times and measures process start -> first 200 from /health, and the host's RSS.
# Usage: tests/benchmarks/startup.sh [RUNS]   (prints a Markdown table for docs/benchmarks.md)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
WORK=$(mktemp -d)
trap 'kill $SIM 2>/dev/null || true; rm -rf "$WORK"' EXIT

dotnet build SocialJour.sln -c Release -nologo -v quiet >/dev/null
# The deployment form: framework-dependent, ReadyToRun (precompiled, less JIT at start-up).
dotnet publish src/SocialJour.Host -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$WORK/pub" -nologo -v quiet >/dev/null
mkdir -p "$WORK/secrets"
echo "demo-lifecare-sigtuna-91c2" > "$WORK/secrets/key"
{
  echo '{ "Jour": { "Name": "Benchmark-jour", "HostMunicipality": "0191", "TimeZone": "Europe/Stockholm",'
  echo '  "OpeningHours": { "Weekday": "16:00", "Friday": "14:00", "DayBeforeHoliday": "11:00", "BridgeDay": "11:00", "NonWorkingDay": "16:00", "Closes": "02:00", "WeekdayStandbyUntil": "08:00" } },'
  echo '  "Municipalities": ['
  tail -n +2 src/SocialJour.Core/Resources/municipalities.csv | awk -F, 'BEGIN{first=1} {
    if (!first) print ","; first=0;
    printf "{ \"Code\": \"%s\", \"Name\": \"%s\", \"Joined\": \"2020-01-01\", \"Left\": null, \"JournalSystem\": { \"Adapter\": \"Lifecare\", \"BaseUrl\": \"http://127.0.0.1:5981/lifecare/sigtuna/\", \"CanaryPersonId\": \"191212121212\", \"Settings\": { \"Domain\": \"sigtuna\", \"Key\": \"file:secrets/key\" } }, \"Population\": { \"2025\": 10000 } }", $1, $3 }'
  echo '  ] }'
} > "$WORK/jour.json"
COUNT=$(grep -o '"Code"' "$WORK/jour.json" | wc -l)

dotnet src/SocialJour.Simulator/bin/Release/net10.0/SocialJour.Simulator.dll --urls http://127.0.0.1:5981 >/dev/null 2>&1 &
SIM=$!
sleep 2

echo "| build | run | municipalities | start → /health 200 (ms) | RSS when serving (MiB) | RSS after first check round (MiB) |"
echo "|---|---|---|---|---|---|"
for variant in "ReadyToRun publish:$WORK/pub/SocialJour.Host.dll" "dotnet build (JIT):bin/Release/net10.0/SocialJour.Host.dll"; do
label=${variant%%:*}; DLL=${variant#*:}
for i in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/data"
  start=$(date +%s%N)
  (cd src/SocialJour.Host && ASPNETCORE_ENVIRONMENT=Production SocialJour__ConfigurationPath="$WORK/jour.json" \
     SocialJour__Database__DataDirectory="$WORK/data" SocialJour__AdapterChecks__IntervalSeconds=3600 Logging__LogLevel__Default=Warning \
     exec dotnet "$DLL" --urls http://127.0.0.1:5982 >"$WORK/host.log" 2>&1) &
  HOST=$!
  until curl -sf -o /dev/null http://127.0.0.1:5982/health; do
    kill -0 $HOST 2>/dev/null || { echo "host exited:"; cat "$WORK/host.log"; exit 1; }
    sleep 0.02
  done
  ready=$(( ($(date +%s%N) - start) / 1000000 ))
  pid=$(pgrep -f "SocialJour.Host.dll --urls http://127.0.0.1:5982" | head -1)
  rss1=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status)
  sleep 8
  rss2=$(awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$pid/status)
  echo "| $label | $i | $COUNT | $ready | $rss1 | $rss2 |"
  kill $HOST 2>/dev/null; pkill -f "SocialJour.Host.dll --urls http://127.0.0.1:5982" || true
  wait $HOST 2>/dev/null || true
done
done
