using System.Text.Json;
using SocialJour.Core.Identity;

namespace SocialJour.Tests;

public sealed class IdentityNumberTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    public static TheoryData<string, bool, string> ReferenceVectors()
    {
        var data = new TheoryData<string, bool, string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in new[] { "list.json", "interim.json" })
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.Shared, "reference", "personnummer", file)));
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                foreach (var format in new[] { "long_format", "separated_format", "separated_long", "short_format" })
                {
                    var input = e.GetProperty(format).GetString()!;
                    if (seen.Add(input))
                    {
                        data.Add(input, e.GetProperty("valid").GetBoolean(), e.GetProperty("type").GetString()!);
                    }
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceVectors))]
    public void Reference_vectors_are_accepted_or_rejected_as_the_personnummer_project_says(string input, bool valid, string type)
    {
        var (id, error) = IdentityNumber.TryParse(input, Today);

        Assert.Equal(valid, id is not null);
        if (valid)
        {
            var expected = type switch { "ssn" => IdentityKind.PersonalIdentityNumber, "con" => IdentityKind.CoordinationNumber, _ => IdentityKind.ReserveNumber };
            Assert.Equal(expected, id!.Kind);
        }
        else
        {
            Assert.False(string.IsNullOrWhiteSpace(error));
        }
    }

    [Fact]
    public void Plus_separator_means_a_hundred_years_older()
    {
        Assert.Equal("190905271474", IdentityNumber.Parse("090527+1474", Today).Canonical);
        Assert.Equal(new DateOnly(1909, 5, 27), IdentityNumber.Parse("090527+1474", Today).BirthDate);
    }

    [Fact]
    public void Ten_digits_without_plus_take_the_most_recent_century()
    {
        Assert.Equal("200002292399", IdentityNumber.Parse("000229-2399", Today).Canonical);
        Assert.Equal("195704289999", IdentityNumber.Parse("5704289999", Today).Canonical);
    }

    [Fact]
    public void Impossible_date_is_rejected_with_a_message_saying_the_date_does_not_exist()
    {
        var (id, error) = IdentityNumber.TryParse("19900230-1234", Today);

        Assert.Null(id);
        Assert.Contains("datum som inte finns", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_check_digit_is_rejected_with_a_message_about_the_check_digit()
    {
        var (id, error) = IdentityNumber.TryParse("19121212-1213", Today);

        Assert.Null(id);
        Assert.Contains("Kontrollsiffran", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("19121212_1212")]
    [InlineData("abcdefghij")]
    public void Garbage_gets_a_clear_error(string input)
    {
        var (id, error) = IdentityNumber.TryParse(input, Today);

        Assert.Null(id);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void Coordination_number_has_day_plus_sixty()
    {
        var id = IdentityNumber.Parse("197302889931", Today);

        Assert.Equal(IdentityKind.CoordinationNumber, id.Kind);
        Assert.Equal(new DateOnly(1973, 2, 28), id.BirthDate);
    }

    [Theory]
    [InlineData("19800060")] // month 00 and day 60: birth month and day unknown
    [InlineData("19800560")] // day 60: birth day unknown
    [InlineData("19800075")] // month 00: birth month unknown, day 15
    public void Coordination_number_with_unknown_birth_date_is_valid(string datePart)
    {
        var nine = datePart[2..] + "123";
        var input = datePart + "123" + IdentityNumber.CheckDigit(nine);

        var id = IdentityNumber.Parse(input, Today);

        Assert.Equal(IdentityKind.CoordinationNumber, id.Kind);
        Assert.Null(id.BirthDate);
    }

    [Fact]
    public void Reserve_numbers_are_their_own_kind_and_cannot_be_looked_up_in_journal_systems()
    {
        var id = IdentityNumber.Parse("20000101-T220", Today);

        Assert.Equal(IdentityKind.ReserveNumber, id.Kind);
        Assert.Null(id.ToPersonId());
    }

    [Fact]
    public void Future_birth_date_is_rejected()
    {
        var nine = "271224123";
        var (id, error) = IdentityNumber.TryParse("2027" + "1224" + "123" + IdentityNumber.CheckDigit(nine), Today);

        Assert.Null(id);
        Assert.Contains("framtiden", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Masked_form_never_shows_the_serial_number()
    {
        var id = IdentityNumber.Parse("19121212-1212", Today);

        Assert.Equal("19121212-****", id.Masked);
        Assert.Equal("19121212-****", id.ToString());
    }

    [Fact]
    public void Month_00_with_a_day_below_60_is_not_a_coordination_number_and_is_rejected()
    {
        var (id, error) = IdentityNumber.TryParse("198000002389", Today);

        Assert.Null(id);
        Assert.Contains("Månad 00", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("19800015", "Månad 00")] // month 00, day 15: not a coordination number
    [InlineData("19801305", "månad 13")] // month 13
    [InlineData("19809905", "månad 99")] // month 99
    [InlineData("19801360", "månad 13")] // month 13 in a coordination number with unknown day
    [InlineData("19800532", "dag 32")] // real day 32
    [InlineData("19800539", "dag 39")] // real day 39
    [InlineData("19800545", "dag 45")] // day 45: neither a real day nor day + 60
    [InlineData("19800592", "dag 92")] // coordination day 92 = real day 32
    [InlineData("19800099", "dag 99")] // month unknown, coordination day 99 = real day 39
    [InlineData("19800500", "dag 00")] // day 00 in a personal identity number
    public void Impossible_months_and_days_are_rejected_naming_the_part_that_is_wrong(string datePart, string expected)
    {
        var nine = datePart[2..] + "238";
        var input = datePart + "238" + IdentityNumber.CheckDigit(nine);

        var (id, error) = IdentityNumber.TryParse(input, Today);

        Assert.Null(id);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
