using Microsoft.Data.Sqlite;
using Npgsql;
using SocialJour.Core;
using SocialJour.Core.Persistence;

namespace SocialJour.Cli;

/// <summary>
/// Whether --data (SQLite) or the PostgreSQL database really holds SocialJour's data, asked before anything is opened
/// through the modules: opening a SQLite file creates it, and a module's start-up check would migrate an empty database,
/// so a check against the wrong folder or database used to report empty logs as "intact". A reading command requires, for
/// the core and each module it reads, the module's migrations history with at least one migration; it changes nothing.
/// </summary>
internal static class DataFolder
{
    /// <summary>Null when the data is there; else why not, in Swedish (exit 2).</summary>
    public static async Task<string?> ProblemAsync(CoreOptions core, params string[] modules)
    {
        string[] all = ["core", .. modules.Where(m => m != "core")];
        return core.Database.Provider == DatabaseProvider.PostgreSql
            ? await PostgresProblemAsync(core.Database.ConnectionString!, all)
            : SqliteProblem(core.Database.DataDirectory, all);
    }

    /// <summary>
    /// socialjour migrate creates the databases in a new or empty folder, or migrates SocialJour's own: a folder with other
    /// files and no core.db is refused (a mistyped --data must not scatter databases into it).
    /// </summary>
    public static string? NotForMigration(CoreOptions core)
    {
        var folder = core.Database.DataDirectory;
        return core.Database.Provider == DatabaseProvider.Sqlite && Directory.Exists(folder)
            && !File.Exists(Path.Combine(folder, "core.db")) && Directory.EnumerateFileSystemEntries(folder).Any()
            ? $"Mappen {folder} är inte tom men innehåller inga SocialJour-data (core.db saknas). 'socialjour migrate' skapar databaserna i en ny eller tom mapp " +
              "eller migrerar SocialJours egna; ange rätt mapp med --data. Inget har skapats."
            : null;
    }

    private static string? SqliteProblem(string folder, IReadOnlyList<string> modules)
    {
        if (!File.Exists(Path.Combine(folder, "core.db")))
        {
            return $"Mappen {folder} innehåller inga SocialJour-data (core.db saknas). Ange rätt mapp med --data; inget har skapats.";
        }

        foreach (var module in modules)
        {
            var file = Path.Combine(folder, module + ".db");
            if (!File.Exists(file))
            {
                return $"Mappen {folder} saknar {module}.db (modulen {module}): den är ingen komplett SocialJour-datamapp. Ange rätt mapp med --data, " +
                    "eller skapa modulens databas med 'socialjour migrate' (eller genom att starta värden). Inget har skapats.";
            }

            try
            {
                // ReadWrite without Create: never makes a file; only SELECTs are run.
                using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = file, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());
                connection.Open();
                if (Count(connection, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '__migrations_{module}'") == 0
                    || Count(connection, $"SELECT count(*) FROM \"__migrations_{module}\"") == 0)
                {
                    return NoHistory($"{file}", $"__migrations_{module}", module);
                }
            }
            catch (SqliteException e)
            {
                return $"{file} är ingen SocialJour-databas (SQLite: {e.Message}). Ange rätt mapp med --data; inget har ändrats.";
            }
        }

        return null;
    }

    private static async Task<string?> PostgresProblemAsync(string connectionString, IReadOnlyList<string> modules)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            foreach (var module in modules)
            {
                await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
                exists.Parameters.AddWithValue("table", $"\"{module}\".\"__migrations\"");
                if (await exists.ExecuteScalarAsync() is not true)
                {
                    return NoHistory($"PostgreSQL-databasen {cs.Database} på {cs.Host}", $"{module}.__migrations", module);
                }

                // The schema name is one of the modules' own lower-case names, never user input.
                await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{module}\".\"__migrations\"", connection);
                if (await count.ExecuteScalarAsync() is 0L)
                {
                    return NoHistory($"PostgreSQL-databasen {cs.Database} på {cs.Host}", $"{module}.__migrations", module);
                }
            }
        }
        catch (NpgsqlException)
        {
            // Unreachable, no such database, a wrong password, no rights: the modules' own check says which, in Swedish.
            return null;
        }

        return null;
    }

    private static string NoHistory(string where, string table, string module) =>
        $"{where} har inga SocialJour-data för modulen {module} (migreringshistoriken {table} saknas eller är tom): fel mapp eller databas, " +
        "eller en ny som ingen har migrerat. Ange rätt mapp med --data eller rätt databas i " + CliSettings.ConnectionStringVariable +
        "; en ny databas skapas med 'socialjour migrate' som databasens ägare. Inget har ändrats.";

    private static long Count(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(command.ExecuteScalar() ?? 0L);
    }
}
