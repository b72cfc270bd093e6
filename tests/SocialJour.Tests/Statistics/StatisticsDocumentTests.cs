using System.Text;
using MiniExcelLibs;
using SocialJour.Modules.Statistics.Contracts;
using SocialJour.Modules.Statistics.Documents;
using UglyToad.PdfPig;

namespace SocialJour.Tests.Statistics;

/// <summary>
/// The report's files as the people who get them read them: the XLSX in Excel (figures as numbers, "&lt;5" as text, the
/// sheet about the report first), the CSV opened by double-click in a Swedish Excel (BOM, semicolons, decimal comma), the
/// PDF appendix's text, and the charts' SVG (Swedish labels and thousands). The report is built by hand, as the reporter
/// would hand it over, so these tests fail only when the files do.
/// </summary>
public sealed class StatisticsDocumentTests
{
    private const string Jour = "Socialjouren Nordväst";
    private static readonly TimeZoneInfo Stockholm = TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm");

    [Fact]
    public void The_xlsx_has_the_about_sheet_first_then_one_sheet_per_table_with_figures_as_numbers_and_small_counts_as_text()
    {
        var report = StatisticsSamples.Report(suppressed: true);

        var file = StatisticsDocuments.Write(report, StatisticsFormat.Xlsx, Jour, Stockholm);

        Assert.Equal("socialjouren-statistik-2021-01-01--2021-12-10.xlsx", file.FileName);
        using var stream = new MemoryStream(file.Content);
        var sheets = stream.GetSheetNames();
        Assert.Equal(["Om statistiken", "Nyckeltal", "Per kommun", "Kategori per kommun", "Öppettid och beredskap"], sheets);
        var about = Rows(file.Content, "Om statistiken").ToDictionary(r => (string)r["Uppgift"]!, r => r["Värde"]?.ToString());
        Assert.Equal("Bilaga 2: Socialjouren statistik totalt 2021-01-01 – 2021-12-10", about["Rapport"]);
        Assert.Equal(Jour, about["Jour"]);
        Assert.Equal("2021-01-01 – 2021-12-10", about["Period"]);
        Assert.Equal("2019-01-01 – 2019-12-10, 2020-01-01 – 2020-12-10", about["Jämförelseperioder"]);
        Assert.Equal("Hela jouren", about["Kommun"]);
        Assert.Equal("Små tal (färre än 5) visas som <5", about["Små tal"]);
        Assert.Equal("Ärenden per kategori och per kommun", about["Blad Kategori per kommun"]);
        Assert.Equal("2021-12-11 09:05", about["Beräknad"]); // 08:05 UTC is 09:05 in Stockholm in December

        var key = Rows(file.Content, "Nyckeltal");
        var cases = key.Single(r => (string?)r["Nyckeltal"] == "Ärenden");
        Assert.Equal([4983d, 4607d, 5303d], new[] { "2019-01-01 – 2019-12-10", "2020-01-01 – 2020-12-10", "2021-01-01 – 2021-12-10" }.Select(c => cases[c]));
        var share = key.Single(r => (string?)r["Nyckeltal"] == "Andel barn och unga");
        Assert.Equal(47.6d, share["2021-01-01 – 2021-12-10"]);

        var municipalities = Rows(file.Content, "Per kommun");
        var sigtuna = municipalities.Single(r => (string?)r["Kommun"] == "Sigtuna");
        Assert.Equal(812d, sigtuna["Ärenden"]);
        Assert.Equal(120.5d, sigtuna["Timmar"]);
        var bro = municipalities.Single(r => (string?)r["Kommun"] == "Upplands-Bro (ansluten 2021-03-18)");
        Assert.Equal("<5", bro["Ärenden"]); // text, not a number: Excel shows it as the jour wrote it
        Assert.Equal("–", bro["Andel barn och unga"]);
        Assert.Equal(5303d, municipalities.Single(r => (string?)r["Kommun"] == "Totalt")["Ärenden"]);
    }

