using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SocialJour.Core.Lookup;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// A report's text (<see cref="TextKind.Report"/>: words, at least <see cref="FreeText.MinReportLength"/> and at most
/// <see cref="FreeText.MaxReportLength"/> characters, no control or bidi characters): what happened, what the jour did, what to
/// follow up; delivered as a plain text naming the jour, the recipient, the case and the report's idempotency key.
/// </summary>
internal static class ReportText
{
    public static string Check(string? text) => FreeText.Required("text", "Rapporten", text, TextKind.Report,
        $"Skriv rapporten (minst {FreeText.MinReportLength} tecken): vad som hänt, vad jouren gjort och vad som behöver följas upp.");

    /// <summary>The key a receiver de-duplicates on: the same for every attempt and channel of one report, different for any other report.</summary>
    /// <remarks>Id, time written and a hash of recipient and text: a database restored from backup, which reuses ids, still gives new keys.</remarks>
    public static string IdempotencyKey(string caseId, long reportId, DateTimeOffset writtenAt, string municipalityCode, string text) =>
        $"socialjour-{caseId}-{reportId.ToString(CultureInfo.InvariantCulture)}-{writtenAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}-" +
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(municipalityCode + "\n" + text)))[..12];

    /// <summary>The report as a file or e-mail body (CRLF lines, times in UTC).</summary>
    public static string Render(string jourName, string municipalityName, string municipalityCode, string caseId, string key, DateTimeOffset writtenAt, string writtenBy, string text) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Rapport från {jourName}\r\nTill: {municipalityName} ({municipalityCode})\r\nÄrende: {caseId}\r\nRapport-id: {key}\r\nSkriven: {writtenAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC av {writtenBy}\r\n\r\n{text}\r\n");
}
