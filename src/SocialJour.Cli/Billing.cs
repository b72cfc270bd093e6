using System.Globalization;
using System.Text;
using Autofac;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Cli;

/// <summary>
/// socialjour billing --year 2021 --period outcome [--format csv]: a period's split from the shell, read from the billing
/// module's database (the approved version, or a draft computed now) as a Swedish table or as CSV (semicolon, decimal comma).
/// Exit 2 with the reason when the year, the period, a population or a cost is missing or wrong.
/// </summary>
internal static class Billing
{
    private static readonly CultureInfo Swedish = CultureInfo.GetCultureInfo("sv-SE");

    public static async Task<int> RunAsync(CoreOptions core, IReadOnlyDictionary<string, string> options, TextWriter output, TextWriter error)
    {
        if (!options.TryGetValue("--year", out var yearText) || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year))
        {
            await error.WriteLineAsync($"Ange året med --year, t.ex. socialjour billing --year 2021 --period outcome{(yearText is null ? "" : $" ('{yearText}' är inget år)")}.");
            return 2;
        }

        if (!options.TryGetValue("--period", out var periodText))
        {
            await error.WriteLineAsync("Ange perioden med --period: budget, outcome (utfall), annual-fee (årsavgift) eller year-end (bokslut).");
            return 2;
        }

        var format = options.GetValueOrDefault("--format", "table");
        if (format is not ("table" or "csv"))
        {
            await error.WriteLineAsync($"--format ska vara table eller csv, inte '{format}'.");
            return 2;
        }

        var period = periodText.Trim().ToLowerInvariant() switch
        {
            "budget" => BillingPeriodKind.Budget,
            "outcome" or "utfall" => BillingPeriodKind.Outcome,
            "annual-fee" or "arsavgift" or "årsavgift" => BillingPeriodKind.AnnualFee,
            "year-end" or "bokslut" => BillingPeriodKind.YearEnd,
            _ => (BillingPeriodKind?)null,
        };
        if (period is null)
        {
            await error.WriteLineAsync($"Perioden '{periodText}' finns inte: ange budget, outcome (utfall), annual-fee (årsavgift) eller year-end (bokslut).");
            return 2;
        }

        if (await DataFolder.ProblemAsync(core, "billing") is { } missing)
        {
            await error.WriteLineAsync(missing);
            return 2;
        }

        try
        {
            await using var container = CliContainer.Build(core, LogLevel.Critical, withModules: true);
            await CoreStartup.InitializeDatabasesAsync(container, migrate: false, CancellationToken.None);
            var split = await container.Resolve<IBillingModule>().SplitAsync(year, period.Value, null, CancellationToken.None);
            await output.WriteAsync(format == "csv" ? Csv(split) : Table(split));
            return 0;
        }
        catch (ValidationException e)
        {
            await error.WriteLineAsync($"Fördelningen kan inte beräknas: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e.GetBaseException() is ConfigurationRejectedException or DatabaseSchemaException)
        {
            await error.WriteLineAsync(e.GetBaseException().Message);
            return 2;
        }
    }

    private static string Table(BillingSplit split)
    {
        var text = new StringBuilder();
        var state = split.Locked ? $"godkänd version {split.Version} ({split.ApprovedBy}, {split.ApprovedAt:yyyy-MM-dd})" : "utkast, inte godkänt";
        text.AppendLine(CultureInfo.InvariantCulture, $"{split.PeriodName} {split.Year} – {state}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Kostnad {Kr(split.Cost)} kr (version {split.CostVersion}), folkmängd 31 december {split.PopulationYear}, tid {split.TimeFrom:yyyy-MM-dd}–{split.TimeTo:yyyy-MM-dd}");
        if (split.CorrectionReason is { } reason)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"Rättelse: {reason}");
        }

