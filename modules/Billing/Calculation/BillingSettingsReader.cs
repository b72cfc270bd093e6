using System.Text.Json;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Billing.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>
/// Reads and validates the <c>Billing</c> section of the jour's configuration (docs/operations.md). A present section is
/// validated when the configuration is loaded (<see cref="BillingConfigurationSection"/>): a bad one is refused at start-up,
/// on reload and by <c>socialjour validate</c>, naming the field. A missing section is not a configuration error (a jour
/// need not use billing): it is refused when billing is used, by <see cref="Read"/>.
/// </summary>
internal static class BillingSettingsReader
{
    public const string SectionName = "Billing";

    /// <summary>The jour's billing settings. Throws <c>SocialJour.Core.ValidationException</c> naming the field when the section is missing or wrong.</summary>
    public static BillingSettings Read(JourConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!configuration.Sections.TryGetValue(SectionName, out var section) || section.ValueKind == JsonValueKind.Null)
        {
            throw new ValidationException(SectionName,
                "Konfigurationen saknar avsnittet Billing, så jouren har ingen faktureringsmodell. Lägg till det i jour.json " +
                "(Model PopulationAndTime eller PopulationFeeCommissionsDeficit, se docs/operations.md).");
        }

        var problems = new List<ConfigurationProblem>();
        var settings = Parse(section, configuration, problems);
        if (problems.Count > 0 || settings is null)
        {
            throw new ValidationException(problems.Count > 0 ? problems[0].Field : SectionName, string.Join("; ", problems));
        }

