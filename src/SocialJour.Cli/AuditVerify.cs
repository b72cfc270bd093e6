using System.Text.Json;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Audit;

namespace SocialJour.Cli;

/// <summary>
/// <c>socialjour audit-verify</c> (ADR 0013): the logs in the database against every signed head known, plus heads a
/// municipality holds (<c>--head</c>, a file or a folder); or, with no database at all, one extract entry's inclusion proof
/// (<c>--entry</c>) or the consistency of two heads (<c>--from-head</c>, <c>--head</c>, <c>--proof</c>). Exit 0 all holds,
/// 1 the first mismatch is named, 2 bad usage.
/// </summary>
internal static class AuditVerify
{
    public const string DefaultKey = "config/demo/secrets/transparency-signing.pem";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<int> RunAsync(CliRun run)
    {
        var (core, options) = (run.Core, run.Options);
        var keyPath = options.GetValueOrDefault("--key");
        if (keyPath is not null && !File.Exists(keyPath))
        {
            return Usage($"Nyckelfilen {keyPath} finns inte.");
        }

        keyPath ??= File.Exists(DefaultKey) ? DefaultKey : null;
        string? pem = keyPath is null ? null : await File.ReadAllTextAsync(keyPath);
        TreeHeadKey? key;
        try
        {
            key = pem is null ? null : TreeHeadKey.FromPem(pem);
        }
        catch (InvalidOperationException e)
        {
            return Usage($"{keyPath}: {e.Message}.");
        }

        using (key)
        {
            if (options.TryGetValue("--entry", out var entryFile))
            {
                return key is null ? Usage("Ange den publika nyckeln med --key.") : await EntryAsync(entryFile, options.GetValueOrDefault("--head"), key);
            }

            if (options.TryGetValue("--from-head", out var older))
            {
                return key is null ? Usage("Ange den publika nyckeln med --key.") : await ConsistencyAsync(older, options.GetValueOrDefault("--head"), options.GetValueOrDefault("--proof"), key);
            }

            var held = new List<SignedTreeHead>();
            if (options.TryGetValue("--head", out var heads))
            {
                var (read, problem) = ReadHeads(heads);
                if (problem is not null)
                {
                    return Usage(problem);
                }

                held.AddRange(read);
            }

            // A folder or database without SocialJour's data would otherwise be created or migrated here and reported "intact".
            if (await DataFolder.ProblemAsync(core) is { } missing)
            {
                return Usage(missing);
            }

            // Deleted access-log content holds only against the retention rule and its archives (issue 23 3a): --years and
            // --archive, else the hosts' settings.
            if (options.ContainsKey("--years") || options.ContainsKey("--archive"))
            {
                if (CliSettings.RetentionRule(options.GetValueOrDefault("--years"), options.GetValueOrDefault("--archive"), out var bad) is not { } rule)
                {
                    return Usage(bad.Replace(Retention.YearsVariable, "--years", StringComparison.Ordinal).Replace(Retention.ArchiveVariable, "--archive", StringComparison.Ordinal));
                }

                core = core with { Retention = rule };
            }

            return await DatabaseAsync(core with { Transparency = new TransparencyOptions(pem, CliSettings.PublicationFolder(core, options)) }, held);
        }
    }

    private static async Task<int> DatabaseAsync(CoreOptions core, IReadOnlyList<SignedTreeHead> held)
    {
        await using var container = CliContainer.Build(core, LogLevel.Critical);
        await CoreStartup.InitializeDatabasesAsync(container, migrate: false, CancellationToken.None); // checks, never changes
        var checks = await container.Resolve<IChainVerifier>().VerifyAllAsync(held, CancellationToken.None);
        foreach (var v in checks)
        {
            var name = TransparencyLogs.SwedishName(v.Chain);
            Console.WriteLine(v.Intact
                ? $"{name} är obruten ({v.EntriesChecked} poster, rot {v.HeadHash})."
                : $"BROTT I {name.ToUpperInvariant()}: {v.Problem}");
        }

        if (held.Count > 0 && checks.All(v => v.Intact))
        {
            Console.WriteLine($"Loggarna stämmer med {held.Count} trädhuvuden utanför databasen.");
        }

        return checks.All(v => v.Intact) ? 0 : 1;
    }

    private static async Task<int> EntryAsync(string file, string? headFile, TreeHeadKey key)
    {
        if (Read<AccessEntryProof>(file, out var problem) is not { } evidence)
        {
            return Usage(problem!);
        }

        SignedTreeHead? held = null;
        if (headFile is not null)
        {
            var (heads, headProblem) = ReadHeads(headFile);
            if (headProblem is not null || heads.Count != 1)
            {
                return Usage(headProblem ?? $"{headFile}: ange en fil med ett trädhuvud.");
            }

            held = heads[0];
        }

        var failure = TransparencyVerifier.CheckEntry(evidence, key, held);
        Console.WriteLine(failure is null
            ? $"Post {evidence.Entry.Sequence} finns i åtkomstloggen enligt {held ?? evidence.Head}."
            : $"BEVISET HÅLLER INTE: {failure}");
        return await Task.FromResult(failure is null ? 0 : 1);
    }

    private static async Task<int> ConsistencyAsync(string olderFile, string? newerFile, string? proofFile, TreeHeadKey key)
    {
        if (newerFile is null || proofFile is null)
        {
            return Usage("Ange --from-head (det äldre trädhuvudet), --head (det nyare) och --proof (konsistensbeviset).");
        }

        var (older, p1) = ReadHeads(olderFile);
        var (newer, p2) = ReadHeads(newerFile);
        if ((p1 ?? p2) is { } headProblem || older.Count != 1 || newer.Count != 1)
        {
            return Usage(p1 ?? p2 ?? "ange en fil med ett trädhuvud för --from-head och --head");
        }

        if (Read<ConsistencyProof>(proofFile, out var problem) is not { } proof)
        {
            return Usage(problem!);
        }

        var failure = TransparencyVerifier.CheckConsistency(older[0], newer[0], proof, key);
        Console.WriteLine(failure is null ? $"{newer[0]} bygger vidare på {older[0]}." : $"BEVISET HÅLLER INTE: {failure}");
        return await Task.FromResult(failure is null ? 0 : 1);
    }

    /// <summary>A head file (JSON), a history file (one head per line) or a folder of them.</summary>
    private static (List<SignedTreeHead> Heads, string? Problem) ReadHeads(string path)
    {
        var files = Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*.json*", SearchOption.AllDirectories).ToList()
            : File.Exists(path) ? [path] : null;
        if (files is null)
        {
            return ([], $"Filen {path} finns inte.");
        }

        var heads = new List<SignedTreeHead>();
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            var lines = file.EndsWith(".jsonl", StringComparison.Ordinal) ? text.Split('\n', StringSplitOptions.RemoveEmptyEntries) : [text];
            foreach (var line in lines)
            {
                if (SignedTreeHead.Parse(line, out var problem) is not { } head)
                {
                    return ([], $"{file}: {problem}.");
                }

                heads.Add(head);
            }
        }

        return (heads, null);
    }

    private static T? Read<T>(string file, out string? problem)
        where T : class
    {
        if (!File.Exists(file))
        {
            problem = $"Filen {file} finns inte.";
            return null;
        }

        try
        {
            problem = null;
            return JsonSerializer.Deserialize<T>(File.ReadAllText(file), Json) ?? throw new JsonException();
        }
        catch (JsonException)
        {
            problem = $"{file} är inte ett bevis från /api/transparency (ogiltig JSON).";
            return null;
        }
    }

    private static int Usage(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }
}
