#!/usr/bin/env bash
# Builds the deployable form of SocialJour (ADR 0029, docs/operations.md "Publishing and installing"):
#   artifacts/publish/socialjour-<version>-linux-x64.tar.gz  with
#     host/      the web host, ReadyToRun for linux-x64, framework-dependent (needs the ASP.NET Core 10 runtime)
#     cli/       the IT command line (socialjour), ReadyToRun
#     plugins/   one folder per adapter plugin (Lifecare, Procapita, Treserva, Combine, Viva, Navet)
#     deploy/    the systemd units (host; access-log retention as the owner), the nginx/Caddy examples, runtime-role.sql
#     VERSION
# No simulator, no demo configuration, no demo users, no demo keys: the host's appsettings.json is the production
# template (paths under /etc/socialjour and /var/lib/socialjour, JSON logs). The script refuses to package if any of
# those is found in the staged tree.
#
# Usage: scripts/publish.sh [--version V] [--check]
#   --version V  the version stamped into the assemblies and the file name (default: <yyyy.mm.dd>-<git short hash>)
#   --check      afterwards, unpack the tarball in a temporary folder, start the published host on a free loopback port
#                with a throwaway configuration, wait for /health/live and /health/ready, check that the demo password
#                logs nobody in, and stop it.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

version="$(date -u +%Y.%m.%d)-$(git rev-parse --short HEAD 2>/dev/null || echo local)"
check=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --version) version="${2:?--version kräver ett värde}"; shift 2 ;;
    --check) check=true; shift ;;
    *) echo "Användning: scripts/publish.sh [--version V] [--check]" >&2; exit 2 ;;
  esac
done
if [[ ! "$version" =~ ^[A-Za-z0-9][A-Za-z0-9.+_-]*$ ]]; then
  echo "Versionen '$version' får bara innehålla bokstäver, siffror och . + _ -" >&2
  exit 2
fi

out="$root/artifacts/publish"
stage="$out/socialjour-$version"
tarball="$out/socialjour-$version-linux-x64.tar.gz"
rm -rf "$stage" "$tarball"
mkdir -p "$stage"

