using MiniExcelLibs;
using SocialJour.Core.Documents;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Documents;

/// <summary>
/// The invoice basis as a workbook (MiniExcel, ADR 0024) for a municipal controller to check and re-add: sheet "Underlag"
/// (the heading facts and every basis, one per row: Post, Värde, Enhet), "Tid" (the time per case) and "Uppdrag" (the
/// commissions), each list ending with a "Summa" row. Numbers are number cells (kronor with öre, shares as fractions,
/// minutes), never text, so the sums can be checked in the spreadsheet, with number formats ("#,##0.00" for kronor, per cent
/// for shares) and column widths (<see cref="XlsxFormats"/>).
/// </summary>
internal static class InvoiceXlsx
{
    public const string BasisSheet = "Underlag";
    public const string TimeSheet = "Tid";
    public const string CommissionSheet = "Uppdrag";

    public static byte[] Render(InvoiceBasis basis, string jourName)
    {
        var rows = new List<Dictionary<string, object>>();
        var units = new List<string>();
        foreach (var row in InvoiceContent.Heading(basis, jourName).Concat(InvoiceContent.Basis(basis)))
        {
            rows.Add(new Dictionary<string, object> { ["Post"] = row.Label, ["Värde"] = row.Value, ["Enhet"] = row.Unit });
            units.Add(row.Unit);
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

        // Kronor with öre and a thousands separator, shares in per cent as on the page, minutes whole; the values stay exact.
        var formats = new Dictionary<string, XlsxFormats.CellFormat>(StringComparer.Ordinal)
        {
            [BasisSheet] = (row, column) => column == 1 && row >= 1 && row <= units.Count ? Unit(units[row - 1]) : XlsxNumberFormat.General,
            [TimeSheet] = (row, column) => column == 2 && row >= 1 ? XlsxNumberFormat.Whole : XlsxNumberFormat.General,
            [CommissionSheet] = (row, column) => row >= 1 ? column switch
            {
                3 => XlsxNumberFormat.Whole,
                4 => XlsxNumberFormat.Kronor,
                _ => XlsxNumberFormat.General,
            } : XlsxNumberFormat.General,
        };
        return XlsxFormats.Apply(stream.ToArray(), formats);
    }

    private static XlsxNumberFormat Unit(string unit) => unit switch
    {
        "kr" => XlsxNumberFormat.Kronor,
        "andel" => XlsxNumberFormat.Share,
        "minuter" or "invånare" => XlsxNumberFormat.Whole,
        _ => XlsxNumberFormat.General,
    };
}