    [Fact]
    public void The_xlsx_shows_counts_hours_and_shares_with_their_number_formats_and_sets_every_columns_width()
    {
        var report = StatisticsSamples.Report(suppressed: true);

        var xlsx = StatisticsDocuments.Write(report, StatisticsFormat.Xlsx, Jour, Stockholm).Content;

        // Nyckeltal: the rows Ärenden (a count) and Andel barn och unga (a share, already in per cent and cut as in the annual report).
        var cases = XlsxInspection.Find(xlsx, "Nyckeltal", "Ärenden")[1..];
        var share = XlsxInspection.Find(xlsx, "Nyckeltal", "Andel barn och unga")[1..];
        var hours = XlsxInspection.Find(xlsx, "Nyckeltal", "Timmar")[1..];
        Assert.Equal("#,##0", XlsxInspection.Format(xlsx, "Nyckeltal", "D" + cases));
        Assert.Equal("0.0\\ \"%\"", XlsxInspection.Format(xlsx, "Nyckeltal", "D" + share)); // 47.6 shown as "47,6 %", not multiplied
        Assert.Equal("0.0", XlsxInspection.Format(xlsx, "Nyckeltal", "D" + hours));
        Assert.Equal("General", XlsxInspection.Format(xlsx, "Nyckeltal", "A" + cases));
        Assert.Equal(47.6d, Rows(xlsx, "Nyckeltal").Single(r => (string?)r["Nyckeltal"] == "Andel barn och unga")["2021-01-01 – 2021-12-10"]); // the value stays exact

        foreach (var sheet in new MemoryStream(xlsx).GetSheetNames())
        {
            var widths = XlsxInspection.ColumnWidths(xlsx, sheet);
            Assert.Equal(Enumerable.Range(1, XlsxInspection.ColumnCount(xlsx, sheet)), widths.Keys.Order());
            Assert.All(widths.Values, w => Assert.InRange(w, 8, 60));
        }

        Assert.True(XlsxInspection.ColumnWidths(xlsx, "Nyckeltal")[2] >= "2019-01-01 – 2019-12-10".Length, "a column as wide as its heading");
    }

    [Fact]
    public void No_text_in_the_pdf_lies_on_top_of_other_text_also_where_a_wide_table_goes_on_over_a_page_break()
    {
        var report = StatisticsSamples.Report(suppressed: true, manyMunicipalities: 70);

        var file = StatisticsDocuments.Write(report, StatisticsFormat.Pdf, Jour, Stockholm);

        using var document = PdfDocument.Open(file.Content);
        var overlaps = new List<string>();
        foreach (var page in document.GetPages())
        {
            // Letter by letter (a reader's words would merge text drawn on top of other text into one garbled word).
            var letters = page.Letters.Where(l => !string.IsNullOrWhiteSpace(l.Value)).ToList();
            for (var i = 0; i < letters.Count; i++)
            {
                for (var j = i + 1; j < letters.Count; j++)
                {
                    var a = letters[i].BoundingBox;
                    var b = letters[j].BoundingBox;
                    var x = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
                    var y = Math.Min(a.Top, b.Top) - Math.Max(a.Bottom, b.Bottom);
                    if (x > 0 && y > 0 && x * y > 0.3 * Math.Min(a.Width * a.Height, b.Width * b.Height))
                    {
                        overlaps.Add($"sida {page.Number}: '{letters[i].Value}' och '{letters[j].Value}' vid x={a.Left:0}, y={a.Bottom:0}");
                    }
                }
            }
        }

        Assert.True(overlaps.Count == 0, string.Join("\n", overlaps.Take(20)));

        // The category table's headings, repeated on the page where it goes on: each over its own column, side by side.
        var continued = document.GetPages().Skip(1).First(p => Lines(p).Contains("Ärenden per kategori och per kommun", StringComparison.Ordinal)
            || Lines(p).Contains("Våld i", StringComparison.Ordinal));
        var missbruk = continued.GetWords().First(w => w.Text == "Missbruk");
        var headings = continued.GetWords().Where(w => Math.Abs(w.BoundingBox.Bottom - missbruk.BoundingBox.Bottom) < 30 && w.Text is "Barn" or "Missbruk" or "Våld" or "Övrigt").ToList();
        Assert.Equal(4, headings.Count);
        Assert.True(headings.Select(w => Math.Round(w.BoundingBox.Left)).Distinct().Count() == headings.Count, string.Join(", ", headings.Select(w => $"{w.Text}@{w.BoundingBox.Left:0}")));
    }

