using System.Globalization;
using System.Text.RegularExpressions;
using MiniExcelLibs;
using SocialJour.Modules.Billing.Contracts;
using SocialJour.Modules.Billing.Documents;
using UglyToad.PdfPig;

namespace SocialJour.Tests.Billing;

/// <summary>
/// The invoice basis a municipality receives, as PDF and XLSX, read back as a controller would: every basis of its line,
/// the totals of the time per case and of the commissions, a credit shown as one, a draft marked as one, no identity numbers.
/// </summary>
public sealed partial class InvoiceDocumentTests
{
    private const string Jour = "Socialjouren Nordväst";

    /// <summary>Sigtuna's outcome 2021, approved: the year's amount is lower than what July invoiced, so it is a credit.</summary>
    private static readonly InvoiceBasis Approved = new(
        new BillingSplit(
            Year: 2021, Period: BillingPeriodKind.Outcome, PeriodName: "Utfall (januarifakturan)", Model: BillingModelKind.PopulationAndTime,
            Version: 1, Locked: true, ApprovedBy: "erik", ApprovedAt: new DateTimeOffset(2022, 1, 20, 14, 3, 0, TimeSpan.FromHours(1)),
            CorrectionReason: null, Cost: 8_966_000m, CostVersion: 2, PopulationYear: 2020,
            TimeFrom: new DateOnly(2021, 1, 1), TimeTo: new DateOnly(2021, 12, 31), PopulationPart: 4_483_000m, TimePart: 4_483_000m,
            AdministrativeFeeRate: 0.05m, CommissionRevenue: 0m, FeesInvoiced: 0m, Deficit: 0m, Payers: [], Total: -13_345.67m,
            Notes: ["Utfallet är 757 000,00 kr lägre än budgeten: överskottet krediteras."]),
        new PayerSplit(
            MunicipalityCode: "0191", MunicipalityName: "Sigtuna", Committee: "Socialnämnden", CommitteeShare: 1m,
            Population: 50_273, MemberDays: 365, DaysInYear: 365, PopulationShare: 0.171204m, PopulationAmount: 767_500.00m,
            Minutes: 185, TimeShare: 0.1m, TimeAmount: 448_300.00m, Commissions: 2, CommissionAmount: 0m, DeficitAmount: 0m,
            Amount: 1_215_800.00m, AdministrativeFee: 60_790.00m, PreviouslyInvoiced: 1_289_935.67m, ToInvoice: -13_345.67m),
        [
            new InvoiceTimeLine("J77", new DateOnly(2021, 11, 30), 80, false),
            new InvoiceTimeLine("J12", new DateOnly(2021, 3, 4), 60, false),
            new InvoiceTimeLine("J40", new DateOnly(2021, 7, 19), 45, true),
        ],
        [
            new InvoiceCommissionLine(8, "PhoneSupport", new DateOnly(2021, 9, 10), 30, 2_400m),
            new InvoiceCommissionLine(3, "HomeVisit", new DateOnly(2021, 5, 2), 90, 5_000m),
        ]);

    private static readonly InvoiceBasis Draft = Approved with
    {
        Split = Approved.Split with { Version = null, Locked = false, ApprovedBy = null, ApprovedAt = null },
    };

