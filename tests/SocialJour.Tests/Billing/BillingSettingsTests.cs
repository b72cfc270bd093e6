using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Billing.Calculation;
using SocialJour.Modules.Billing.Contracts;

namespace SocialJour.Tests.Billing;

/// <summary>The Billing section of the jour configuration, parsed from real files by the core's loader with the module's section check.</summary>
public sealed class BillingSettingsTests
{
    /// <summary>The demo's whole Billing section (from its key to the brace closing it at the top level), replaced.</summary>
    private static Func<string, string> Section(string replacement) => json =>
    {
        var start = json.IndexOf("\"Billing\": {", StringComparison.Ordinal);
        Assert.True(start >= 0, "the demo configuration has a Billing section");
        var end = json.IndexOf("\n  }", start, StringComparison.Ordinal) + "\n  }".Length;
        Assert.Contains("\"Model\": \"PopulationAndTime\"", json[start..end], StringComparison.Ordinal); // the demo section as this test knows it
        return json[..start] + replacement + json[end..];
    };

    private static string ProblemsOf(string section)
    {
        var result = BillingTestData.LoadDemoResult(Section(section));
        Assert.False(result.Ok, "the bad Billing section was accepted");
        return string.Join("\n", result.Problems);
    }

    [Fact]
    public void The_demo_configuration_bills_Nordvast_half_by_population_half_by_time_with_a_5_percent_fee()
    {
        var settings = BillingSettingsReader.Read(BillingTestData.LoadDemo());

        Assert.Equal(BillingModelKind.PopulationAndTime, settings.Model);
        Assert.Equal((0.5m, 0.5m), (settings.PopulationShare, settings.TimeShare));
        Assert.Equal(0.05m, settings.AdministrativeFeeRate);
        Assert.False(settings.CommissionTimeCounts);
        Assert.Empty(settings.Committees);
    }

    [Fact]
    public void A_Syd_section_reads_the_price_list_and_the_committees()
    {
        var configuration = BillingTestData.LoadDemo(Section("""
            "Billing": {
              "Model": "PopulationFeeCommissionsDeficit",
              "PriceList": { "HomeVisit": 5000, "PhoneSupport": 2400, "Other": 1500.50 },
              "Committees": { "0191": [ { "Name": "Socialnämnden", "Share": 0.5 }, { "Name": "Arbetsmarknadsnämnden", "Share": 0.5 } ] }
            }
            """));

        var settings = BillingSettingsReader.Read(configuration);

        Assert.Equal(BillingModelKind.PopulationFeeCommissionsDeficit, settings.Model);
        Assert.Equal(1500.50m, settings.PriceList["Other"]);
        Assert.Equal(0m, settings.AdministrativeFeeRate);
        Assert.Equal(["Socialnämnden", "Arbetsmarknadsnämnden"], settings.Committees[MunicipalityCode.Of("0191")].Select(c => c.Name));
    }

    [Fact]
    public void Without_shares_or_fee_the_defaults_are_50_50_and_5_percent()
    {
        var settings = BillingSettingsReader.Read(BillingTestData.LoadDemo(Section("\"Billing\": { \"Model\": \"PopulationAndTime\" }")));

        Assert.Equal((0.5m, 0.5m, 0.05m, false), (settings.PopulationShare, settings.TimeShare, settings.AdministrativeFeeRate, settings.CommissionTimeCounts));
    }

