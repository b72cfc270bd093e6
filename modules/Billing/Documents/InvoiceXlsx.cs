using MiniExcelLibs;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Documents;

/// <summary>
/// The invoice basis as a workbook (MiniExcel, ADR 0024) for a municipal controller to check and re-add: sheet "Underlag"
/// (the heading facts and every basis, one per row: Post, Värde, Enhet), "Tid" (the time per case) and "Uppdrag" (the
/// commissions), each list ending with a "Summa" row. Numbers are number cells (kronor with öre, shares as fractions,
/// minutes), never text, so the sums can be checked in the spreadsheet.
/// </summary>
internal static class InvoiceXlsx
{
    public const string BasisSheet = "Underlag";
    public const string TimeSheet = "Tid";
    public const string CommissionSheet = "Uppdrag";

    public static byte[] Render(InvoiceBasis basis, string jourName)
    {
        var rows = new List<Dictionary<string, object>>();
        foreach (var row in InvoiceContent.Heading(basis, jourName).Concat(InvoiceContent.Basis(basis)))
        {
            rows.Add(new Dictionary<string, object> { ["Post"] = row.Label, ["Värde"] = row.Value, ["Enhet"] = row.Unit });
        }

        var time = basis.Time.OrderBy(t => t.Date).ThenBy(t => t.CaseId, StringComparer.Ordinal)
            .Select(t => new Dictionary<string, object>
            {
                ["Ärende"] = t.CaseId,
                ["Datum"] = InvoiceText.Date(t.Date),
                ["Minuter"] = t.Minutes,
                ["Avser uppdrag"] = t.Commission ? "Ja" : "Nej",
            })
            .ToList();
        time.Add(new Dictionary<string, object> { ["Ärende"] = "Summa", ["Datum"] = "", ["Minuter"] = InvoiceContent.TimeTotal(basis), ["Avser uppdrag"] = "" });

        var commissions = basis.Commissions.OrderBy(c => c.Date).ThenBy(c => c.CommissionId)
            .Select(c => new Dictionary<string, object>
            {
                ["Uppdrag nr"] = c.CommissionId,
                ["Typ"] = InvoiceText.CommissionKind(c.Kind),
                ["Datum"] = InvoiceText.Date(c.Date),
                ["Minuter"] = c.Minutes,
                ["Pris (kr)"] = c.Price,
            })
            .ToList();
        commissions.Add(new Dictionary<string, object>
        {
            ["Uppdrag nr"] = "Summa",
            ["Typ"] = $"{basis.Commissions.Count} st",
            ["Datum"] = "",
            ["Minuter"] = InvoiceContent.CommissionMinutes(basis),
            ["Pris (kr)"] = InvoiceContent.CommissionTotal(basis),
        });

        var sheets = new Dictionary<string, object>
        {
            [BasisSheet] = rows,
            [TimeSheet] = time,
            [CommissionSheet] = commissions,
        };
        using var stream = new MemoryStream();
        stream.SaveAs(sheets, excelType: ExcelType.XLSX);
        return stream.ToArray();
    }
}
