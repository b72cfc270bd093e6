#!/usr/bin/env bash
# Adds the EF Core migration <Name> to EVERY module's DbContext, for BOTH providers (ADR 0018):
#   <context folder>/Migrations/Sqlite      namespace <context namespace>.Migrations.Sqlite
#   <context folder>/Migrations/PostgreSql  namespace <context namespace>.Migrations.PostgreSql
# A context whose model did not change gets an empty migration (harmless; delete it if you prefer).
# Usage: scripts/add-migration.sh <Name> [Context ...]   (only the named contexts, e.g. IntakeDbContext; default all)
#        (works from a fresh clone: restores dotnet-ef from .config/dotnet-tools.json)
set -euo pipefail

name="${1:-}"
shift || true
only=("$@")
if [[ ! "$name" =~ ^[A-Za-z][A-Za-z0-9_]*$ ]]; then
  echo "Användning: scripts/add-migration.sh <Namn>   (ett C#-namn, t.ex. Outbox)" >&2
  exit 2
fi

cd "$(dirname "$0")/.."
root="$PWD"
startup="tools/SocialJour.Migrations.Design/SocialJour.Migrations.Design.csproj"

# project | context | folder of the context (relative to the project; the namespace follows it) | namespace of the context
contexts=(
  "src/SocialJour.Core/SocialJour.Core.csproj|CoreDbContext|Persistence|SocialJour.Core.Persistence"
  "src/SocialJour.Core/SocialJour.Core.csproj|OperationsDbContext|Operations|SocialJour.Core.Operations"
  "modules/Intake/SocialJour.Modules.Intake.csproj|IntakeDbContext|.|SocialJour.Modules.Intake"
  "modules/Assessment/SocialJour.Modules.Assessment.csproj|AssessmentDbContext|.|SocialJour.Modules.Assessment"
  "modules/Billing/SocialJour.Modules.Billing.csproj|BillingDbContext|.|SocialJour.Modules.Billing"
  "modules/Statistics/SocialJour.Modules.Statistics.csproj|StatisticsDbContext|.|SocialJour.Modules.Statistics"
)

dotnet tool restore >/dev/null
dotnet build "$startup" -c Release -nologo -v quiet

for entry in "${contexts[@]}"; do
  IFS='|' read -r project context folder namespace <<<"$entry"
  if [[ ${#only[@]} -gt 0 && ! " ${only[*]} " =~ " $context " ]]; then continue; fi
  for provider in Sqlite PostgreSql; do
    out="$folder/Migrations/$provider"
    out="${out#./}"
    echo "== $context ($provider): $name"
    dotnet ef migrations add "$name" --project "$project" --startup-project "$startup" --context "$context" \
      --output-dir "$out" --configuration Release --no-build -- --provider "$provider"

    # Both providers' snapshots would be named <Context>ModelSnapshot; EF finds an existing snapshot file by name anywhere in
    # the project, so give each provider's its own name (later migrations keep it).
    dir="$(dirname "$project")/$out"
    if [[ -f "$dir/${context}ModelSnapshot.cs" ]]; then
      sed -i "s/\b${context}ModelSnapshot\b/${context}${provider}ModelSnapshot/" "$dir/${context}ModelSnapshot.cs"
      mv "$dir/${context}ModelSnapshot.cs" "$dir/${context}${provider}ModelSnapshot.cs"
    fi
    # A module exports only its entry (architecture tests): the generated classes are internal.
    sed -i -e 's/^\(\s*\)public partial class /\1internal sealed partial class /' -e 's/^\(\s*\)partial class \(\w*ModelSnapshot\) /\1internal sealed partial class \2 /' "$dir"/*.cs
  done
done

echo "Migreringen $name är tillagd för alla moduler och båda databaserna. Bygg och kör MigrationTests."