    [Fact]
    public void A_missing_section_is_no_start_up_problem_but_billing_says_it_is_missing()
    {
        var configuration = BillingTestData.LoadDemo(json => Section("\"Unused\": {}")(json));

        var e = Assert.Throws<ValidationException>(() => BillingSettingsReader.Read(configuration));

        Assert.Equal("Billing", e.Field);
        Assert.Contains("saknar avsnittet Billing", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"PopulationShare\": 0.6, \"TimeShare\": 0.5 }", "Fältet 'Billing.PopulationShare': andelarna")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"PopulationShare\": 1.5, \"TimeShare\": -0.5 }", "Fältet 'Billing.PopulationShare': ska vara en andel från 0 till 1")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"PopulationShare\": 0.5 }", "Fältet 'Billing.TimeShare': saknas")]
    [InlineData("\"Billing\": { \"Model\": \"Befolkning\" }", "Fältet 'Billing.Model': 'Befolkning' är ingen modell")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"Invoicing\": { \"PaymentTermsDays\": 0 } }", "Fältet 'Billing.Invoicing.PaymentTermsDays': ska vara ett antal dagar")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"Invoicing\": { \"Recipients\": { \"0191\": { \"OrganisationNumber\": \"212000-0911\", \"Reference\": \"Ref\" } } } }", "Fältet 'Billing.Invoicing.Recipients.0191.OrganisationNumber': '212000-0911' är inget giltigt")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"Invoicing\": { \"Recipients\": { \"1287\": { \"OrganisationNumber\": \"212000-0910\", \"Reference\": \"Ref\" } } } }", "Fältet 'Billing.Invoicing.Recipients.1287': kommunen 1287 finns inte")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"Invoicing\": { \"JourContact\": { \"Name\": \"Eva\", \"Phone\": \"08-1\", \"Email\": \"inte-en-adress\" } } }", "Fältet 'Billing.Invoicing.JourContact.Email': 'inte-en-adress' är ingen e-postadress")]
    [InlineData("\"Billing\": { \"PopulationShare\": 0.5, \"TimeShare\": 0.5 }", "Fältet 'Billing.Model': saknas")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"PopulatonShare\": 0.5 }", "Fältet 'Billing.PopulatonShare': okänt fält")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"AdministrativeFeePercent\": -5 }", "Fältet 'Billing.AdministrativeFeePercent'")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"CommissionTimeCounts\": \"nej\" }", "Fältet 'Billing.CommissionTimeCounts': ska vara true eller false")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"PriceList\": { \"HomeVisit\": 5000 } }", "Fältet 'Billing.PriceList': gäller bara modellen PopulationFeeCommissionsDeficit")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationFeeCommissionsDeficit\" }", "Fältet 'Billing.PriceList': saknas")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationFeeCommissionsDeficit\", \"PriceList\": { \"HomeVisit\": -5000 } }", "Fältet 'Billing.PriceList.HomeVisit': priset ska vara")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationFeeCommissionsDeficit\", \"PriceList\": { \"Hembesök\": 5000 } }", "Fältet 'Billing.PriceList.Hembesök': okänd uppdragstyp")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationFeeCommissionsDeficit\", \"PriceList\": { \"HomeVisit\": 5000 }, \"TimeShare\": 0.5 }", "Fältet 'Billing.TimeShare': gäller bara modellen PopulationAndTime")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"Committees\": { \"1287\": [ { \"Name\": \"Socialnämnden\", \"Share\": 1 } ] } }", "Fältet 'Billing.Committees.1287': kommunen 1287 finns inte")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"Committees\": { \"0191\": [ { \"Name\": \"Socialnämnden\", \"Share\": 0.5 }, { \"Name\": \"Arbetsmarknadsnämnden\", \"Share\": 0.4 } ] } }", "Fältet 'Billing.Committees.0191': Sigtunas nämnders andelar ska tillsammans vara 1")]
    [InlineData("\"Billing\": { \"Model\": \"PopulationAndTime\", \"Committees\": { \"0191\": [ { \"Name\": \"Socialnämnden\", \"Share\": 0.5 }, { \"Name\": \"socialnämnden\", \"Share\": 0.5 } ] } }", "Fältet 'Billing.Committees.0191[1].Name': nämnden 'socialnämnden' förekommer mer än en gång")]
    [InlineData("\"Billing\": [ 1 ]", "Fältet 'Billing': ska vara ett objekt")]
    public void A_bad_Billing_section_is_refused_at_load_naming_the_field(string section, string expected)
    {
        Assert.Contains(expected, ProblemsOf(section), StringComparison.Ordinal);
    }

    [Fact]
    public void The_core_keeps_the_modules_sections_for_them_to_read()
    {
        var configuration = BillingTestData.LoadDemo();

        Assert.True(configuration.Sections.ContainsKey("Billing"));
        Assert.False(configuration.Sections.ContainsKey("Municipalities"));
    }

    [Fact]
    public async Task Validate_on_the_command_line_refuses_a_bad_Billing_section_naming_the_field()
    {
        using var dir = new TempDir();
        var config = DemoConfig.CopyTo(dir, edit: Section("\"Billing\": { \"Model\": \"PopulationAndTime\", \"PopulationShare\": 0.7, \"TimeShare\": 0.5 }"));

        var (code, output) = await CommandLineTests.Run(CommandLineTests.Cli, ["validate", "--config", config, "--plugins", TestPaths.Plugins], TestPaths.RepoRoot);

        Assert.Equal(1, code);
        Assert.Contains("Fältet 'Billing.PopulationShare'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }
}
