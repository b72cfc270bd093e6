using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;
using SocialJour.Core.Documents;
using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Documents;

/// <summary>
/// The report's charts, drawn with ScottPlot 5 from the report's own tables (so a chart never says more than its table:
/// a suppressed cell is an empty bar labelled "&lt;5"): SVG for the page and the API, PNG for the PDF. Swedish labels,
/// Swedish thousands on the ticks, each bar labelled with its figure, two colours that keep at least 4.5:1 against white
/// (WCAG 1.4.11 asks 3:1 for graphics) and differ for red–green colour blindness (dark blue, burnt orange). The font is the
/// PDFs' (<see cref="PdfFonts"/>): SkiaSharp without fontconfig finds none by itself.
/// </summary>
internal static partial class StatisticsCharts
{
    public const int Width = 800;

    /// <summary>The least height; a horizontal chart grows with its rows (a national host's 290 municipalities stay apart).</summary>
    public const int Height = 400;

    private const int MaxHeight = 3200;

    /// <summary>Dark blue (9.2:1 on white) and burnt orange (5.2:1 on white).</summary>
    private static readonly Color[] Palette = [Color.FromHex("#1f4e79"), Color.FromHex("#b4460a")];

    private static readonly Color Ink = Color.FromHex("#1f2937");

    /// <summary>ScottPlot keeps static font caches; charts are drawn one at a time (a few milliseconds each).</summary>
    private static readonly Lock Drawing = new();

    private static readonly Lazy<string> FontFamily = new(() =>
    {
        var resolver = new ChartFonts();
        Fonts.FontResolvers.Add(resolver);
        return ChartFonts.Family;
    });

    /// <summary>The chart as an SVG document (ids prefixed with the chart's key, so several can sit on one page), or null for an unknown key.</summary>
    public static string? Svg(StatisticsReport report, string chartKey)
    {
        var chart = report.Charts.FirstOrDefault(c => string.Equals(c.Key, chartKey, StringComparison.Ordinal));
        if (chart is null)
        {
            return null;
        }

        string svg;
        int height;
        lock (Drawing)
        {
            if (Build(report, chart) is not var (plot, h))
            {
                return null;
            }

            height = h;
            svg = plot.GetSvgXml(Width, height);
        }

        svg = IdPattern().Replace(svg, m => $"{m.Groups[1].Value}{chart.Key}-{m.Groups[2].Value}");
        // Scalable (the page sets the width), with its title for a reader who opens the file by itself.
        var root = svg.IndexOf("<svg", StringComparison.Ordinal);
        var close = svg.IndexOf('>', root);
        var head = svg[root..close].Replace($"width=\"{Width}\" height=\"{height}\"", $"viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\"", StringComparison.Ordinal);
        return head + ">" + $"<title>{System.Security.SecurityElement.Escape(chart.Title)}</title>" + svg[(close + 1)..];
    }

    /// <summary>The chart as PNG at twice the SVG's resolution (for print) with its size in SVG pixels, or null for an unknown key.</summary>
    public static (byte[] Png, int Width, int Height)? Png(StatisticsReport report, StatisticsChart chart)
    {
        lock (Drawing)
        {
            if (Build(report, chart) is not var (plot, height))
            {
                return null;
            }

            plot.ScaleFactor = 2;
            return (plot.GetImage(Width * 2, height * 2).GetImageBytes(ImageFormat.Png), Width, height);
        }
    }

    private static (Plot Plot, int Height)? Build(StatisticsReport report, StatisticsChart chart)
    {
        var table = report.Tables.FirstOrDefault(t => string.Equals(t.Key, chart.TableKey, StringComparison.Ordinal));
        if (table is null)
        {
            return null;
        }

        return chart.Key switch
        {
            // Cases and child cases per period (the business plan's comparison).
            "cases-by-period" => Bars(chart, table.Columns, [Series(table, "cases", 0), Series(table, "child-cases", 1)], horizontal: false),
            // Cases and child cases per municipality, one bar pair per row of the table.
            "cases-by-municipality" => Bars(chart, table.Rows.Select(r => r.Label).ToList(), [Column(table, "Ärenden", 1), Column(table, "Barn och unga", 2)], horizontal: true),
            // Cases per category for the whole jour: the table's total row.
            "cases-by-category" => Bars(chart, table.Columns, [new("Ärenden", (table.Total ?? Sum(table)).Cells.Take(table.Columns.Count).ToList())], horizontal: true),
            // Open hours against standby: Kontakter, Ärenden, SOS-samtal, Timmar.
            "jour-mode" => Bars(chart, table.Rows.Select(r => r.Label).ToList(), [ColumnOf(table, 0), ColumnOf(table, 1)], horizontal: false),
            _ => Bars(chart, table.Rows.Select(r => r.Label).ToList(), [ColumnOf(table, 0)], horizontal: true),
        };
    }

    private sealed record BarSeries(string Name, IReadOnlyList<StatisticsCell?> Cells);

    private static BarSeries Series(StatisticsTable table, string rowKey, int fallbackIndex)
    {
        var row = table.Rows.FirstOrDefault(r => r.Key == rowKey) ?? table.Rows.ElementAtOrDefault(fallbackIndex);
        return new(row?.Label ?? rowKey, row?.Cells.Select(c => (StatisticsCell?)c).ToList() ?? []);
    }

