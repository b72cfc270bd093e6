using System.Globalization;
using System.Text;
using Autofac;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Cli;

/// <summary>
/// socialjour statistics --from 2021-01-01 --to 2021-12-10 [--compare 2] [--municipality 0191] [--format csv|xlsx|pdf --out FILE]:
/// the report from the statistics module's fact tables. Without --format, the key figures as a text table (every count
/// shown: the jour's own use; a municipality view is suppressed). With --format, the export file (always suppressed, as it
/// leaves the jour) written to --out. Exit 2 with the reason in Swedish on bad input.
/// </summary>
internal static class Statistics
{
    public static async Task<int> RunAsync(CoreOptions core, IReadOnlyDictionary<string, string> options, TextWriter output, TextWriter error)
    {
        if (Date(options, "--from") is not { } from)
        {
            await error.WriteLineAsync(DateProblem(options, "--from", "2021-01-01"));
            return 2;
        }

        if (Date(options, "--to") is not { } to)
        {
            await error.WriteLineAsync(DateProblem(options, "--to", "2021-12-10"));
            return 2;
        }

        var compare = 2;
        if (options.TryGetValue("--compare", out var compareText)
            && (!int.TryParse(compareText, NumberStyles.None, CultureInfo.InvariantCulture, out compare) || compare > 4))
        {
            await error.WriteLineAsync($"--compare ska vara ett heltal från 0 till 4 (antal jämförelseår), inte '{compareText}'.");
            return 2;
        }

        var formatText = options.GetValueOrDefault("--format", "table").ToLowerInvariant();
        if (formatText is not ("table" or "csv" or "xlsx" or "pdf"))
        {
            await error.WriteLineAsync($"--format ska vara table, csv, xlsx eller pdf, inte '{options["--format"]}'.");
            return 2;
        }

        StatisticsFormat? format = formatText switch
        {
            "csv" => StatisticsFormat.Csv,
            "xlsx" => StatisticsFormat.Xlsx,
            "pdf" => StatisticsFormat.Pdf,
            _ => null,
        };

        var outFile = options.GetValueOrDefault("--out");
        if (format is not null && string.IsNullOrWhiteSpace(outFile))
        {
            await error.WriteLineAsync($"Ange filen med --out, t.ex. --format {formatText} --out socialjouren-statistik.{formatText}.");
            return 2;
        }

        if (await DataFolder.ProblemAsync(core, "statistics") is { } missing)
        {
            await error.WriteLineAsync(missing);
            return 2;
        }

        var query = new StatisticsQuery(from, to, compare, options.GetValueOrDefault("--municipality"));
        try
        {
            await using var container = CliContainer.Build(core, LogLevel.Critical, withModules: true);
            await CoreStartup.InitializeDatabasesAsync(container, migrate: false, CancellationToken.None);
            var statistics = container.Resolve<IStatisticsModule>();
            if (format is { } f)
            {
                var file = await statistics.ExportAsync(query, f, CancellationToken.None);
                var path = Path.GetFullPath(outFile!);
                await File.WriteAllBytesAsync(path, file.Content);
                await output.WriteLineAsync($"Skrev {path} ({file.Content.Length} byte; små tal dolda, som när statistiken lämnar jouren).");
                return 0;
            }

            await output.WriteAsync(KeyFigures(await statistics.ReportAsync(query, CancellationToken.None)));
            return 0;
        }
        catch (ValidationException e)
        {
            await error.WriteLineAsync($"Statistiken kan inte tas fram: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e.GetBaseException() is ConfigurationRejectedException or DatabaseSchemaException)
        {
            await error.WriteLineAsync(e.GetBaseException().Message);
            return 2;
        }
    }

    private static DateOnly? Date(IReadOnlyDictionary<string, string> options, string flag) =>
        options.TryGetValue(flag, out var text) && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    private static string DateProblem(IReadOnlyDictionary<string, string> options, string flag, string example) =>
        options.TryGetValue(flag, out var text)
            ? $"{flag}: '{text}' är inget datum på formen ÅÅÅÅ-MM-DD, t.ex. {example}."
            : $"Ange {(flag == "--from" ? "periodens första dag" : "periodens sista dag")} med {flag} ÅÅÅÅ-MM-DD, t.ex. socialjour statistics --from 2021-01-01 --to 2021-12-10.";

    /// <summary>The key figures as a text table: the measures down, one column per period (the chosen one last).</summary>
    private static string KeyFigures(StatisticsReport report)
    {
        var text = new StringBuilder();
        var scope = report.MunicipalityCode is { } code ? $"{report.MunicipalityName} ({code})" : "Hela jouren";
        text.AppendLine(CultureInfo.InvariantCulture, $"Socialjouren statistik totalt {report.Period.Label} – {scope}");
        if (report.Suppressed)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Små tal (färre än {report.SuppressBelow}) visas som <{report.SuppressBelow}.");
        }

        text.AppendLine();
        var table = report.Tables.First(t => t.Key == "key-figures");
        string[] headers = [table.RowHeading, .. table.Columns];
        var rows = table.Rows.Select(r => (string[])[r.Label, .. r.Cells.Select(c => c.Display.Replace('\u00a0', ' '))]).ToList();
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r.ElementAtOrDefault(i)?.Length ?? 0))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        text.AppendLine(Line(headers));
        text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        foreach (var row in rows)
        {
            text.AppendLine(Line(row));
        }

        if (report.Notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in report.Notes)
            {
                text.AppendLine("* " + note);
            }
        }

        return text.ToString();
    }
}