    [Fact]
    public void The_csv_opens_in_a_swedish_excel_with_a_bom_semicolons_decimal_commas_and_one_block_per_table()
    {
        var report = StatisticsSamples.Report(suppressed: true);

        var file = StatisticsDocuments.Write(report, StatisticsFormat.Csv, Jour, Stockholm);

        Assert.Equal("socialjouren-statistik-2021-01-01--2021-12-10.csv", file.FileName);
        Assert.StartsWith("text/csv", file.ContentType, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, file.Content[..3]);
        var text = new UTF8Encoding(false).GetString(file.Content[3..]);
        var lines = text.Split("\r\n");
        Assert.Equal("Bilaga 2: Socialjouren statistik totalt 2021-01-01 – 2021-12-10", lines[0]);
        Assert.Contains("Jour;Socialjouren Nordväst", lines);
        Assert.Contains("Små tal;Små tal (färre än 5) visas som <5", lines);

        // The key figures: title, headings, rows; numbers without a thousands separator, shares with a decimal comma.
        var block = Array.IndexOf(lines, "Nyckeltal");
        Assert.True(block > 0, text);
        Assert.Equal("Nyckeltal;2019-01-01 – 2019-12-10;2020-01-01 – 2020-12-10;2021-01-01 – 2021-12-10", lines[block + 1]);
        Assert.Equal("Ärenden;4983;4607;5303", lines[block + 2]);
        Assert.Contains("Andel barn och unga;38,4;41,7;47,6", lines);
        Assert.Contains("Timmar;1520,5;1498;1702,3", lines);
        Assert.Contains("Upplands-Bro (ansluten 2021-03-18);<5;<5;0;–;3,5", lines);
        Assert.Contains("Totalt;4100;5303;2527;47,6;1702,3", lines);
        Assert.Contains("Ärenden per kategori och per kommun", lines);
        Assert.Contains("Avtalet med SOS Alarm omfattar 945 samtal under beredskap i perioden: 157 samtal utöver avtalet.", lines);
    }

    [Fact]
    public void The_pdf_is_the_annual_reports_appendix_with_the_key_figures_every_table_and_a_footer_on_every_page()
    {
        var report = StatisticsSamples.Report(suppressed: true, manyMunicipalities: 70);

        var file = StatisticsDocuments.Write(report, StatisticsFormat.Pdf, Jour, Stockholm);

        Assert.Equal("application/pdf", file.ContentType);
        using var document = PdfDocument.Open(file.Content);
        var pages = document.GetPages().Select(Lines).ToList();
        Assert.True(pages.Count >= 3, $"{pages.Count} pages");
        var first = pages[0];
        Assert.Contains("Bilaga 2: Socialjouren statistik totalt 2021-01-01 – 2021-12-10", first, StringComparison.Ordinal);
        Assert.Contains(Jour, first, StringComparison.Ordinal);
        Assert.Contains("Ärenden 4 983 4 607 5 303", first, StringComparison.Ordinal);
        Assert.Contains("Andel barn och unga 38,4 % 41,7 % 47,6 %", first, StringComparison.Ordinal);
        var all = string.Join("\n", pages);
        Assert.True(all.IndexOf("Nyckeltal", StringComparison.Ordinal) < all.IndexOf("Ärenden per kommun", StringComparison.Ordinal), "key figures first");
        Assert.Contains("Upplands-Bro (ansluten 2021-03-18) <5 <5 0 – 3,5", all, StringComparison.Ordinal);
        Assert.Contains("Totalt 4 100 5 303 2 527 47,6 % 1 702,3", all, StringComparison.Ordinal);
        Assert.Contains("Kommun 70", all, StringComparison.Ordinal); // the long table went on over a page break
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains($"Sida {i + 1} av {pages.Count}", pages[i], StringComparison.Ordinal);
            Assert.Contains("Små tal (färre än 5) visas som <5", pages[i], StringComparison.Ordinal);
        }

