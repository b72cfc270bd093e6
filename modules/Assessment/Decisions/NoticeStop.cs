using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// What the notices bearing on a case let through: <see cref="Acknowledge"/> — the notices read in the form, acknowledged with
/// the measure; <see cref="Restricting"/> — the notices restricting the measure's kind, overridden by <see cref="Reason"/>.
/// </summary>
internal sealed record NoticeClearance(IReadOnlyList<NoticeView> Acknowledge, IReadOnlyList<NoticeView> Restricting, string? Reason);

/// <summary>
/// The notice stop (the source documents: decisions taken against a municipality's notice). A decision or action on a case
/// waits while a notice bearing on it — about its person, another person of the same contact or a related party — is not
/// acknowledged, either before or in the same form. A measure of a kind a notice restricts (e.g. financial aid against "inget
/// ekonomiskt bistånd") needs an explicit reason of at least <see cref="FreeText.MinReasonLength"/> characters, which is logged.
/// </summary>
internal static class NoticeStop
{
    public static NoticeClearance Check(IReadOnlyList<NoticeView> notices, IReadOnlyCollection<long>? acknowledgedInForm, ActionKind? measure, string? reason,
        string what, Func<string, string> municipalityName)
    {
        var inForm = acknowledgedInForm ?? [];
        var unread = notices.Where(n => !n.Acknowledged && !inForm.Contains(n.Id)).ToList();
        if (unread.Count > 0)
        {
            throw new ValidationException("acknowledgedNotices",
                $"{what} registreras inte förrän aviseringen är läst och kvitterad: " + string.Join(" ", unread.Select(n => Describe(n, municipalityName))) +
                " Kryssa i att du läst aviseringen i formuläret, eller kvittera den överst i ärendet.", conflict: true);
        }

        var restricting = measure is { } kind ? notices.Where(n => n.Restricts?.ToString() == kind.ToString()).ToList() : [];
        string? why = null;
        if (restricting.Count > 0)
        {
            why = FreeText.Required("noticeReason", "Skälet", reason, TextKind.Reason,
                $"{string.Join(" ", restricting.Select(n => Describe(n, municipalityName)))} {what} om {ReportDocument.ActionText(measure!.Value)} strider mot aviseringen: " +
                $"skriv varför det ändå behövs (minst {FreeText.MinReasonLength} tecken); skälet loggas och syns för hemkommunen.");
        }

        return new NoticeClearance(notices.Where(n => !n.Acknowledged && inForm.Contains(n.Id)).ToList(), restricting, why);
    }

    /// <summary>The measure a decision concerns: what a SoL decision grants; an emergency care order places the person.</summary>
    public static ActionKind? MeasureOf(DecisionKind kind, ActionKind? grants) => kind switch
    {
        DecisionKind.SoL => grants,
        DecisionKind.LvuEmergencyCareOrder or DecisionKind.LvmEmergencyCare => ActionKind.Placement,
        _ => null,
    };

    private static string Describe(NoticeView n, Func<string, string> municipalityName) =>
        $"{municipalityName(n.MunicipalityCode)}{(n.ConcernsLabel is null ? "" : " om " + n.ConcernsLabel)}: \u201d{n.Text}\u201d.";
}
