using System.Globalization;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>
/// The report's Swedish words and number format: "4 983" (a no-break space U+00A0 between thousands), "38,4 %" (a no-break
/// space before the sign), hours "12,5". Category and channel words as the host's pages (Presentation.CategoryText/ChannelText).
/// </summary>
internal static class StatisticsText
{
    /// <summary>The no-break space between thousands and before "%".</summary>
    public const string Space = "\u00A0";

    /// <summary>What an empty or suppressed share shows.</summary>
    public const string Dash = "–";

    public const string Total = "Totalt";

    public const string NoMunicipality = "Ingen kommun angiven";

    private static readonly NumberFormatInfo Numbers = new()
    {
        NumberGroupSeparator = Space,
        NumberDecimalSeparator = ",",
        NumberGroupSizes = [3],
        NegativeSign = "−",
    };

    public static string Count(long n) => n.ToString("#,0", Numbers);

    public static string Hours(decimal hours) => hours.ToString("#,0.0", Numbers);

    public static string Percent(decimal percent) => percent.ToString("#,0.0", Numbers) + Space + "%";

    public static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>"2021" for a whole calendar year, else "2021-01-01 – 2021-12-10".</summary>
    public static string PeriodLabel(DateOnly from, DateOnly to) =>
        from.Month == 1 && from.Day == 1 && to == new DateOnly(from.Year, 12, 31)
            ? from.Year.ToString(CultureInfo.InvariantCulture)
            : $"{Date(from)} – {Date(to)}";

    /// <summary>Intake's contact channels, in the order the report lists them.</summary>
    public static readonly IReadOnlyList<string> Channels = ["SosAlarm", "DirectLine", "Police", "Municipality", "EService", "Other"];

    public static string Channel(string channel) => channel switch
    {
        "SosAlarm" => "SOS Alarm/112",
        "DirectLine" => "Direktlinjen",
        "Police" => "Polisen",
        "Municipality" => "Kommun",
        "EService" => "E-tjänst",
        "Other" => "Annat",
        _ => channel,
    };

    /// <summary>Intake's case categories, in the order of the annual report.</summary>
    public static readonly IReadOnlyList<string> Categories =
        ["ChildrenAndYouth", "SubstanceAbuse", "DomesticViolence", "FinancialOrHousing", "ElderlyOrDisability", "UnaccompaniedMinor", "Other"];

    public static string Category(string category) => category switch
    {
        "ChildrenAndYouth" => "Barn och unga",
        "SubstanceAbuse" => "Missbruk",
        "DomesticViolence" => "Våld i nära relation",
        "FinancialOrHousing" => "Akut ekonomiskt bistånd/boende",
        "ElderlyOrDisability" => "Äldre/funktionsnedsättning",
        "UnaccompaniedMinor" => "Ensamkommande/asyl",
        "Other" => "Övrigt",
        _ => category,
    };

    public static readonly IReadOnlyList<string> CommissionKinds = ["HomeVisit", "PhoneSupport", "Other"];

    public static string CommissionKind(string kind) => kind switch
    {
        "HomeVisit" => "Hembesök (tillsyn)",
        "PhoneSupport" => "Telefonstöd",
        "Other" => "Annat",
        _ => kind,
    };

    /// <summary>Assessment's deviation categories but Complaint (complaints have their own table).</summary>
    public static readonly IReadOnlyList<string> DeviationCategories = ["UnansweredSosCall", "WrongMunicipality", "IdentityMixUp", "Technical", "Handling"];

    public const string Complaint = "Complaint";

    public static string Deviation(string category) => category switch
    {
        "UnansweredSosCall" => "Obesvarat SOS-samtal",
        "WrongMunicipality" => "Fel kommun",
        "IdentityMixUp" => "Personförväxling",
        "Technical" => "Tekniskt",
        "Handling" => "Handläggning",
        "Complaint" => "Klagomål",
        _ => category,
    };

    /// <summary>The adapter contract's source statuses, and Unknown for look-ups logged before statuses travelled.</summary>
    public static readonly IReadOnlyList<string> LookupStatuses = ["Found", "NotFound", "NoAccess", "Unavailable", "TimedOut", "InvalidResponse", "Disabled", "Unknown"];

    public static string LookupStatus(string status) => status switch
    {
        "Found" => "Uppgifter funna",
        "NotFound" => "Inga uppgifter",
        "NoAccess" => "Ingen behörighet",
        "Unavailable" => "Ej tillgänglig",
        "TimedOut" => "Tidsgräns",
        "InvalidResponse" => "Ogiltigt svar",
        "Disabled" => "Avstängd",
        _ => "Okänd status",
    };

    public static readonly IReadOnlyList<string> ResponseKinds = ["Callback", "OnSite"];

    public static string ResponseTarget(string kind) => kind == "Callback" ? "Återuppringning inom 30 minuter" : "På plats inom 2 timmar";

    public const string Open = "Open";

    public const string Standby = "Standby";

    public const string SosAlarm = "SosAlarm";
}
