using SocialJour.Adapters.Contract;
using SocialJour.Core.Calendar;

namespace SocialJour.Host;

/// <summary>Swedish words for the UI. Code keeps one English name per domain word (docs/glossary.md).</summary>
internal static class Presentation
{
    /// <summary>A source's status in Swedish (the Lookup module's words, the same in the access-log extract).</summary>
    public static string HealthText(SourceStatus? status) => SocialJour.Modules.Lookup.Contracts.AccessLogText.Status(status);

    /// <summary>What the social worker can do about a source that did not answer a look-up, in plain Swedish.</summary>
    public static string MissingSourceAdvice(SourceStatus status, bool populationRegister) => populationRegister
        ? "Behandla personen som skyddad (ingen adress lämnas ut) tills folkbokföringen svarar; försök igen om en stund."
        : status switch
        {
            SourceStatus.TimedOut or SourceStatus.Unavailable =>
                "Försök igen om en stund. Brådskar det: ring kommunens socialtjänst eller socialjour/beredskap och fråga om personen är känd där.",
            SourceStatus.NoAccess =>
                "Jourens behörighet i kommunens system fungerar inte just nu. Ring kommunens socialtjänst eller beredskap för uppgifterna och meddela IT.",
            SourceStatus.InvalidResponse =>
                "Kommunens system gav ett svar som inte gick att läsa. Ring kommunens socialtjänst eller beredskap för uppgifterna; IT har fått felet i sin översikt.",
            SourceStatus.Disabled =>
                "Kommunens journalsystem är inte anslutet till jouren just nu. Ring kommunens socialtjänst eller beredskap för uppgifterna.",
            _ => "Ring kommunens socialtjänst eller beredskap för uppgifter som kan finnas där.",
        };

    public static string BadgeClass(SourceStatus? status) => status switch
    {
        SourceStatus.Found => "ok",
        SourceStatus.NoAccess or SourceStatus.NotFound => "warn",
        SourceStatus.Disabled or null => "off",
        _ => "bad",
    };

    public static string ModeText(JourMode mode) => mode switch
    {
        JourMode.Open => "Öppet",
        JourMode.Standby => "Beredskap",
        JourMode.Closed => "Stängt (kontorstid)",
        _ => mode.ToString(),
    };

    public static string DayKindText(DayKind kind) => kind switch
    {
        DayKind.Workday => "Vardag",
        DayKind.BridgeDay => "Klämdag",
        DayKind.Weekend => "Helg",
        DayKind.PublicHoliday => "Helgdag",
        DayKind.Eve => "Afton",
        _ => kind.ToString(),
    };

    public static string AccessKindText(SocialJour.Core.Lookup.AccessKind kind) => SocialJour.Modules.Lookup.Contracts.AccessLogText.Kind(kind);

    public static string ProtectionText(ProtectedIdentity p) => p switch
    {
        ProtectedIdentity.Yes => "Skyddad identitet",
        ProtectedIdentity.No => "Ingen skyddad identitet",
        _ => "Okänt om identiteten är skyddad – behandlas som skyddad",
    };

    public static string LegalBasisText(LegalBasis b) => b switch
    {
        LegalBasis.SoL => "SoL (frivillig)",
        LegalBasis.LVU => "LVU (tvång)",
        LegalBasis.LVM => "LVM (tvång)",
        LegalBasis.LSS => "LSS",
        LegalBasis.Other => "Annan",
        _ => "Okänd",
    };

    public static string ChannelText(SocialJour.Modules.Intake.Contracts.ContactChannel c) => c switch
    {
        SocialJour.Modules.Intake.Contracts.ContactChannel.SosAlarm => "SOS Alarm/112",
        SocialJour.Modules.Intake.Contracts.ContactChannel.DirectLine => "Direktlinjen",
        SocialJour.Modules.Intake.Contracts.ContactChannel.Police => "Polisen",
        SocialJour.Modules.Intake.Contracts.ContactChannel.Municipality => "Kommun",
        SocialJour.Modules.Intake.Contracts.ContactChannel.EService => "E-tjänst",
        _ => "Annat",
    };

    /// <summary>A channel by its name, as another module carries it (e.g. the handover); an unknown name is shown as it is.</summary>
    public static string ChannelText(string channel) =>
        Enum.TryParse<SocialJour.Modules.Intake.Contracts.ContactChannel>(channel, out var c) ? ChannelText(c) : channel;

    /// <summary>A category by its name, as another module carries it (e.g. the handover); an unknown name is shown as it is.</summary>
    public static string CategoryText(string category) =>
        Enum.TryParse<SocialJour.Modules.Intake.Contracts.CaseCategory>(category, out var c) ? CategoryText(c) : category;