        return settings;
    }

    /// <summary>Parses the section, adding every problem (naming its field in full) to <paramref name="problems"/>; null when there is one.</summary>
    public static BillingSettings? Parse(JsonElement section, JourConfiguration configuration, List<ConfigurationProblem> problems)
    {
        var before = problems.Count;
        void Problem(string field, string message) => problems.Add(new ConfigurationProblem(null, null, $"{SectionName}.{field}", message));

        if (section.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ConfigurationProblem(null, null, SectionName, "ska vara ett objekt, t.ex. {\"Model\": \"PopulationAndTime\"}"));
            return null;
        }

        string[] known = ["Model", "PopulationShare", "TimeShare", "AdministrativeFeePercent", "CommissionTimeCounts", "PriceList", "Committees", "Invoicing"];
        foreach (var p in section.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            Problem(p.Name, $"okänt fält; giltiga fält är {string.Join(", ", known)}");
        }

        BillingModelKind? model = null;
        if (!section.TryGetProperty("Model", out var m) || m.ValueKind != JsonValueKind.String)
        {
            Problem("Model", "saknas: PopulationAndTime eller PopulationFeeCommissionsDeficit");
        }
        else if (Enum.TryParse<BillingModelKind>(m.GetString(), ignoreCase: false, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(m.GetString(), out _))
        {
            model = parsed;
        }
        else
        {
            Problem("Model", $"'{m.GetString()}' är ingen modell: PopulationAndTime eller PopulationFeeCommissionsDeficit");
        }

        var populationShare = 1m;
        var timeShare = 0m;
        var feeRate = 0m;
        var commissionTimeCounts = false;
        var priceList = new Dictionary<string, decimal>(StringComparer.Ordinal);
        if (model == BillingModelKind.PopulationAndTime)
        {
            var hasPopulation = section.TryGetProperty("PopulationShare", out var ps);
            var hasTime = section.TryGetProperty("TimeShare", out var ts);
            populationShare = 0.5m;
            timeShare = 0.5m;
            if (hasPopulation || hasTime)
            {
                var p = Fraction(ps, hasPopulation, "PopulationShare", Problem);
                var t = Fraction(ts, hasTime, "TimeShare", Problem);
                if (p is not null && t is not null)
                {
                    if (p + t != 1m)
                    {
                        Problem("PopulationShare", $"andelarna PopulationShare ({p}) och TimeShare ({t}) ska tillsammans vara 1");
                    }

                    populationShare = p.Value;
                    timeShare = t.Value;
                }
            }

            if (section.TryGetProperty("AdministrativeFeePercent", out var fp))
            {
                if (fp.ValueKind != JsonValueKind.Number || !fp.TryGetDecimal(out var percent) || percent < 0 || percent > 100 || decimal.Round(percent, 4) != percent)
                {
                    Problem("AdministrativeFeePercent", "ska vara ett tal från 0 till 100 (procent, t.ex. 5)");
                }
                else
                {
                    feeRate = percent / 100m;
                }
            }
            else
            {
                feeRate = 0.05m;
            }

            if (section.TryGetProperty("CommissionTimeCounts", out var ct))
            {
                if (ct.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    Problem("CommissionTimeCounts", "ska vara true eller false");
                }
                else
                {
                    commissionTimeCounts = ct.GetBoolean();
                }
            }

            if (section.TryGetProperty("PriceList", out _))
            {
                Problem("PriceList", "gäller bara modellen PopulationFeeCommissionsDeficit; ta bort fältet");
            }
        }
        else if (model == BillingModelKind.PopulationFeeCommissionsDeficit)
        {
            foreach (var field in new[] { "PopulationShare", "TimeShare", "AdministrativeFeePercent", "CommissionTimeCounts" })
            {
                if (section.TryGetProperty(field, out _))
                {
                    Problem(field, "gäller bara modellen PopulationAndTime; ta bort fältet");
                }
            }

            if (!section.TryGetProperty("PriceList", out var pl) || pl.ValueKind != JsonValueKind.Object)
            {
                Problem("PriceList", "saknas: priset per uppdragstyp i kronor, t.ex. {\"HomeVisit\": 5000, \"PhoneSupport\": 2400, \"Other\": 1500}");
            }
            else
            {
                var kinds = Enum.GetNames<CommissionKind>();
                foreach (var p in pl.EnumerateObject())
                {
                    if (!kinds.Contains(p.Name, StringComparer.Ordinal))
                    {
                        Problem($"PriceList.{p.Name}", $"okänd uppdragstyp; giltiga är {string.Join(", ", kinds)}");
                    }
                    else if (p.Value.ValueKind != JsonValueKind.Number || !p.Value.TryGetDecimal(out var price) || price < 0 || decimal.Round(price, 2) != price)
                    {
                        Problem($"PriceList.{p.Name}", "priset ska vara ett belopp i kronor ≥ 0 med högst två decimaler");
                    }
                    else
                    {
                        priceList[p.Name] = price;
                    }
                }
            }
        }

        var committees = ReadCommittees(section, configuration, Problem);
        var invoicing = ReadInvoicing(section, configuration, Problem);
        return problems.Count > before || model is null
            ? null
            : new BillingSettings(model.Value, populationShare, timeShare, commissionTimeCounts, feeRate, priceList, committees) { Invoicing = invoicing };
    }

    /// <summary>
    /// <c>"Invoicing": {"PaymentTermsDays": 30, "JourContact": {"Name": …, "Phone": …, "Email": …}, "Recipients": {"0191":
    /// {"OrganisationNumber": "212000-0183", "Reference": …}}}</c>: what the invoice basis says beside the amounts, so that the
    /// municipality's controller can book it. Optional; each part given is checked.
    /// </summary>
    private static InvoicingSettings ReadInvoicing(JsonElement section, JourConfiguration configuration, Action<string, string> problem)
    {
        if (!section.TryGetProperty("Invoicing", out var inv) || inv.ValueKind == JsonValueKind.Null)
        {
            return InvoicingSettings.None;
        }

        if (inv.ValueKind != JsonValueKind.Object)
        {
            problem("Invoicing", "ska vara ett objekt: {\"PaymentTermsDays\": 30, \"JourContact\": {…}, \"Recipients\": {…}}");
            return InvoicingSettings.None;
        }

        string[] known = ["PaymentTermsDays", "JourContact", "Recipients"];
        foreach (var p in inv.EnumerateObject().Where(p => !known.Contains(p.Name, StringComparer.Ordinal)))
        {
            problem($"Invoicing.{p.Name}", $"okänt fält; giltiga fält är {string.Join(", ", known)}");
        }

        int? terms = null;
        if (inv.TryGetProperty("PaymentTermsDays", out var t))
        {
            if (t.ValueKind == JsonValueKind.Number && t.TryGetInt32(out var days) && days is >= 1 and <= 120)
            {
                terms = days;
            }
            else
            {
                problem("Invoicing.PaymentTermsDays", "ska vara ett antal dagar från 1 till 120, t.ex. 30");
            }
        }

        string? Text(JsonElement owner, string key, string field, string what)
        {
            var value = owner.ValueKind == JsonValueKind.Object && owner.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()?.Trim() : null;
            if (string.IsNullOrEmpty(value) || value.Length > 100)
            {
                problem(field, $"saknas: {what} (högst 100 tecken)");
                return null;
            }

            return value;
        }

        string? contact = null;
        if (inv.TryGetProperty("JourContact", out var c))
        {
            var name = Text(c, "Name", "Invoicing.JourContact.Name", "vem kommunen kontaktar om underlaget");
            var phone = Text(c, "Phone", "Invoicing.JourContact.Phone", "telefonnummer");
            var email = Text(c, "Email", "Invoicing.JourContact.Email", "e-postadress");
            if (email is not null && !System.Net.Mail.MailAddress.TryCreate(email, out _))
            {
                problem("Invoicing.JourContact.Email", $"'{email}' är ingen e-postadress");
                email = null;
            }

            contact = name is null || phone is null || email is null ? null : $"{name}, {phone}, {email}";
        }

        var recipients = new Dictionary<MunicipalityCode, InvoiceRecipient>();
        if (inv.TryGetProperty("Recipients", out var r))
        {
            if (r.ValueKind != JsonValueKind.Object)
            {
                problem("Invoicing.Recipients", "ska vara ett objekt med kommunkoder som nycklar");
            }
            else
            {
                foreach (var entry in r.EnumerateObject())
                {
                    var field = $"Invoicing.Recipients.{entry.Name}";
                    if (configuration.Find(entry.Name) is not { } municipality)
                    {
                        problem(field, $"kommunen {entry.Name} finns inte bland kommunerna i konfigurationen");
                        continue;
                    }

                    var org = Text(entry.Value, "OrganisationNumber", field + ".OrganisationNumber", "kommunens organisationsnummer, NNNNNN-NNNN");
                    if (org is not null && !OrganisationNumber.IsValid(org))
                    {
                        problem(field + ".OrganisationNumber", $"'{org}' är inget giltigt organisationsnummer (NNNNNN-NNNN med kontrollsiffra)");
                        org = null;
                    }

                    var reference = Text(entry.Value, "Reference", field + ".Reference", "mottagarens referens, t.ex. ansvar eller beställare");
                    if (org is not null && reference is not null)
                    {
                        recipients[municipality.Code] = new InvoiceRecipient(org, reference);
                    }
                }
            }
        }

        return new InvoicingSettings(terms, contact, recipients);
    }

    private static decimal? Fraction(JsonElement e, bool present, string field, Action<string, string> problem)
    {
        if (!present)
        {
            problem(field, "saknas: anges PopulationShare ska TimeShare också anges (andelarna ska tillsammans vara 1)");
            return null;
        }

        if (e.ValueKind != JsonValueKind.Number || !e.TryGetDecimal(out var value) || value < 0 || value > 1)
        {
            problem(field, "ska vara en andel från 0 till 1, t.ex. 0.5");
            return null;
        }

        return value;
    }

    /// <summary><c>"Committees": {"1287": [{"Name": "Socialnämnden", "Share": 0.5}, …]}</c>: per configured municipality, shares adding up to 1.</summary>
    private static Dictionary<MunicipalityCode, IReadOnlyList<CommitteeShare>> ReadCommittees(JsonElement section, JourConfiguration configuration, Action<string, string> problem)
    {
        var result = new Dictionary<MunicipalityCode, IReadOnlyList<CommitteeShare>>();
        if (!section.TryGetProperty("Committees", out var c) || c.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (c.ValueKind != JsonValueKind.Object)
        {
            problem("Committees", "ska vara ett objekt med kommunkoder som nycklar, t.ex. {\"1287\": [{\"Name\": \"Socialnämnden\", \"Share\": 1}]}");
            return result;
        }

        foreach (var entry in c.EnumerateObject())
        {
            var field = $"Committees.{entry.Name}";
            if (configuration.Find(entry.Name) is not { } municipality)
            {
                problem(field, $"kommunen {entry.Name} finns inte bland kommunerna i konfigurationen");
                continue;
            }

            if (entry.Value.ValueKind != JsonValueKind.Array || entry.Value.GetArrayLength() == 0)
            {
                problem(field, $"ska vara en lista med {municipality.Name}s nämnder, var och en med Name och Share");
                continue;
            }

            var list = new List<CommitteeShare>();
            var ok = true;
            var index = 0;
            foreach (var item in entry.Value.EnumerateArray())
            {
                var itemField = $"{field}[{index++}]";
                var name = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()?.Trim() : null;
                if (string.IsNullOrEmpty(name))
                {
                    problem($"{itemField}.Name", "saknas: nämndens namn");
                    ok = false;
                }
                else if (list.Any(x => string.Equals(x.Name, name, StringComparison.CurrentCultureIgnoreCase)))
                {
                    problem($"{itemField}.Name", $"nämnden '{name}' förekommer mer än en gång");
                    ok = false;
                }

                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("Share", out var s) || s.ValueKind != JsonValueKind.Number ||
                    !s.TryGetDecimal(out var share) || share <= 0 || share > 1 || decimal.Round(share, 6) != share)
                {
                    problem($"{itemField}.Share", "ska vara en andel större än 0 och högst 1, med högst sex decimaler");
                    ok = false;
                }
                else if (name is not null)
                {
                    list.Add(new CommitteeShare(name, share));
                }
            }

            if (ok && list.Sum(x => x.Share) != 1m)
            {
                problem(field, $"{municipality.Name}s nämnders andelar ska tillsammans vara 1 (nu {list.Sum(x => x.Share)})");
                ok = false;
            }

            if (ok)
            {
                result[municipality.Code] = list;
            }
        }

        return result;
    }
}

/// <summary>Validates the <c>Billing</c> section when the configuration is loaded (registered by <see cref="BillingAutofacModule"/>).</summary>
internal sealed class BillingConfigurationSection : IJourConfigurationSection
{
    public string Name => BillingSettingsReader.SectionName;

    public IReadOnlyList<ConfigurationProblem> Validate(JsonElement section, JourConfiguration configuration)
    {
        var problems = new List<ConfigurationProblem>();
        BillingSettingsReader.Parse(section, configuration, problems);
        return problems;
    }
}
