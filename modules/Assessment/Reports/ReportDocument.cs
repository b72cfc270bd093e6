using System.Text;
using SocialJour.Core.Calendar;
using SocialJour.Core.Identity;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>Everything a report is prefilled from: the case as intake holds it, and what the jour documented in it.</summary>
internal sealed record ReportFacts(
    JourCaseView Case,
    IReadOnlyList<ProtectionAssessmentView> Assessments,
    IReadOnlyList<DecisionView> Decisions,
    IReadOnlyList<ActionView> Actions,
    IReadOnlyList<NoticeView> Notices,
    IReadOnlyList<TimeSpent> Time);

/// <summary>
/// The report to the home municipality as a document: a header that says who it is about (identity number and name, or the
/// unidentified person's description), what is left out for a protected person, who wrote it and when (the jour's time), and
/// the text; and the text a new report is prefilled with. The same document goes through every channel.
/// </summary>
internal static class ReportDocument
{
    /// <summary>What the report says for a person whose personal data is protected, or whose protection is unknown.</summary>
    public const string ProtectedNote =
        "SKYDDADE PERSONUPPGIFTER (eller okänt skydd): rapporten innehåller identitet och vad jouren gjort, men inte adress, vistelseort eller placeringsort. Lämna inte ut uppgifter om var personen finns.";

    public static bool IsProtected(JourCaseView c) => c.PersonId is not null && (c.Register is null || c.Register.Protected);

    /// <summary>The document (CRLF lines). The report id line is added at delivery, where the key is known.</summary>
    public static string Render(string jourName, string municipalityName, string municipalityCode, JourCaseView c, DateTimeOffset writtenAt, string writtenBy, TimeZoneInfo zone, string text)
    {
        var b = new StringBuilder();
        Line(b, $"Rapport från {jourName}");
        Line(b, $"Till: {municipalityName} ({municipalityCode})");
        Line(b, $"Ärende: {c.Id}");
        Line(b, "Gäller: " + Person(c));
        if (IsProtected(c))
        {
            Line(b, ProtectedNote);
        }

        Line(b, $"Skriven: {Local(writtenAt, zone)} av {writtenBy}");
        Line(b, "");
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            Line(b, line);
        }

