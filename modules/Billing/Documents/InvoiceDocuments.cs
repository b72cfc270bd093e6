using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Modules.Billing.Documents;

/// <summary>
/// The invoice basis of one payer (a municipality, or one of its committees) as the documents sent to it: a PDF to read
/// and file, an XLSX to check the figures in (ADR 0024). Both say the same things, in Swedish, from <see cref="InvoiceContent"/>.
/// </summary>
internal static class InvoiceDocuments
{
    public const string PdfContentType = "application/pdf";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static byte[] Pdf(InvoiceBasis basis, string jourName) => InvoicePdf.Render(basis, jourName);

    public static byte[] Xlsx(InvoiceBasis basis, string jourName) => InvoiceXlsx.Render(basis, jourName);

    /// <summary>The document with its ASCII-safe file name, e.g. <c>fakturaunderlag-2021-utfall-0191-socialnamnden.pdf</c>.</summary>
    public static BillingDocument Document(InvoiceBasis basis, string jourName, BillingDocumentFormat format) => format switch
    {
        BillingDocumentFormat.Pdf => new(InvoiceText.FileName(basis, format), PdfContentType, Pdf(basis, jourName)),
        BillingDocumentFormat.Xlsx => new(InvoiceText.FileName(basis, format), XlsxContentType, Xlsx(basis, jourName)),
        _ => throw new SocialJour.Core.ValidationException("format", $"Okänt dokumentformat {format}: välj pdf eller xlsx."),
    };
}
