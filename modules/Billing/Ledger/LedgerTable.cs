using System.Globalization;
using SocialJour.Core;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Ledger;

/// <summary>The ledger's account table read: the chosen column's amount per account line, checked against the Netto line.</summary>
internal sealed record LedgerReading(string Column, decimal Net, IReadOnlyList<LedgerLineView> Lines);

/// <summary>
/// Reads the ledger's account table as the budget table at the end of the Nordväst 2021 report: tab- or semicolon-separated,
/// a header row naming the columns (Ansvar, Vhet, Konto, Obj Objekttext, then amount columns such as "Budget 2022",
/// "Förändring", "Budget 2023", and notes), one line per account and a "Netto" line. The columns after the one holding
/// "Netto" are the amount columns (a notes column — "Anteckningar…", "Kommentar…" — is not). Numbers are Swedish:
/// "4 287 000" with spaces or no-break spaces, a decimal comma, a minus sign. Lines after the Netto line are ignored.
/// Every problem is a <see cref="ValidationException"/> naming the line.
/// </summary>
internal static class LedgerTable
{
    private static readonly string[] NoteHeaders = ["anteckning", "kommentar", "notering", "not "];

    public static LedgerReading Read(string? table, string? column)
    {
        if (string.IsNullOrWhiteSpace(table))
        {
            throw new ValidationException("table", "Kontotabellen är tom: klistra in tabellen från huvudboken med rubrikraden, kontoraderna och raden Netto.");
        }

        var lines = table.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').Split('\n');
        var headerIndex = Array.FindIndex(lines, l => l.Trim().Length > 0);
        var header = lines[headerIndex];
        var separator = header.Contains('\t', StringComparison.Ordinal) ? '\t' : header.Contains(';', StringComparison.Ordinal) ? ';' : '\0';
        if (separator == '\0')
        {
            throw new ValidationException("table", $"Rad {headerIndex + 1} ('{Short(header)}'): rubrikraden ska ha kolumner åtskilda med tabb eller semikolon, t.ex. Ansvar, Vhet, Konto, Objekttext, Budget 2023.");
        }

        var headers = header.Split(separator).Select(h => h.Trim()).ToArray();
        var rows = new List<(int Line, string[] Cells)>();
        (int Line, string[] Cells)? net = null;
        for (var i = headerIndex + 1; i < lines.Length && net is null; i++)
        {
            if (lines[i].Trim().Length == 0)
            {
                continue;
            }

            var cells = lines[i].Split(separator).Select(c => c.Trim()).ToArray();
            if (cells.All(c => c.Length == 0))
            {
                continue;
            }

            if (cells.Length < 2)
            {
                throw new ValidationException("table", $"Rad {i + 1} ('{Short(lines[i])}'): raden har inga kolumner åtskilda med {(separator == '\t' ? "tabb" : "semikolon")} som rubrikraden.");
            }

            if (cells.Any(c => string.Equals(c, "Netto", StringComparison.OrdinalIgnoreCase)))
            {
                net = (i + 1, cells);
            }
            else
            {
                rows.Add((i + 1, cells));
            }
        }

        if (net is not { } netRow)
        {
            throw new ValidationException("table", "Kontotabellen saknar raden Netto, som kontoradernas summa kontrolleras mot.");
        }

        var textColumn = Array.FindIndex(netRow.Cells, c => string.Equals(c, "Netto", StringComparison.OrdinalIgnoreCase));
        var amountColumns = Enumerable.Range(textColumn + 1, Math.Max(0, headers.Length - textColumn - 1))
            .Where(i => headers[i].Length > 0 && !NoteHeaders.Any(n => headers[i].StartsWith(n, StringComparison.OrdinalIgnoreCase)))
            .Where(i => i < netRow.Cells.Length && TryAmount(netRow.Cells[i], out _))
            .ToList();
        if (amountColumns.Count == 0)
        {
            throw new ValidationException("table", $"Rad {netRow.Line} (Netto): ingen beloppskolumn med ett belopp på raden Netto (rubrikerna: {string.Join(", ", headers.Where(h => h.Length > 0))}).");
        }

        int chosen;
        if (string.IsNullOrWhiteSpace(column))
        {
            chosen = amountColumns[^1];
        }
        else
        {
            chosen = amountColumns.FirstOrDefault(i => string.Equals(headers[i], column.Trim(), StringComparison.OrdinalIgnoreCase), -1);
            if (chosen < 0)
            {
                throw new ValidationException("column", $"Kolumnen '{column.Trim()}' finns inte bland kontotabellens beloppskolumner ({string.Join(", ", amountColumns.Select(i => headers[i]))}).");
            }
        }

        var name = headers[chosen];
        var result = new List<LedgerLineView>();
        foreach (var (line, cells) in rows)
        {
            var cell = chosen < cells.Length ? cells[chosen] : "";
            decimal amount = 0;
            if (cell.Length > 0 && !TryAmount(cell, out amount))
            {
                throw new ValidationException("table", $"Rad {line} ('{Short(string.Join(' ', cells.Where(c => c.Length > 0)))}'): '{Short(cell)}' i kolumnen {name} är inget belopp (skriv t.ex. 4 287 000 eller 1 234,50).");
            }

            var account = string.Join(' ', cells.Take(Math.Min(textColumn, cells.Length)).Where(c => c.Length > 0));
            var text = textColumn < cells.Length ? cells[textColumn] : "";
            if (account.Length == 0 && text.Length == 0)
            {
                throw new ValidationException("table", $"Rad {line}: raden har belopp men varken konto eller text.");
            }

            result.Add(new LedgerLineView(account, text, amount));
        }

        TryAmount(netRow.Cells[chosen], out var netAmount);
        var sum = result.Sum(l => l.Amount);
        if (sum != netAmount)
        {
            throw new ValidationException("table", $"Rad {netRow.Line} (Netto): {Kronor(netAmount)} i kolumnen {name} stämmer inte med kontoradernas summa {Kronor(sum)} (skillnad {Kronor(netAmount - sum)}).");
        }

        if (result.Count == 0)
        {
            throw new ValidationException("table", "Kontotabellen har inga kontorader före raden Netto.");
        }

        return new LedgerReading(name, netAmount, result);
    }

