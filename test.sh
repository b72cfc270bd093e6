#!/usr/bin/env bash
# Runs every test of SocialJour: unit, integration (real SQLite, real HTTP to the simulator),
# architecture and browser (Debian's Chromium driven by Playwright). Installs Chromium if missing.
# Ends with one line "N passed, N failed" read from the test results (TRX).
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v chromium >/dev/null 2>&1; then
  echo "Installing Chromium (Debian package) for the browser tests..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; } \
    || { echo "Could not install chromium: the browser tests need /usr/bin/chromium." >&2; exit 1; }
fi

# The independent access-extract verifier (tools/verify_access_extract.py, docs/transparency.md) is run by the tests with
# /usr/bin/python3 and needs the cryptography package (Debian: python3-cryptography), as a municipality would install it.
if ! /usr/bin/python3 -c "import cryptography" >/dev/null 2>&1; then
  echo "Installing python3-cryptography (Debian package) for the independent verifier test..."
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3 python3-cryptography; } \
    || { echo "Could not install python3-cryptography: the independent verifier test needs /usr/bin/python3 with it." >&2; exit 1; }
fi

# The invoice PDFs embed DejaVu Sans (ADR 0024); Chromium's fontconfig normally brings it, a bare image may not.
if ! ls /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf >/dev/null 2>&1 && ! ls /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq fonts-dejavu-core; } \
    || echo "Could not install fonts-dejavu-core: the invoice PDF tests need a font." >&2
fi

# scripts/publish.sh --check (below) reads JSON with jq and makes a throwaway key with openssl.
if ! command -v jq >/dev/null 2>&1 || ! command -v openssl >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && SUDO="sudo"
  { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq jq openssl; } \
    || echo "Could not install jq/openssl: the publish check will fail." >&2
fi

rm -rf TestResults/trx
if ! dotnet build SocialJour.sln -c Release -nologo -v quiet; then
  echo "The build failed; no test was run." >&2
  exit 1
fi

rc=0
for project in tests/*/*.csproj; do
  name=$(basename "$project" .csproj)
  # --blame-hang: a test that hangs (none should; one did once under load in session 4) ends the run of that project after
  # 15 minutes with the name of the test in TestResults/trx (Sequence_*.xml) instead of holding CI until its limit.
  dotnet test "$project" -c Release --no-build -nologo --logger "trx;LogFileName=$name.trx" --results-directory TestResults/trx \
    --blame-hang --blame-hang-timeout 15m --blame-hang-dump-type none || rc=1
done

# The deployable form (ADR 0029): pack it as IT would, start the packed host on its own and check it (health without
# details, its version, JSON logs, no demo credentials). Counted as one test.
mkdir -p TestResults
if scripts/publish.sh --check > TestResults/publish-check.log 2>&1; then
  publish_passed=1; publish_failed=0; tail -1 TestResults/publish-check.log
else
  publish_passed=0; publish_failed=1; rc=1
  echo "scripts/publish.sh --check FAILED:" >&2; tail -20 TestResults/publish-check.log >&2
fi

passed=$publish_passed; failed=$publish_failed; files=0
for f in TestResults/trx/*.trx; do
  [ -e "$f" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$f")
  p=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]\+')
  x=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]\+')
  passed=$((passed + ${p:-0})); failed=$((failed + ${x:-0}))
done
echo "$passed passed, $failed failed"
if [ "$rc" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