        return b.ToString();
    }

    /// <summary>The text a new report starts from: the facts of the case, then a place for the assessment and the follow-up.</summary>
    public static string Prefill(ReportFacts f, Func<string, string> municipalityName, TimeZoneInfo zone)
    {
        var c = f.Case;
        var b = new StringBuilder();
        Line(b, $"Kontakt: inkom {Local(c.ReceivedAt, zone)} via {ChannelText(c.Channel)}; {CategoryText(c.Category)}{(c.ConcernsChild ? " (barn)" : "")}.");
        if (c.CalledBackAt is { } called)
        {
            Line(b, $"Återuppringd {Local(called, zone)}.");
        }

        if (c.OnSiteAt is { } onSite)
        {
            Line(b, $"Jouren på plats {Local(onSite, zone)}.");
        }

        if (f.Assessments.Count > 0)
        {
            foreach (var a in f.Assessments)
            {
                Line(b, $"Skyddsbedömning: {(a.Outcome == ProtectionOutcome.ImmediateNeed ? "omedelbart skyddsbehov" : "inget omedelbart skyddsbehov")} – {a.Reasoning} ({a.AssessedBy} {Local(a.AssessedAt, zone)}).");
            }
        }
        else if (c.ConcernsChild)
        {
            Line(b, "Skyddsbedömning: ej dokumenterad.");
        }

        foreach (var d in f.Decisions)
        {
            var basis = d.LegalBasisShown is null ? "" : $"; grund: {d.LegalBasisShown}";
            var court = d.CourtDeadline is { } due ? $"; till förvaltningsrätten {(d.Kind == DecisionKind.LvmEmergencyCare ? "genast" : "senast " + Local(due, zone))}" : "";
            Line(b, $"Beslut: {DecisionText(d.Kind)}{(d.Grants is { } g ? " (" + ActionText(g) + ")" : "")}: {d.Description}; beslutat av {d.DecidedBy} {Local(d.DecidedAt, zone)}{basis}{court}.");
        }

        foreach (var a in f.Actions)
        {
            Line(b, $"Insats: {ActionText(a.Kind)}{(a.Note is null ? "" : " – " + a.Note)} ({Local(a.RecordedAt, zone)}).");
        }

        foreach (var n in f.Notices.Where(n => n.Acknowledged))
        {
            Line(b, $"Avisering från {municipalityName(n.MunicipalityCode)}{(n.ConcernsLabel is null ? "" : " om " + n.ConcernsLabel)}: \u201d{n.Text}\u201d – läst och kvitterad av {n.AcknowledgedBy} {Local(n.AcknowledgedAt!.Value, zone)}.");
        }

        if (f.Time.Count > 0)
        {
            Line(b, $"Tid: {f.Time.Sum(t => t.Minutes)} min ({string.Join(", ", f.Time.Select(t => $"{t.UserId} {t.Minutes} min"))}).");
        }

        Line(b, "");
        Line(b, "Bedömning: ");
        Line(b, "Behöver följas upp av hemkommunen: ");
        return b.ToString().TrimEnd() + "\r\n";
    }

    private static string Person(JourCaseView c) =>
        c.PersonId is not null
            ? IdentityNumber.Format(c.PersonId) + " " + (c.Register?.Name ?? c.Name ?? "(namn ej känt)")
            : "Oidentifierad person" + (c.Name is null ? "" : ": " + c.Name) + (c.ApproximateAge is null ? "" : $", ca {c.ApproximateAge} år");

    public static string Local(DateTimeOffset at, TimeZoneInfo zone) => JourClock.Format(at, zone);

    private static void Line(StringBuilder b, string line) => b.Append(line).Append("\r\n");

    private static string ChannelText(ContactChannel c) => c switch
    {
        ContactChannel.SosAlarm => "SOS Alarm/112",
        ContactChannel.DirectLine => "direktlinjen",
        ContactChannel.Police => "polisen",
        ContactChannel.Municipality => "kommun",
        ContactChannel.EService => "e-tjänst",
        _ => "annat",
    };

    private static string CategoryText(CaseCategory c) => c switch
    {
        CaseCategory.ChildrenAndYouth => "barn och unga",
        CaseCategory.SubstanceAbuse => "missbruk",
        CaseCategory.DomesticViolence => "våld i nära relation",
        CaseCategory.FinancialOrHousing => "akut ekonomiskt bistånd/boende",
        CaseCategory.ElderlyOrDisability => "äldre/funktionsnedsättning",
        CaseCategory.UnaccompaniedMinor => "ensamkommande/asyl",
        _ => "övrigt",
    };

    private static string DecisionText(DecisionKind k) => k switch
    {
        DecisionKind.SoL => "beslut enligt SoL",
        DecisionKind.LvuEmergencyCareOrder => "omedelbart omhändertagande enligt 6 § LVU",
        DecisionKind.LvmEmergencyCare => "omedelbart omhändertagande enligt 13 § LVM",
        DecisionKind.PoliceAssistanceLvu => "begäran om polishandräckning enligt 43 § LVU",
        _ => "begäran om polishandräckning enligt 45 § LVM",
    };

    /// <summary>An action kind in Swedish, lower case ("ekonomiskt bistånd"): the report's and the notice stop's word for it.</summary>
    internal static string ActionText(ActionKind k) => k switch
    {
        ActionKind.SupportTalk => "stödsamtal",
        ActionKind.InformationAndReferral => "information och hänvisning",
        ActionKind.EmergencyShelter => "akut boende",
        ActionKind.FinancialAid => "ekonomiskt bistånd",
        ActionKind.TravelHome => "hemresa",
        ActionKind.HomeVisit => "hembesök",
        ActionKind.Transport => "transport",
        _ => "placering",
    };
}