    public static string CategoryText(SocialJour.Modules.Intake.Contracts.CaseCategory c) => c switch
    {
        SocialJour.Modules.Intake.Contracts.CaseCategory.ChildrenAndYouth => "Barn och unga",
        SocialJour.Modules.Intake.Contracts.CaseCategory.SubstanceAbuse => "Missbruk",
        SocialJour.Modules.Intake.Contracts.CaseCategory.DomesticViolence => "Våld i nära relation",
        SocialJour.Modules.Intake.Contracts.CaseCategory.FinancialOrHousing => "Akut ekonomiskt bistånd/boende",
        SocialJour.Modules.Intake.Contracts.CaseCategory.ElderlyOrDisability => "Äldre/funktionsnedsättning",
        SocialJour.Modules.Intake.Contracts.CaseCategory.UnaccompaniedMinor => "Ensamkommande/asyl",
        _ => "Övrigt",
    };

    public static string ClosingReasonText(SocialJour.Modules.Intake.Contracts.CaseClosingReason r) => r switch
    {
        SocialJour.Modules.Intake.Contracts.CaseClosingReason.Completed => "Klart",
        SocialJour.Modules.Intake.Contracts.CaseClosingReason.HandedOverToHomeMunicipality => "Överlämnat till hemkommunen",
        SocialJour.Modules.Intake.Contracts.CaseClosingReason.ReferredElsewhere => "Hänvisat vidare",
        SocialJour.Modules.Intake.Contracts.CaseClosingReason.NoActionNeeded => "Ingen åtgärd behövs",
        SocialJour.Modules.Intake.Contracts.CaseClosingReason.Duplicate => "Dubblett (makulerat)",
        _ => "Annat",
    };

    public static string TriageText(SocialJour.Modules.Intake.Contracts.TriageLevel t) => t switch
    {
        SocialJour.Modules.Intake.Contracts.TriageLevel.Acute => "1 Akut",
        SocialJour.Modules.Intake.Contracts.TriageLevel.Urgent => "2 Brådskande",
        _ => "3 Normal",
    };

    /// <summary>What the population register said, for showing beside the number so that siblings' numbers are not mixed up.</summary>
    public static string RegisterText(SocialJour.Modules.Intake.Contracts.IdentityCheck c, Func<string, string> municipalityName) => c.Status switch
    {
        "Found" => $"{c.Name}, {c.Age} år, folkbokförd i {(c.MunicipalityCode is null ? "okänd kommun" : municipalityName(c.MunicipalityCode))}" + c.Protection switch
        {
            ProtectedIdentity.Yes => " – SKYDDAD IDENTITET",
            ProtectedIdentity.No => "",
            _ => " – skyddad identitet kan inte uteslutas (folkbokföringen gav ingen markering): behandlas som skyddad",
        },
        "NotFound" => "Finns inte i folkbokföringen – kontrollera numret",
        // The register had not answered when the contact was saved; the answer is written to the case when it comes.
        "Pending" => "Folkbokföringen har inte svarat än – kontrollen pågår och visas här när svaret kommer (ladda om sidan)."
            + " Skyddad identitet kan inte uteslutas: behandlas som skyddad",
        "Invalid" => c.Detail ?? "Ogiltigt nummer",
        "Disabled" => "Ej kontrollerad: " + c.Detail,
        _ => "Folkbokföringen kunde inte kontrolleras (" + HealthText(Enum.TryParse<SourceStatus>(c.Status, out var s) ? s : null) + "): " + c.Detail
            + " – skyddad identitet kan inte uteslutas: behandlas som skyddad",
    };

    /// <summary>How a person belongs to a case, e.g. "ärendets person", "samma kontakt, J12", "berörd: förälder".</summary>
    public static string CasePersonText(SocialJour.Modules.Intake.Contracts.CasePersonView p) => p.Relation switch
    {
        SocialJour.Modules.Intake.Contracts.CasePersonRelation.CasePerson => "ärendets person",
        SocialJour.Modules.Intake.Contracts.CasePersonRelation.SameContact => "samma kontakt, " + p.CaseId,
        _ => "berörd: " + RoleText(p.Role),
    };