    /// <summary>A Swedish amount: "4 287 000", "−150 000", "1 234,50" (spaces and no-break spaces between groups).</summary>
    public static bool TryAmount(string text, out decimal amount)
    {
        var s = text.Trim().Replace(" ", "", StringComparison.Ordinal).Replace("\u00A0", "", StringComparison.Ordinal)
            .Replace("\u202F", "", StringComparison.Ordinal).Replace('\u2212', '-');
        if (s.EndsWith("kr", StringComparison.OrdinalIgnoreCase))
        {
            s = s[..^2];
        }

        if (s.Contains(',', StringComparison.Ordinal))
        {
            if (s.Contains('.', StringComparison.Ordinal))
            {
                amount = 0;
                return false;
            }

            s = s.Replace(',', '.');
        }

        return decimal.TryParse(s, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount) && s.Length > 0;
    }

    /// <summary>
    /// Whether a ledger line is the administrative fee (overhead) that the budget includes: "OH adm Sigtuna kommun" in seed
    /// 002's table, or a line that says "administrativ avgift".
    /// </summary>
    public static bool IsOverhead(LedgerLineView line) =>
        line.Text.StartsWith("OH ", StringComparison.OrdinalIgnoreCase) || line.Text.Equals("OH", StringComparison.OrdinalIgnoreCase)
        || line.Text.Contains("administrativ avgift", StringComparison.OrdinalIgnoreCase);

    public static string Kronor(decimal amount) => amount.ToString("#,##0.##", CultureInfo.GetCultureInfo("sv-SE")) + " kr";

    private static string Short(string text)
    {
        var t = text.Replace('\t', ' ').Trim();
        return t.Length <= 40 ? t : t[..40] + "…";
    }
}