        text.AppendLine();
        string[] headers = ["Betalare", "Folkmängd", "Andel", "Minuter", "Andel", "Befolkning", "Tid", "Uppdrag", "Under-/överskott", "Belopp", "Adm.avgift", "Tidigare fakturerat", "Att fakturera"];
        var rows = split.Payers.Select(p => new[]
        {
            Payer(p), p.Population.ToString("N0", Swedish), Percent(p.PopulationShare), p.Minutes.ToString("N0", Swedish), Percent(p.TimeShare),
            Kr(p.PopulationAmount), Kr(p.TimeAmount), Kr(p.CommissionAmount), Kr(p.DeficitAmount), Kr(p.Amount), Kr(p.AdministrativeFee), Kr(p.PreviouslyInvoiced), Kr(p.ToInvoice),
        }).ToList();
        // A municipality paying through several committees has one population and one time: counted once in the totals.
        rows.Add(
        [
            "Totalt", split.Payers.Select(p => (p.MunicipalityCode, p.Population)).Distinct().Sum(p => p.Population).ToString("N0", Swedish), "", split.Payers.Select(p => (p.MunicipalityCode, p.Minutes)).Distinct().Sum(p => p.Minutes).ToString("N0", Swedish), "",
            Kr(split.Payers.Sum(p => p.PopulationAmount)), Kr(split.Payers.Sum(p => p.TimeAmount)), Kr(split.Payers.Sum(p => p.CommissionAmount)), Kr(split.Payers.Sum(p => p.DeficitAmount)),
            Kr(split.Payers.Sum(p => p.Amount)), Kr(split.Payers.Sum(p => p.AdministrativeFee)), Kr(split.Payers.Sum(p => p.PreviouslyInvoiced)), Kr(split.Total),
        ]);
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        text.AppendLine(Line(headers));
        text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        foreach (var row in rows.Take(rows.Count - 1))
        {
            text.AppendLine(Line(row));
        }

        text.AppendLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        text.AppendLine(Line(rows[^1]));
        if (split.Notes.Count > 0)
        {
            text.AppendLine();
            foreach (var note in split.Notes)
            {
                text.AppendLine("* " + note);
            }
        }

        return text.ToString();
    }

    private static string Csv(BillingSplit split)
    {
        var text = new StringBuilder();
        text.AppendLine("Kommunkod;Kommun;Nämnd;Folkmängd;Medlemsdagar;Befolkningsandel;Minuter;Tidsandel;Befolkningsdel;Tidsdel;Uppdrag;Uppdragsbelopp;Under-/överskott;Belopp;Administrativ avgift;Tidigare fakturerat;Att fakturera");
        foreach (var p in split.Payers)
        {
            text.AppendLine(string.Join(';',
                p.MunicipalityCode, Cell(p.MunicipalityName), Cell(p.Committee), p.Population.ToString(CultureInfo.InvariantCulture), p.MemberDays.ToString(CultureInfo.InvariantCulture),
                p.PopulationShare.ToString("0.######", Swedish), p.Minutes.ToString(CultureInfo.InvariantCulture), p.TimeShare.ToString("0.######", Swedish),
                Number(p.PopulationAmount), Number(p.TimeAmount), p.Commissions.ToString(CultureInfo.InvariantCulture), Number(p.CommissionAmount), Number(p.DeficitAmount),
                Number(p.Amount), Number(p.AdministrativeFee), Number(p.PreviouslyInvoiced), Number(p.ToInvoice)));
        }

        return text.ToString();
    }

    private static string Payer(PayerSplit p) => p.CommitteeShare < 1m ? $"{p.MunicipalityCode} {p.MunicipalityName}, {p.Committee}" : $"{p.MunicipalityCode} {p.MunicipalityName}";

    private static string Kr(decimal amount) => amount.ToString("N2", Swedish);

    private static string Number(decimal amount) => amount.ToString("0.00", Swedish);

    private static string Percent(decimal share) => (share * 100m).ToString("0.00", Swedish) + " %";

    /// <summary>A text cell: quoted when it holds the separator or a quote; a leading formula character is neutralised (CSV injection).</summary>
    private static string Cell(string text)
    {
        var t = text.Length > 0 && "=+-@".Contains(text[0], StringComparison.Ordinal) ? "'" + text : text;
        return t.Contains(';', StringComparison.Ordinal) || t.Contains('"', StringComparison.Ordinal) ? "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : t;
    }
}