    public static string RoleText(SocialJour.Modules.Intake.Contracts.RelatedPartyRole? role) => role switch
    {
        SocialJour.Modules.Intake.Contracts.RelatedPartyRole.Parent => "förälder",
        SocialJour.Modules.Intake.Contracts.RelatedPartyRole.Guardian => "vårdnadshavare",
        SocialJour.Modules.Intake.Contracts.RelatedPartyRole.Partner => "partner",
        SocialJour.Modules.Intake.Contracts.RelatedPartyRole.Sibling => "syskon",
        SocialJour.Modules.Intake.Contracts.RelatedPartyRole.OtherRelative => "annan anhörig",
        SocialJour.Modules.Intake.Contracts.RelatedPartyRole.SuspectedPerpetrator => "misstänkt förövare",
        SocialJour.Modules.Intake.Contracts.RelatedPartyRole.Other => "annan",
        _ => "okänd roll",
    };

    public static string CommissionText(SocialJour.Modules.Intake.Contracts.CommissionKind k) => k switch
    {
        SocialJour.Modules.Intake.Contracts.CommissionKind.HomeVisit => "Hembesök (tillsyn)",
        SocialJour.Modules.Intake.Contracts.CommissionKind.PhoneSupport => "Telefonstöd",
        _ => "Annat",
    };

    public static string OutcomeText(SocialJour.Modules.Assessment.Contracts.ProtectionOutcome o) =>
        o == SocialJour.Modules.Assessment.Contracts.ProtectionOutcome.ImmediateNeed ? "Omedelbart skyddsbehov" : "Inget omedelbart skyddsbehov";

    public static string ActionText(SocialJour.Modules.Assessment.Contracts.ActionKind k) => k switch
    {
        SocialJour.Modules.Assessment.Contracts.ActionKind.SupportTalk => "Stödsamtal",
        SocialJour.Modules.Assessment.Contracts.ActionKind.InformationAndReferral => "Information och hänvisning",
        SocialJour.Modules.Assessment.Contracts.ActionKind.EmergencyShelter => "Akut boende",
        SocialJour.Modules.Assessment.Contracts.ActionKind.FinancialAid => "Ekonomiskt bistånd",
        SocialJour.Modules.Assessment.Contracts.ActionKind.TravelHome => "Hemresa",
        SocialJour.Modules.Assessment.Contracts.ActionKind.HomeVisit => "Hembesök",
        SocialJour.Modules.Assessment.Contracts.ActionKind.Transport => "Transport",
        _ => "Placering",
    };

    public static string NoticeRestrictionText(SocialJour.Modules.Intake.Contracts.NoticeRestriction r) => r switch
    {
        SocialJour.Modules.Intake.Contracts.NoticeRestriction.FinancialAid => "ekonomiskt bistånd",
        SocialJour.Modules.Intake.Contracts.NoticeRestriction.EmergencyShelter => "akut boende",
        SocialJour.Modules.Intake.Contracts.NoticeRestriction.Placement => "placering",
        _ => "hemresa",
    };

    public static string DecisionText(SocialJour.Modules.Assessment.Contracts.DecisionKind k) => k switch
    {
        SocialJour.Modules.Assessment.Contracts.DecisionKind.SoL => "Beslut enligt SoL",
        SocialJour.Modules.Assessment.Contracts.DecisionKind.LvuEmergencyCareOrder => "Omedelbart omhändertagande (6 § LVU)",
        SocialJour.Modules.Assessment.Contracts.DecisionKind.LvmEmergencyCare => "Omedelbart omhändertagande (13 § LVM)",
        SocialJour.Modules.Assessment.Contracts.DecisionKind.PoliceAssistanceLvu => "Handräckning (43 § LVU)",
        _ => "Handräckning (45 § LVM)",
    };

    public static string DeviationText(SocialJour.Modules.Assessment.Contracts.DeviationCategory c) => c switch
    {
        SocialJour.Modules.Assessment.Contracts.DeviationCategory.UnansweredSosCall => "Obesvarat SOS-samtal",
        SocialJour.Modules.Assessment.Contracts.DeviationCategory.WrongMunicipality => "Fel kommun",
        SocialJour.Modules.Assessment.Contracts.DeviationCategory.IdentityMixUp => "Personförväxling",
        SocialJour.Modules.Assessment.Contracts.DeviationCategory.Technical => "Tekniskt",
        SocialJour.Modules.Assessment.Contracts.DeviationCategory.Handling => "Handläggning",
        _ => "Klagomål",
    };

    /// <summary>A municipality's name: the configured one, else the official short name (a referred case), else the code.</summary>
    public static string MunicipalityName(SocialJour.Core.Configuration.JourConfiguration configuration, string code) =>
        configuration.Find(code)?.Name ?? (SocialJour.Core.Configuration.MunicipalityCodes.ShortNames.TryGetValue(code, out var n) ? n : code);

    public static string Local(DateTimeOffset instant, TimeZoneInfo zone) => SocialJour.Core.Calendar.JourClock.Format(instant, zone);
}