common=(-c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true "-p:InformationalVersion=$version" -nologo -v quiet)
echo "== host"
dotnet publish src/SocialJour.Host "${common[@]}" -o "$stage/host"
echo "== cli"
dotnet publish src/SocialJour.Cli "${common[@]}" -o "$stage/cli"
echo "== plugins"
for adapter in adapters/*/; do
  name="$(basename "$adapter")"
  dotnet build "$adapter" -c Release -nologo -v quiet "-p:InformationalVersion=$version"
  mkdir -p "$stage/plugins"
  cp -r "artifacts/plugins/$name" "$stage/plugins/$name"
done

# The production settings template: no demo users, no demo paths, JSON logs.
jq '
  del(.SocialJour.Users)
  | .SocialJour.ConfigurationPath = "/etc/socialjour/jour.json"
  | .SocialJour.PluginsDirectory = "../plugins"
  | .SocialJour.Database.DataDirectory = "/var/lib/socialjour/data"
  | .SocialJour.Lookup.RetentionKey = "file:/etc/socialjour/secrets/retained-lookups.key"
  | .SocialJour.Transparency.SigningKey = "file:/etc/socialjour/secrets/transparency-signing.pem"
  | .SocialJour.Transparency.PublicationDirectory = "/var/lib/socialjour/published"
  | .SocialJour.SignIn.Authority = "https://inloggning.kommun.example/"
  | .SocialJour.SignIn.ClientSecret = "file:/etc/socialjour/secrets/signin-client.secret"
  | .SocialJour.Logging.Format = "json"
' src/SocialJour.Host/appsettings.json > "$stage/host/appsettings.json"
rm -f "$stage"/host/appsettings.Development.json "$stage"/cli/appsettings.Development.json

mkdir -p "$stage/deploy"
cp docs/deploy/socialjour.service docs/deploy/socialjour-retention.service docs/deploy/socialjour-retention.timer docs/deploy/nginx-socialjour.conf docs/deploy/Caddyfile docs/sql/runtime-role.sql "$stage/deploy/"
echo "$version" > "$stage/VERSION"

# Refuse to ship known credentials or the simulator.
problems=()
[[ -z "$(find "$stage" -iname '*Simulator*' -print -quit)" ]] || problems+=("simulatorn finns med")
grep -rqsl --include='*.json' -e 'PasswordHash' -e 'jour2026' "$stage" && problems+=("ett användarkonto eller demolösenordet finns i en json-fil")
grep -rqsl -e 'BEGIN EC PRIVATE KEY' -e 'BEGIN PRIVATE KEY' "$stage" && problems+=("en privat nyckel finns med")
grep -rqsl --include='*.json' -e 'config/demo' "$stage" && problems+=("en sökväg till demokonfigurationen finns kvar")
for f in "$root"/config/demo/secrets/*.key "$root"/config/demo/secrets/*.secret "$root"/config/demo/secrets/*.password; do
  secret="$(head -1 "$f" | tr -d '\r\n')"
  if [[ ${#secret} -ge 8 ]] && grep -rqsF -e "$secret" "$stage"; then
    problems+=("demohemligheten $(basename "$f") finns med")
  fi
done
if [[ ${#problems[@]} -gt 0 ]]; then
  printf 'Paketeras INTE: %s\n' "${problems[@]}" >&2
  exit 1
fi

tar -C "$out" -czf "$tarball" "socialjour-$version"
echo "Paket: $tarball ($(du -h "$tarball" | cut -f1))"

if ! $check; then
  exit 0
fi

# --check: the published host starts on its own, with nothing from the source tree but a throwaway configuration.
tmp="$(mktemp -d)"
pid=""
cleanup() { [[ -n "$pid" ]] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
tar -C "$tmp" -xzf "$tarball"
app="$tmp/socialjour-$version"
mkdir -p "$tmp/etc/secrets" "$tmp/data"
cp -r config/demo/. "$tmp/etc/"            # the demo jour, only for this check (not in the package)
openssl ecparam -name prime256v1 -genkey -noout 2>/dev/null | openssl pkcs8 -topk8 -nocrypt -out "$tmp/etc/secrets/signing.pem"
head -c 32 /dev/urandom | base64 > "$tmp/etc/secrets/retained.key"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
(
  cd "$app/host"
  ASPNETCORE_ENVIRONMENT=Production \
  SocialJour__ConfigurationPath="$tmp/etc/jour.json" \
  SocialJour__Database__DataDirectory="$tmp/data" \
  SocialJour__Transparency__PublicationDirectory="$tmp/published" \
  SocialJour__Lookup__RetentionKey="file:$tmp/etc/secrets/retained.key" \
  SocialJour__Transparency__SigningKey="file:$tmp/etc/secrets/signing.pem" \
  SocialJour__SignIn__ClientSecret="file:$tmp/etc/secrets/signin-client.secret" \
  exec dotnet SocialJour.Host.dll --urls "http://127.0.0.1:$port" > "$tmp/host.log" 2>&1
) &
pid=$!
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$port/health/live" >/dev/null 2>&1 && break
  sleep 0.5
done
live="$(curl -fsS "http://127.0.0.1:$port/health/live")" || { echo "Den publicerade värden startade inte:"; tail -20 "$tmp/host.log"; exit 1; }
ready_code="$(curl -s -o "$tmp/ready.json" -w '%{http_code}' "http://127.0.0.1:$port/health/ready")"
echo "/health/live: $live"
echo "/health/ready: $ready_code $(jq -c . "$tmp/ready.json")"
# Without sign-in the health endpoints give only the status (ADR 0029); the host states its version in its log at start.
[[ "$(jq -c 'keys' "$tmp/ready.json")" == '["status"]' ]] || { echo "/health/ready visar detaljer utan inloggning" >&2; exit 1; }
started="$(jq -R -r 'fromjson? | .State.ApplicationVersion // empty' "$tmp/host.log" | head -1)"
[[ "$started" == "$version" ]] || { echo "Fel version i värdens startrad: '$started', väntade '$version'" >&2; exit 1; }
[[ "$ready_code" == 200 ]] || { echo "/health/ready svarade $ready_code" >&2; exit 1; }
# The demo password must log nobody in: the login page comes back (200) instead of a redirect (302).
jar="$tmp/cookies"
token="$(curl -s -c "$jar" "http://127.0.0.1:$port/Login" | sed -n 's/.*name="__RequestVerificationToken" type="hidden" value="\([^"]*\)".*/\1/p' | head -1)"
login_code="$(curl -s -b "$jar" -o /dev/null -w '%{http_code}' --data-urlencode "UserName=anna" --data-urlencode "Password=jour2026" --data-urlencode "__RequestVerificationToken=$token" "http://127.0.0.1:$port/Login")"
[[ "$login_code" != 302 ]] || { echo "Demoanvändaren anna kunde logga in i den publicerade versionen" >&2; exit 1; }
head -1 "$tmp/host.log" | jq -e '.Timestamp' >/dev/null || { echo "Loggen är inte JSON" >&2; exit 1; }
echo "Kontroll OK: den publicerade värden $started startar, svarar på /health/live och /health/ready (bara status utan inloggning), loggar JSON och släpper inte in demoanvändare (inloggning: $login_code)."
