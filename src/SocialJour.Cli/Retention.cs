using System.Globalization;
using Autofac;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Core.Operations;

namespace SocialJour.Cli;

/// <summary>
/// <c>socialjour access-log-retention --years N [--archive MAPP --apply]</c>: what the retention rule deletes now (without
/// <c>--apply</c> nothing changes), or archives and deletes it as the nightly job does (ADR 0029);
/// <c>socialjour access-log-retention --verify-archive FIL [--key PEM]</c>: checks an archive against its signed head.
/// Kept in its own file, in the command line's current style, for the System.CommandLine rewrite to take over.
/// </summary>
internal static class Retention
{
    public const string YearsVariable = "SocialJour__AccessLog__RetentionYears";
    public const string ArchiveVariable = "SocialJour__AccessLog__ArchiveDirectory";
    public const string SigningKeyVariable = "SocialJour__Transparency__SigningKey";

    public static async Task<int> RunAsync(CoreOptions core, IReadOnlyDictionary<string, string> options, TextWriter output, TextWriter error)
    {
        if (options.TryGetValue("--verify-archive", out var archiveFile))
        {
            return await VerifyArchiveAsync(archiveFile, options.GetValueOrDefault("--key"), output, error);
        }

        if (await DataFolder.ProblemAsync(core) is { } missing)
        {
            error.WriteLine(missing);
            return 2;
        }

        // The rule is the host's: the years and the archive come from the same settings (the environment file the hosts
        // read), and a shorter period than the configured one is refused.
        var configuredYears = Environment.GetEnvironmentVariable(YearsVariable);
        var yearsText = options.GetValueOrDefault("--years") ?? (string.IsNullOrWhiteSpace(configuredYears) ? null : configuredYears);
        if (yearsText is null)
        {
            error.WriteLine($"Ange gallringstiden i hela år (--years 5), eller sätt {YearsVariable} som värdarna: socialjour access-log-retention --years 5 [--archive MAPP --apply yes]");
            return 2;
        }

        var archiveText = options.GetValueOrDefault("--archive") ?? (Environment.GetEnvironmentVariable(ArchiveVariable) is { Length: > 0 } configuredArchive ? configuredArchive : null);
        AccessLogRetentionOptions parsed;
        try
        {
            parsed = AccessLogRetentionOptions.Parse(yearsText, archiveText ?? "-");
            if (!string.IsNullOrWhiteSpace(configuredYears) && options.ContainsKey("--years"))
            {
                var configured = AccessLogRetentionOptions.Parse(configuredYears, "-").Years!.Value;
                if (parsed.Years < configured)
                {
                    error.WriteLine($"--years {parsed.Years} är kortare än den konfigurerade gallringstiden ({YearsVariable} = {configured} år): posterna gallras bara enligt gallringsregeln.");
                    return 2;
                }
            }
        }
        catch (ValidationException e)
        {
            error.WriteLine(e.Message.Replace(AccessLogRetentionOptions.YearsSetting, options.ContainsKey("--years") ? "--years" : YearsVariable, StringComparison.Ordinal));
            return 2;
        }

        var apply = options.TryGetValue("--apply", out var applyText);
        if (apply && applyText is not ("yes" or "ja" or "true"))
        {
            error.WriteLine("--apply ska vara yes (socialjour access-log-retention --years 5 --archive MAPP --apply yes).");
            return 2;
        }

        if (apply && archiveText is null)
        {
            error.WriteLine("--apply kräver --archive MAPP: poster gallras aldrig utan att först arkiveras.");
            return 2;
        }

        if (core.Database.Provider == Core.Persistence.DatabaseProvider.Sqlite && !File.Exists(Path.Combine(core.Database.DataDirectory, "core.db")))
        {
            error.WriteLine($"Mappen {core.Database.DataDirectory} innehåller inga SocialJour-data (core.db saknas). Ange rätt mapp med --data; inget har skapats.");
            return 2;
        }

        // The signing key (a head is signed over the log before anything is archived): --key, else the hosts' secret
        // reference SocialJour__Transparency__SigningKey (file: or env:), else the demo key.
        string? pem;
        if (options.GetValueOrDefault("--key") is { } keyFile)
        {
            if (!File.Exists(keyFile))
            {
                error.WriteLine($"Nyckelfilen {keyFile} finns inte.");
                return 2;
            }

            pem = await File.ReadAllTextAsync(keyFile);
        }
        else if (Environment.GetEnvironmentVariable(SigningKeyVariable) is { Length: > 0 } reference)
        {
            try
            {
                pem = new Core.Configuration.SecretResolver(Directory.GetCurrentDirectory()).Resolve(reference);
            }
            catch (InvalidOperationException e)
            {
                error.WriteLine($"{SigningKeyVariable}: {e.Message}.");
                return 2;
            }
        }
        else
        {
            pem = File.Exists(AuditVerify.DefaultKey) ? await File.ReadAllTextAsync(AuditVerify.DefaultKey) : null;
        }

        await using var container = CliContainer.Build(core with { Transparency = new TransparencyOptions(pem, options.GetValueOrDefault("--published") ?? (core.Database.Provider == Core.Persistence.DatabaseProvider.Sqlite ? Path.Combine(core.Database.DataDirectory, "published") : null)) }, LogLevel.Warning);
        await CoreStartup.InitializeDatabasesAsync(container, CancellationToken.None);
        var retention = container.Resolve<IAccessLogRetention>();
        var years = parsed.Years!.Value;
        if (!apply)
        {
            var plan = await retention.PlanAsync(years, CancellationToken.None);
            if (plan.Count > 0 && !await retention.MayDeleteAsync(CancellationToken.None))
            {
                output.WriteLine("Den här anslutningens databasroll får inte gallra åtkomstloggen (värdarnas körroll); gallra med ägarrollens anslutning.");
            }

            output.WriteLine(plan.Count == 0
                ? $"Inga poster i åtkomstloggen är äldre än {plan.Cutoff:yyyy-MM-dd HH:mm} UTC ({years} år); {plan.AlreadyDeleted} är redan gallrade."
                : $"{plan.Count} poster ({plan.First}–{plan.Last}) är äldre än {plan.Cutoff:yyyy-MM-dd HH:mm} UTC ({years} år) och gallras med --archive MAPP --apply yes; {plan.AlreadyDeleted} är redan gallrade.");
            return 0;
        }

        try
        {
            var result = await retention.ApplyAsync(years, Path.GetFullPath(archiveText!), "it:" + Environment.UserName, CancellationToken.None);
            output.WriteLine(result.ArchivePath is null
                ? $"Inga poster att gallra (äldre än {result.Plan.Cutoff:yyyy-MM-dd HH:mm} UTC)."
                : $"Gallrade {result.Plan.Count} poster ({result.Plan.First}–{result.Plan.Last}); arkiv {result.ArchivePath} (sha256 {result.ArchiveSha256}), bevisat mot trädhuvud storlek {result.Head!.TreeSize}. Gallringen står i händelseloggen.");
            return 0;
        }
        catch (InvalidOperationException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }

    private static async Task<int> VerifyArchiveAsync(string path, string? keyPath, TextWriter output, TextWriter error)
    {
        if (!File.Exists(path))
        {
            error.WriteLine($"Arkivfilen {path} finns inte.");
            return 2;
        }

        AccessLogArchive archive;
        try
        {
            archive = AccessLogArchive.Read(path);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidDataException)
        {
            error.WriteLine($"{path} är inget arkiv från åtkomstloggens gallring.");
            return 2;
        }

        var pem = keyPath is not null ? await File.ReadAllTextAsync(keyPath) : archive.PublicKeyPem;
        if (pem is null)
        {
            error.WriteLine("Ange den publika nyckeln med --key.");
            return 2;
        }

        using var key = TreeHeadKey.FromPem(pem);
        if (archive.Verify(key) is { } problem)
        {
            output.WriteLine($"Arkivet håller INTE: {problem}.");
            return 1;
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Arkivet håller: poster {archive.First}–{archive.Last} (äldre än {archive.Cutoff:yyyy-MM-dd}) är början av åtkomstloggen i trädhuvudet storlek {archive.Head.TreeSize} signerat {archive.Head.SignedAt:yyyy-MM-dd HH:mm} UTC."));
        return 0;
    }
}