    [Fact]
    public void The_pdf_shows_the_payer_every_basis_and_the_credit_as_text_a_reader_can_extract()
    {
        var text = PdfText(InvoiceDocuments.Pdf(Approved, Jour));

        Assert.Contains("Fakturaunderlag 2021: Utfall (januarifakturan)", text, StringComparison.Ordinal);
        Assert.Contains(Jour, text, StringComparison.Ordinal); // å ä ö survive the embedded font
        Assert.Contains("Sigtuna (0191), Socialnämnden", text, StringComparison.Ordinal);
        Assert.Contains("Godkänd version 1 den 2022-01-20 14:03 av erik", text, StringComparison.Ordinal);
        Assert.Contains("Befolkning 31 december 2020 50 273", text, StringComparison.Ordinal);
        Assert.Contains("Medlemsdagar 2021 365 av 365", text, StringComparison.Ordinal);
        Assert.Contains("Befolkningsandel 17,1204 %", text, StringComparison.Ordinal);
        Assert.Contains("Befolkningsdel (andel av 4 483 000,00 kr efter folkmängd) 767 500,00 kr", text, StringComparison.Ordinal);
        Assert.Contains("Tid på kommunens ärenden 2021-01-01–2021-12-31 185 min (3,08 h)", text, StringComparison.Ordinal);
        Assert.Contains("Tidsdel (andel av 4 483 000,00 kr efter tid) 448 300,00 kr", text, StringComparison.Ordinal);
        Assert.Contains("Belopp 1 215 800,00 kr", text, StringComparison.Ordinal);
        Assert.Contains("Administrativ avgift (5 %) 60 790,00 kr", text, StringComparison.Ordinal);
        Assert.Contains("Tidigare fakturerat 1 289 935,67 kr", text, StringComparison.Ordinal);
        Assert.Contains("Kreditering (att betala tillbaka till kommunen) -13 345,67 kr", text, StringComparison.Ordinal);
        Assert.Contains("Kreditering: 13 345,67 kr betalas tillbaka till Sigtuna (0191), Socialnämnden.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Att fakturera", text, StringComparison.Ordinal);
        Assert.Contains("Utfallet är 757 000,00 kr lägre än budgeten", text, StringComparison.Ordinal);
        Assert.DoesNotContain("UTKAST", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pdf_lists_the_time_per_case_and_the_commissions_with_totals_that_add_up()
    {
        var text = PdfText(InvoiceDocuments.Pdf(Approved, Jour));

        Assert.Matches(@"J12 2021-03-04 60 Nej\s+J40 2021-07-19 45 Ja\s+J77 2021-11-30 80 Nej", text); // by date
        Assert.Contains("Summa (3 rader) 185 3,08 h", text, StringComparison.Ordinal);
        Assert.Matches(@"3 Hembesök \(tillsyn\) 2021-05-02 90 5 000,00 kr\s+8 Telefonstöd 2021-09-10 30 2 400,00 kr", text);
        Assert.Contains("Summa (2 st) 120 7 400,00 kr", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(IdentityNumber(), text);
    }

    [Fact]
    public void A_draft_pdf_is_marked_as_not_approved_on_every_page()
    {
        // Enough time lines for several pages.
        var many = Draft with { Time = [.. Enumerable.Range(1, 150).Select(i => new InvoiceTimeLine("J" + i, new DateOnly(2021, 1, 1).AddDays(i), 30, false))] };

        using var pdf = PdfDocument.Open(InvoiceDocuments.Pdf(many, Jour));

        Assert.True(pdf.NumberOfPages >= 3, $"{pdf.NumberOfPages} sidor");
        Assert.All(pdf.GetPages(), page => Assert.Contains("UTKAST – ej godkänd", Lines(page), StringComparison.Ordinal));
        var text = string.Join("\n", pdf.GetPages().Select(Lines));
        Assert.Contains("Summa (150 rader) 4 500 75,00 h", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Godkänd version", text, StringComparison.Ordinal);
        Assert.Contains($"Sida {pdf.NumberOfPages} av {pdf.NumberOfPages}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_invoice_basis_names_the_recipients_organisation_number_and_reference_the_payment_terms_and_the_jours_contact()
    {
        var basis = Approved with { Terms = new InvoiceTerms("212000-0910", "Socialnämnden, ansvar 4100", 30, "Enhetschef Eva Lund, 08-591 260 00, jour@sigtuna.example") };

        var text = PdfText(InvoiceDocuments.Pdf(basis, Jour));
        var rows = Rows(InvoiceDocuments.Xlsx(basis, Jour), "Underlag").ToDictionary(r => (string)r["Post"]!, r => r["Värde"]);

        foreach (var expected in new[] { "212000-0910", "Socialnämnden, ansvar 4100", "30 dagar netto", "Enhetschef Eva Lund" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }

        Assert.Equal(("212000-0910", "30 dagar netto"), ((string)rows["Mottagarens organisationsnummer"]!, (string)rows["Betalningsvillkor"]!));
    }

    [Fact]
    public void The_workbook_has_the_bases_the_time_and_the_commissions_as_numbers_with_their_totals()
    {
        var xlsx = InvoiceDocuments.Xlsx(Approved, Jour);
        using var stream = new MemoryStream(xlsx);

        Assert.Equal(["Underlag", "Tid", "Uppdrag"], stream.GetSheetNames());
        var basis = Rows(xlsx, "Underlag").ToDictionary(r => (string)r["Post"]!, r => r["Värde"]);
        Assert.Equal("Godkänd version 1 den 2022-01-20 14:03 av erik", basis["Status"]);
        Assert.Equal("ej angivet i konfigurationen (Billing.Invoicing)", basis["Betalningsvillkor"]);
        Assert.Equal(50_273m, Number(basis["Befolkning 31 december 2020"]));
        Assert.Equal(0.171204m, Number(basis["Befolkningsandel"]));
        Assert.Equal(767_500.00m, Number(basis["Befolkningsdel (andel av 4\u00a0483\u00a0000,00 kr efter folkmängd)"]));
        Assert.Equal(185m, Number(basis["Tid på kommunens ärenden 2021-01-01–2021-12-31"]));
        Assert.Equal(60_790.00m, Number(basis["Administrativ avgift (5 %)"]));
        Assert.Equal(1_289_935.67m, Number(basis["Tidigare fakturerat"]));
        Assert.Equal(-13_345.67m, Number(basis["Kreditering (att betala tillbaka till kommunen)"]));

        var time = Rows(xlsx, "Tid");
        Assert.Equal(["J12", "J40", "J77", "Summa"], time.Select(r => (string)r["Ärende"]!));
        Assert.Equal(time[..^1].Sum(r => Number(r["Minuter"])), Number(time[^1]["Minuter"]));
        Assert.Equal(185m, Number(time[^1]["Minuter"]));

        var commissions = Rows(xlsx, "Uppdrag");
        Assert.Equal(["Hembesök (tillsyn)", "Telefonstöd", "2 st"], commissions.Select(r => (string)r["Typ"]!));
        Assert.Equal(7_400m, Number(commissions[^1]["Pris (kr)"]));
        Assert.Equal(commissions[..^1].Sum(r => Number(r["Pris (kr)"])), Number(commissions[^1]["Pris (kr)"]));

        // Excel shows kronor with öre and a thousands separator, shares in per cent as on the page, minutes whole; every column has a width.
        Assert.Equal("#,##0.00", XlsxInspection.Format(xlsx, "Underlag", ValueOf(xlsx, "Tidigare fakturerat")));
        Assert.Equal("#,##0.00", XlsxInspection.Format(xlsx, "Underlag", ValueOf(xlsx, "Kreditering (att betala tillbaka till kommunen)")));
        Assert.Equal("0.0000%", XlsxInspection.Format(xlsx, "Underlag", ValueOf(xlsx, "Befolkningsandel")));
        Assert.Equal("#,##0", XlsxInspection.Format(xlsx, "Underlag", ValueOf(xlsx, "Befolkning 31 december 2020")));
        Assert.Equal("General", XlsxInspection.Format(xlsx, "Underlag", ValueOf(xlsx, "Status")));
        Assert.Equal("#,##0", XlsxInspection.Format(xlsx, "Tid", "C2"));
        Assert.Equal("#,##0.00", XlsxInspection.Format(xlsx, "Uppdrag", "E2"));
        foreach (var sheet in new[] { "Underlag", "Tid", "Uppdrag" })
        {
            var widths = XlsxInspection.ColumnWidths(xlsx, sheet);
            Assert.Equal(Enumerable.Range(1, XlsxInspection.ColumnCount(xlsx, sheet)), widths.Keys.Order());
            Assert.All(widths.Values, w => Assert.InRange(w, 8, 60));
        }

        Assert.True(XlsxInspection.ColumnWidths(xlsx, "Underlag")[1] > 30, "the column of the long labels is wide");

        var everything = string.Join("\n", new[] { "Underlag", "Tid", "Uppdrag" }.SelectMany(s => Rows(xlsx, s)).SelectMany(r => r.Values).Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
        Assert.DoesNotMatch(IdentityNumber(), everything);
    }

    [Fact]
    public void A_draft_workbook_says_so_in_its_status()
    {
        var basis = Rows(InvoiceDocuments.Xlsx(Draft, Jour), "Underlag").ToDictionary(r => (string)r["Post"]!, r => r["Värde"]);

        Assert.Equal("UTKAST – ej godkänd", basis["Status"]);
        Assert.False(basis.ContainsKey("Version"));
    }

    [Fact]
    public void A_positive_amount_is_to_be_invoiced_not_credited()
    {
        var owing = Approved with { Payer = Approved.Payer with { PreviouslyInvoiced = 1_000_000m, ToInvoice = 276_590m } };

        var text = PdfText(InvoiceDocuments.Pdf(owing, Jour));

        Assert.Contains("Att fakturera 276 590,00 kr", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Kreditering", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_end_basis_of_a_committee_shows_its_share_the_commissions_and_the_deficit_not_time()
    {
        var syd = new InvoiceBasis(
            Approved.Split with
            {
                Year = 2020, Period = BillingPeriodKind.YearEnd, PeriodName = "Årsavslut: uppdrag och underskott/överskott",
                Model = BillingModelKind.PopulationFeeCommissionsDeficit, Cost = 3_542_000m, AdministrativeFeeRate = 0m,
                CommissionRevenue = 117_000m, FeesInvoiced = 3_150_000m, Deficit = 275_000m, Notes = [],
            },
            Approved.Payer with
            {
                MunicipalityCode = "1287", MunicipalityName = "Trelleborg", Committee = "Arbetsmarknadsnämnden", CommitteeShare = 0.5m,
                Population = 45_000, Commissions = 2, CommissionAmount = 7_400m, DeficitAmount = 15_250.50m, PopulationAmount = 0m,
                Amount = 22_650.50m, AdministrativeFee = 0m, PreviouslyInvoiced = 0m, ToInvoice = 22_650.50m,
            },
            [],
            Approved.Commissions);

        var text = PdfText(InvoiceDocuments.Pdf(syd, "Sociala jouren syd"));

        Assert.Matches(@"Fakturaunderlag 2020: Årsavslut: uppdrag och\s+underskott/överskott", text); // a long title wraps
        Assert.Contains("Trelleborg (1287), Arbetsmarknadsnämnden", text, StringComparison.Ordinal);
        Assert.Contains("Nämndens andel av kommunens belopp 50,0000 %", text, StringComparison.Ordinal);
        Assert.Contains("Uppdrag enligt prislistan 7 400,00 kr", text, StringComparison.Ordinal);
        Assert.Contains("Jourens underskott (+) eller överskott (-) totalt 275 000,00 kr", text, StringComparison.Ordinal);
        Assert.Contains("Andel av underskott (+) eller överskott (-) 15 250,50 kr", text, StringComparison.Ordinal);
        Assert.Contains("Att fakturera 22 650,50 kr", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tidsandel", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Administrativ avgift", text, StringComparison.Ordinal);
        Assert.Equal("fakturaunderlag-2020-bokslut-1287-arbetsmarknadsnamnden.pdf", InvoiceText.FileName(syd, BillingDocumentFormat.Pdf));
    }

    [Fact]
    public void The_document_has_an_ascii_file_name_naming_year_period_municipality_and_committee()
    {
        var pdf = InvoiceDocuments.Document(Approved, Jour, BillingDocumentFormat.Pdf);
        var xlsx = InvoiceDocuments.Document(Approved with { Payer = Approved.Payer with { Committee = "Arbetsmarknadsnämnden" } }, Jour, BillingDocumentFormat.Xlsx);

        Assert.Equal("fakturaunderlag-2021-utfall-0191-socialnamnden.pdf", pdf.FileName);
        Assert.Equal("application/pdf", pdf.ContentType);
        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(pdf.Content, 0, 5), StringComparison.Ordinal);
        Assert.Equal("fakturaunderlag-2021-utfall-0191-arbetsmarknadsnamnden.xlsx", xlsx.FileName);
        Assert.Equal("fakturaunderlag-2020-bokslut-1287.pdf", InvoiceText.FileName(Approved with
        {
            Split = Approved.Split with { Year = 2020, Period = BillingPeriodKind.YearEnd },
            Payer = Approved.Payer with { MunicipalityCode = "1287", Committee = "" },
        }, BillingDocumentFormat.Pdf));
    }

    [Fact]
    public void Amounts_are_written_the_Swedish_way()
    {
        Assert.Equal("1\u00a0234\u00a0567,89 kr", InvoiceText.Kr(1_234_567.89m));
        Assert.Equal("-13\u00a0345,67 kr", InvoiceText.Kr(-13_345.67m));
        Assert.Equal("0,00 kr", InvoiceText.Kr(0m));
    }

    [Fact]
    public void Without_a_font_the_error_says_which_package_to_install()
    {
        var empty = Directory.CreateTempSubdirectory("socialjour-fonts-").FullName;
        try
        {
            var e = Assert.Throws<InvalidOperationException>(() => SocialJour.Core.Documents.PdfFonts.Find([empty]));

            Assert.Contains("DejaVu Sans", e.Message, StringComparison.Ordinal);
            Assert.Contains(empty, e.Message, StringComparison.Ordinal);
            Assert.Contains("fonts-dejavu-core", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return string.Join("\n", document.GetPages().Select(Lines));
    }

    /// <summary>
    /// A page's text as a reader sees it: words on the same baseline joined by a space, lines top to bottom, the no-break
    /// spaces of amounts read as spaces.
    /// </summary>
    private static string Lines(UglyToad.PdfPig.Content.Page page) => string.Join("\n", page.GetWords()
        .GroupBy(w => Math.Round(w.Letters[0].StartBaseLine.Y))
        .OrderByDescending(g => g.Key)
        .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))))
        .Replace('\u00a0', ' ');

    private static List<IDictionary<string, object?>> Rows(byte[] xlsx, string sheet)
    {
        using var stream = new MemoryStream(xlsx);
        return stream.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
    }

    /// <summary>A number cell (MiniExcel reads it as a double); a text cell fails the test.</summary>
    private static decimal Number(object? cell) => cell is double d ? Math.Round((decimal)d, 6) : throw new Xunit.Sdk.XunitException($"Cellen är inte ett tal: {cell} ({cell?.GetType().Name})");

    [GeneratedRegex(@"\b(\d{2})?\d{6}[-+]?\d{4}\b")]
    private static partial Regex IdentityNumber();

    /// <summary>The reference of the value cell (column B) on the basis sheet's row labelled <paramref name="label"/>.</summary>
    private static string ValueOf(byte[] xlsx, string label) => "B" + XlsxInspection.Find(xlsx, "Underlag", label)[1..];
}
