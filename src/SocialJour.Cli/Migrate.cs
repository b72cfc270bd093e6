using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Persistence;

namespace SocialJour.Cli;

/// <summary>
/// socialjour migrate: applies every module's pending migrations and says, per module, what it applied (ADR 0018).
/// Run as the database's owner when the host's own role may not change the schema (docs/operations.md).
/// </summary>
internal static class Migrate
{
    public static async Task<int> RunAsync(CliRun run)
    {
        if (DataFolder.NotForMigration(run.Core) is { } wrongFolder)
        {
            return run.Usage(wrongFolder);
        }

        try
        {
            await using var container = CliContainer.Build(run.Core, LogLevel.Critical, withModules: true);
            var reports = await CoreStartup.MigrateDatabasesAsync(container, CancellationToken.None);
            foreach (var r in reports)
            {
                await run.Out.WriteLineAsync(Describe(r));
            }

            var applied = reports.Sum(r => r.Applied.Count);
            await run.Out.WriteLineAsync(applied == 0 ? "Databaserna var redan aktuella." : $"Klart: {applied} migrering(ar) körda.");
            return 0;
        }
        catch (DatabaseSchemaException e)
        {
            return run.Usage(e.Message);
        }
    }

    private static string Describe(MigrationReport r)
    {
        var adopted = r.AdoptedBaseline is null ? "" : $" Databasen fanns från före migreringarna och togs över (baslinje {r.AdoptedBaseline}).";
        return r.Applied.Count == 0
            ? $"{r.ModuleName}: inga nya migreringar (senaste {r.Latest ?? "ingen"}).{adopted}"
            : $"{r.ModuleName}: körde {r.Applied.Count} migrering(ar): {string.Join(", ", r.Applied)}.{adopted}";
    }
}
