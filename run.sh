#!/usr/bin/env bash
# Runs SocialJour on its embedded default: SQLite in ./data, the demo jour (config/demo/jour.json),
# the journal-system simulator on 127.0.0.1:5080 and the web UI on http://127.0.0.1:5000.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build SocialJour.sln -c Release -nologo -v quiet
dotnet run --no-build -c Release --project src/SocialJour.Simulator -- --urls http://127.0.0.1:5080 &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT
echo "SocialJour: http://127.0.0.1:5000  (demo users anna / erik / ida, password jour2026)"
ASPNETCORE_ENVIRONMENT=Production dotnet run --no-build -c Release --project src/SocialJour.Host -- --urls http://127.0.0.1:5000
