using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Documents;

/// <summary>The report's files (XLSX, CSV, the PDF appendix "Bilaga 2: Socialjouren statistik totalt") and its charts (SVG, PNG for the PDF).</summary>
internal static class StatisticsDocuments
{
    public static StatisticsFile Write(StatisticsReport report, StatisticsFormat format, string jourName)
    {
        _ = report;
        _ = format;
        _ = jourName;
        throw new NotImplementedException("Helper 'outputs' implements this.");
    }

    public static string? ChartSvg(StatisticsReport report, string chartKey)
    {
        _ = report;
        _ = chartKey;
        throw new NotImplementedException("Helper 'outputs' implements this.");
    }
}
