#!/usr/bin/env bash
# Runs SocialJour on its embedded default: SQLite in ./data, the demo jour (config/demo/jour.json),
# the journal-system simulator on 127.0.0.1:5080 and the web UI on http://127.0.0.1:5000.
#   ./run.sh syd   the same for the second demo jour, Sociala jouren syd (config/demo-syd/jour.json, data in ./data/syd).
# Both demos seed the billing module's demo history (2020–2021) and the statistics module's (2019–2021) on first start
# (SocialJour:Billing:DemoHistory, SocialJour:Statistics:DemoHistory; never in production).
# Staff log in through OpenID Connect at the simulator's dev identity provider (demo users only, ADR 0027);
# the host's password form is off, as in production.
set -euo pipefail
cd "$(dirname "$0")"
demo=(--SocialJour:Billing:DemoHistory=true --SocialJour:Statistics:DemoHistory=true)
case "${1:-}" in
  "") ;;
  syd) demo+=(--SocialJour:ConfigurationPath=../../config/demo-syd/jour.json --SocialJour:Database:DataDirectory=../../data/syd) ;;
  *) echo "Användning: ./run.sh [syd]" >&2; exit 2 ;;
esac
dotnet build SocialJour.sln -c Release -nologo -v quiet
# The dev identity provider posts back-channel logout tokens to the host (a logout at the provider, or a revoked user, ends the host's sessions).
dotnet run --no-build -c Release --project src/SocialJour.Simulator -- --urls http://127.0.0.1:5080 \
  --IdentityProvider:BackchannelLogoutUri http://127.0.0.1:5000/signin-oidc/backchannel-logout &
SIM=$!
trap 'kill $SIM 2>/dev/null || true' EXIT
echo "SocialJour: http://127.0.0.1:5000  (log in at the simulator's dev identity provider: anna / erik / ida, password jour2026)"
ASPNETCORE_ENVIRONMENT=Production dotnet run --no-build -c Release --project src/SocialJour.Host -- --urls http://127.0.0.1:5000 "${demo[@]}"
