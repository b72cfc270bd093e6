using System.Globalization;
using CsvHelper;
using SocialJour.Core.Calendar;
using SocialJour.Core.Identity;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;

namespace SocialJour.Modules.Lookup.Endpoints;

/// <summary>
/// The access-log extract as a CSV file for a spreadsheet: UTF-8 with a byte order mark, semicolon-separated as Swedish
/// spreadsheet programs expect, RFC 4180 quoting, and every text field that starts like a formula (= + - @, tab, CR)
/// written with a leading ' so that the spreadsheet shows it as text instead of running it. The writing and the
/// injection protection are CsvHelper's (ADR 0014), not ours.
/// </summary>
internal static class AccessLogCsv
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with
    {
        Separator = ';',
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    private static readonly string[] Header =
        ["Löpnummer", "Tidpunkt", "Typ", "Användare", "Namn", "Personnummer", "Jourärende", "Syfte", "Skäl", "Svar från kommunen", "Tillfrågade kommuner"];

    /// <summary>One row per access into <paramref name="municipalityCode"/>'s records; times in the jour's zone; the user id and its display name at the latest sign-in.</summary>
    public static byte[] Write(IReadOnlyList<AccessRecord> entries, IReadOnlyDictionary<long, string> names, string municipalityCode, TimeZoneInfo zone)
    {
        using var stream = new MemoryStream();
        using (var csv = CsvWriter.Create(stream, Options, leaveOpen: true))
        {
            csv.WriteHeader(Header);
            foreach (var e in entries)
            {
                csv.WriteField(e.Sequence.ToString(CultureInfo.InvariantCulture));
                csv.WriteField(JourClock.ToLocal(e.At, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
                csv.WriteField(AccessLogText.Kind(e.Kind));
                csv.WriteField(e.UserId);
                csv.WriteField(names.GetValueOrDefault(e.Sequence) ?? "");
                csv.WriteField(IdentityNumber.Format(e.PersonId));
                csv.WriteField(e.JourCaseId ?? "");
                csv.WriteField(e.Purpose);
                csv.WriteField(e.Reason ?? "");
                csv.WriteField(AccessLogText.Status(e.Sources.First(s => s.MunicipalityCode == municipalityCode).Status));
                csv.WriteField(string.Join(' ', e.Sources.Select(s => s.MunicipalityCode)));
                csv.EndRecord();
            }
        }

        return stream.ToArray();
    }
}
