using SocialJour.Core;
using SocialJour.Core.Lookup;

namespace SocialJour.Tests.Security;

/// <summary>The one free-text rule (<see cref="FreeText"/>) by kind: what passes, what is refused and why (issue 23, 2i).</summary>
public sealed class FreeTextRuleTests
{
    [Theory]
    [InlineData("Mamma till barnet", TextKind.Reason)]
    [InlineData("LVU 6 § beslut av ordföranden", TextKind.Reason)]
    [InlineData("Pappan ringde kl 02.10.\r\nBarnen sover hos mormor;\n\tring soc. på måndag.", TextKind.Account)]
    [InlineData("Åsa Öberg, nämndens ordförande", TextKind.Short)]
    [InlineData("Ψυχολόγος από την Αθήνα", TextKind.Reason)]
    [InlineData("kort", TextKind.Note)]
    public void A_normal_text_passes(string text, TextKind kind) =>
        Assert.Null(FreeText.Problem(text, kind, required: true));

    [Theory]
    [InlineData("aaaaaaaaaa", TextKind.Reason, "skriv med ord")]
    [InlineData("aaaa bbbb cccc", TextKind.Reason, "skriv med ord")]
    [InlineData("hej hej hej hej", TextKind.Account, "skriv med ord")]
    [InlineData("1234567890 12", TextKind.Reason, "skriv med ord")]
    [InlineData("kort", TextKind.Reason, "minst 10 tecken")]
    [InlineData("\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164\u3164", TextKind.Reason, "U+3164")]
    [InlineData("\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800\u2800", TextKind.Note, "U+2800")]
    [InlineData("\u115F\u1160\uFFA0 \u115F\u1160\uFFA0 \u115F\u1160\uFFA0", TextKind.Note, "U+115F")]
    [InlineData("Bor i Järfälla \u202Eenligt\u202C modern", TextKind.Reason, "U+202E")]
    [InlineData("Bor i Järfälla \u2067enligt\u2069 modern", TextKind.Reason, "U+2067")]
    [InlineData("Bor i Järfälla \u200Fenligt modern", TextKind.Reason, "U+200F")]
    [InlineData("Bor i Järfälla\0 enligt modern", TextKind.Reason, "U+0000")]
    [InlineData("Bor i Järfälla \u001B[2J enligt modern", TextKind.Reason, "U+001B")]
    [InlineData("Bor i Järfälla\u200B enligt modern", TextKind.Reason, "U+200B")]
    [InlineData("Åsa Öberg\nordförande", TextKind.Short, "U+000A")]
    [InlineData("Åsa Öberg\tordförande", TextKind.Short, "U+0009")]
    [InlineData("   \u3000  ", TextKind.Reason, "saknas")]
    public void A_bad_text_is_refused_saying_why(string text, TextKind kind, string why) =>
        Assert.Contains(why, FreeText.Problem(text, kind, required: true), StringComparison.Ordinal);

    [Theory]
    [InlineData(TextKind.Name, 100)]
    [InlineData(TextKind.Short, 200)]
    [InlineData(TextKind.Reason, 500)]
    [InlineData(TextKind.Note, 4000)]
    [InlineData(TextKind.Account, 4000)]
    [InlineData(TextKind.Report, 20_000)]
    public void Each_kind_has_its_length_cap(TextKind kind, int max)
    {
        var atMax = string.Concat(Enumerable.Repeat("Barnet sover. ", (max / 14) + 2))[..max];
        Assert.Null(FreeText.Problem(atMax, kind, required: true));
        var over = new string('x', max - 10) + " Barnet sover";
        Assert.Contains($"högst {max} tecken", FreeText.Problem(over, kind, required: true), StringComparison.Ordinal);
    }

    [Fact]
    public void The_throwing_helpers_name_the_field_and_keep_an_optional_text_optional()
    {
        Assert.Null(FreeText.Optional("note", "Anteckningen", "   ", TextKind.Note));
        Assert.Equal("Samtal med mamman", FreeText.Optional("note", "Anteckningen", "  Samtal med mamman \n", TextKind.Note));
        var refused = Assert.Throws<ValidationException>(() => FreeText.Required("reason", "Skälet", "aaaaaaaaaa", TextKind.Reason, "Ange skälet."));
        Assert.Equal("reason", refused.Field);
        Assert.StartsWith("Skälet: skriv med ord", refused.Message, StringComparison.Ordinal);
        Assert.Equal("Ange skälet.", Assert.Throws<ValidationException>(() => FreeText.Required("reason", "Skälet", null, TextKind.Reason, "Ange skälet.")).Message);
    }
}