    private static BarSeries Column(StatisticsTable table, string name, int fallbackIndex)
    {
        var index = table.Columns.ToList().IndexOf(name);
        return ColumnOf(table, index >= 0 ? index : fallbackIndex);
    }

    private static BarSeries ColumnOf(StatisticsTable table, int index) =>
        new(table.Columns.ElementAtOrDefault(index) ?? "", table.Rows.Select(r => r.Cells.ElementAtOrDefault(index)).ToList());

    private static StatisticsRow Sum(StatisticsTable table) => new("total", "Totalt", table.Columns.Select((_, i) =>
    {
        var sum = table.Rows.Sum(r => r.Cells.ElementAtOrDefault(i)?.Value ?? 0m);
        return new StatisticsCell(StatisticsValueKind.Count, sum, DocumentText.Whole((double)sum));
    }).ToList());

    private static (Plot, int) Bars(StatisticsChart chart, IReadOnlyList<string> categories, IReadOnlyList<BarSeries> series, bool horizontal)
    {
        var plot = new Plot();
        plot.Font.Set(FontFamily.Value);
        var group = series.Count + 1; // a gap of one bar between the groups
        var bars = new List<(Bar Bar, int Series)>();
        var ticks = new List<Tick>();
        for (var c = 0; c < categories.Count; c++)
        {
            var start = (horizontal ? categories.Count - 1 - c : c) * group;
            for (var s = 0; s < series.Count; s++)
            {
                var cell = series[s].Cells.ElementAtOrDefault(c);
                var position = start + (horizontal ? series.Count - 1 - s : s);
                bars.Add((new Bar
                {
                    Position = position,
                    Value = (double)(cell?.Value ?? 0m),
                    FillColor = Palette[s % Palette.Length],
                    LineWidth = 0,
                    Label = cell?.Display ?? "",
                    Size = 0.9,
                }, s));
            }

            ticks.Add(new Tick(start + (series.Count - 1) / 2.0, categories[c], isMajor: true));
        }

        var plottable = plot.Add.Bars(bars.Select(b => b.Bar).ToList());
        plottable.Horizontal = horizontal;
        plottable.ValueLabelStyle.FontName = FontFamily.Value;
        plottable.ValueLabelStyle.FontSize = 12;
        plottable.ValueLabelStyle.ForeColor = Ink;

        var categoryAxis = horizontal ? (IAxis)plot.Axes.Left : plot.Axes.Bottom;
        var valueAxis = horizontal ? (IAxis)plot.Axes.Bottom : plot.Axes.Left;
        categoryAxis.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        categoryAxis.MajorTickStyle.Length = 0;
        valueAxis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = DocumentText.Whole, IntegerTicksOnly = true };
        foreach (var axis in new[] { categoryAxis, valueAxis })
        {
            axis.TickLabelStyle.FontName = FontFamily.Value;
            axis.TickLabelStyle.FontSize = 13;
            axis.TickLabelStyle.ForeColor = Ink;
        }

        plot.Title(chart.Title, size: 16);
        plot.Axes.Title.Label.FontName = FontFamily.Value;
        plot.Axes.Title.Label.ForeColor = Ink;
        if (horizontal)
        {
            plot.Axes.Margins(left: 0, right: 0.12, bottom: 0.03, top: 0.03);
        }
        else
        {
            plot.Axes.Margins(bottom: 0, top: 0.12, left: 0.03, right: 0.03);
        }

        if (series.Count > 1)
        {
            plot.Legend.IsVisible = true;
            plot.Legend.FontName = FontFamily.Value;
            plot.Legend.FontSize = 13;
            plot.Legend.Alignment = Alignment.UpperRight;
            for (var s = 0; s < series.Count; s++)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = Palette[s % Palette.Length] });
            }

            plot.ShowLegend(Edge.Bottom);
        }

        var height = horizontal ? Math.Clamp(110 + (categories.Count * group * 13), Height, MaxHeight) : Height;
        return (plot, height);
    }

    /// <summary>id="x" and url(#x) in ScottPlot's SVG (its clip paths).</summary>
    [GeneratedRegex("(id=\"|url\\(#)([^\")]+)")]
    private static partial Regex IdPattern();

    /// <summary>ScottPlot's font resolver: the PDFs' font (DejaVu Sans or Liberation Sans), regular and bold.</summary>
    private sealed class ChartFonts : IFontResolver
    {
        public const string Family = "SocialJour Sans";

        private readonly Lazy<SKTypeface> _regular = new(() => Load(bold: false));
        private readonly Lazy<SKTypeface> _bold = new(() => Load(bold: true));

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
            string.Equals(fontName, Family, StringComparison.Ordinal) ? (bold ? _bold.Value : _regular.Value) : null;

        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, (int)weight >= (int)FontWeight.SemiBold, slant != FontSlant.Upright);

        private static SKTypeface Load(bool bold)
        {
            PdfFonts.Ensure();
            var face = PdfFonts.Instance.ResolveTypeface(PdfFonts.Family, bold, false)!.FaceName;
            var bytes = PdfFonts.Instance.GetFont(face) ?? throw new InvalidOperationException("Typsnittet för diagrammen saknas.");
            return SKTypeface.FromData(SKData.CreateCopy(bytes)) ?? throw new InvalidOperationException("Typsnittet för diagrammen kunde inte läsas.");
        }
    }
}