        // The municipality table broke across pages: its column headings are repeated on the next page.
        var continued = pages.Skip(1).First(p => p.Contains("Kommun 40", StringComparison.Ordinal) || p.Contains("Kommun 60", StringComparison.Ordinal));
        Assert.Contains("Kommun Kontakter Ärenden", continued, StringComparison.Ordinal);
        // The charts are pictures in the document.
        Assert.True(document.GetPages().Sum(p => p.GetImages().Count()) >= report.Charts.Count);
    }

    [Fact]
    public void A_municipality_view_is_named_with_its_code()
    {
        var report = StatisticsSamples.Report(suppressed: true) with
        {
            MunicipalityCode = "0191",
            MunicipalityName = "Sigtuna",
            Period = new StatisticsPeriod(new DateOnly(2021, 1, 1), new DateOnly(2021, 12, 31), "2021"),
        };

        var xlsx = StatisticsDocuments.Write(report, StatisticsFormat.Xlsx, Jour, Stockholm);
        var pdf = StatisticsDocuments.Write(report, StatisticsFormat.Pdf, Jour, Stockholm);

        Assert.Equal("socialjouren-statistik-2021-0191.xlsx", xlsx.FileName);
        Assert.Equal("socialjouren-statistik-2021-0191.pdf", pdf.FileName);
        using var document = PdfDocument.Open(pdf.Content);
        Assert.Contains("Socialjouren Nordväst – Sigtuna (0191)", Lines(document.GetPage(1)), StringComparison.Ordinal);
    }

    [Fact]
    public void Each_chart_is_an_svg_with_swedish_labels_and_thousands_and_an_unknown_chart_is_null()
    {
        var report = StatisticsSamples.Report(suppressed: false);

        foreach (var chart in report.Charts)
        {
            var svg = StatisticsDocuments.ChartSvg(report, chart.Key);
            Assert.NotNull(svg);
            Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
            Assert.Contains($"<title>{chart.Title}</title>", svg, StringComparison.Ordinal);
            Assert.Contains("viewBox=\"0 0 800 400\"", svg, StringComparison.Ordinal);
            Assert.DoesNotContain(" id=\"cl", svg, StringComparison.Ordinal); // ids carry the chart's key: several charts on one page
        }

        var byPeriod = Texts(StatisticsDocuments.ChartSvg(report, "cases-by-period")!);
        Assert.Contains("4\u00a0983", byPeriod); // the bar's figure, Swedish thousands
        Assert.Contains("Barn och unga", byPeriod);
        Assert.Contains("2021-01-01 – 2021-12-10", byPeriod);
        Assert.Contains(byPeriod, t => t.Contains("\u00a0000", StringComparison.Ordinal)); // a tick such as "5 000"
        var byMunicipality = Texts(StatisticsDocuments.ChartSvg(report, "cases-by-municipality")!);
        Assert.Contains("Upplands-Bro (ansluten 2021-03-18)", byMunicipality);
        Assert.Contains("Äldre/funktionsnedsättning", Texts(StatisticsDocuments.ChartSvg(report, "cases-by-category")!));
        Assert.Null(StatisticsDocuments.ChartSvg(report, "finns-inte"));
    }

    /// <summary>The text elements of an SVG, decoded (ScottPlot writes each label as one &lt;text&gt;).</summary>
    internal static List<string> Texts(string svg) => System.Text.RegularExpressions.Regex.Matches(svg, "<text[^>]*>([^<]*)</text>")
        .Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Trim()).ToList();

    private static List<IDictionary<string, object?>> Rows(byte[] xlsx, string sheet)
    {
        using var stream = new MemoryStream(xlsx);
        return stream.Query(useHeaderRow: true, sheetName: sheet).Cast<IDictionary<string, object?>>().ToList();
    }

    /// <summary>A page's text as a reader sees it: words on one baseline joined by a space, lines top to bottom, no-break spaces as spaces.</summary>
    internal static string Lines(UglyToad.PdfPig.Content.Page page) => string.Join("\n", page.GetWords()
        .GroupBy(w => Math.Round(w.Letters[0].StartBaseLine.Y))
        .OrderByDescending(g => g.Key)
        .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))))
        .Replace('\u00a0', ' ');
}
