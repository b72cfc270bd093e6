using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>What a decision of a kind carries, by the rules of its law.</summary>
/// <param name="DecidedBy">Who decided: the social worker, or for LVU 6 § / LVM 13 § the chair or appointed member named.</param>
/// <param name="CourtDeadline">6 § LVU: the administrative court must have the order within <see cref="DecisionRule.CourtWithin"/> (7 § LVU);
/// 13 § LVM: at once ("genast", 15 § LVM) — the deadline is the moment of the decision, overdue until it is submitted.</param>
/// <param name="NeedsLegalBasis">Police assistance (LVU 43 §, LVM 45 §): lawful only with care under LVU/LVM (<see cref="PoliceAssistanceRule"/>).</param>
/// <param name="Grants">What a SoL decision grants; null for the other kinds.</param>
internal sealed record DecisionTerms(DecisionKind Kind, string Description, string DecidedBy, DateTimeOffset? CourtDeadline, bool NeedsLegalBasis, ActionKind? Grants = null)
{
    /// <summary>6 § LVU, 13 § LVM: when the jour reached the decision-maker.</summary>
    public DateTimeOffset? DecisionMakerReachedAt { get; init; }
}

/// <summary>
/// The legal rules of a decision. SoL: the social worker decides. LVU 6 § and LVM 13 §: the committee chair or an appointed
/// member decides, and is named; an LVU 6 § order goes to the administrative court within a week. Police assistance needs its
/// legal basis shown. Only an LVU 6 § order is submitted to the court, once.
/// </summary>
internal static class DecisionRule
{
    /// <summary>An LVU 6 § order must reach the administrative court within a week.</summary>
    public static readonly TimeSpan CourtWithin = TimeSpan.FromDays(7);

    /// <summary>How long before the decision the decision-maker may have been reached (a night's call, not another day's).</summary>
    public static readonly TimeSpan ReachedWithin = TimeSpan.FromHours(24);

    /// <param name="deciders">
    /// Who may decide an emergency care order for the case's municipality out of hours (configured); empty: no list is configured,
    /// and the name typed is recorded as not in any list.
    /// </param>
    public static DecisionTerms Check(DecisionInput input, string userId, DateTimeOffset now, IReadOnlyList<EmergencyDecisionMaker>? deciders = null)
    {
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw new ValidationException("kind", "Ange beslutstyp: SoL, 6 § LVU, 13 § LVM, handräckning 43 § LVU eller 45 § LVM.");
        }

        var description = FreeText.Required("description", "Beslutstexten", input.Description, TextKind.Note, "Beskriv beslutet.");
        return kind switch
        {
            DecisionKind.LvuEmergencyCareOrder or DecisionKind.LvmEmergencyCare => new DecisionTerms(kind, description,
                DecidedBy(input.DecidedBy, userId, deciders ?? []),
                kind == DecisionKind.LvuEmergencyCareOrder ? now + CourtWithin : now, NeedsLegalBasis: false)
            {
                DecisionMakerReachedAt = Reached(input.DecisionMakerReachedAt, now),
            },
            DecisionKind.PoliceAssistanceLvu or DecisionKind.PoliceAssistanceLvm => new DecisionTerms(kind, description, OwnDecision(input.DecidedBy, userId), null, NeedsLegalBasis: true),
            _ => new DecisionTerms(kind, description, OwnDecision(input.DecidedBy, userId), null, NeedsLegalBasis: false,
                input.Grants is { } grants && Enum.IsDefined(grants) ? grants
                    : throw new ValidationException("grants", "Ange vad SoL-beslutet avser (ekonomiskt bistånd, akut boende, hemresa, placering …).")),
        };
    }

    /// <summary>
    /// 6 § LVU, 13 § LVM: the committee's chair or a designated member decides — one of the municipality's configured decision-makers
    /// ("Name (Role)"); without a configured list, the name typed, marked as not in any list, and never the social worker.
    /// </summary>
    private static string DecidedBy(string? typed, string userId, IReadOnlyList<EmergencyDecisionMaker> deciders)
    {
        var name = FreeText.Required("decidedBy", "Beslutsfattaren", typed, TextKind.Short,
            deciders.Count > 0
                ? "Välj vem som fattade beslutet ur kommunens förteckning: " + string.Join(", ", deciders.Select(d => $"{d.Name} ({d.Role})")) + "."
                : "Ange vem som fattade beslutet: nämndens ordförande eller den ledamot nämnden förordnat.");
        if (deciders.Count > 0)
        {
            var chosen = deciders.FirstOrDefault(d => string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals($"{d.Name} ({d.Role})", name, StringComparison.OrdinalIgnoreCase));
            return chosen is not null ? $"{chosen.Name} ({chosen.Role})"
                : throw new ValidationException("decidedBy", $"{name} står inte i kommunens förteckning över vem som får besluta utanför kontorstid. Välj: " +
                    string.Join(", ", deciders.Select(d => $"{d.Name} ({d.Role}, {d.Phone})")) + ".");
        }

        return string.Equals(name, userId, StringComparison.OrdinalIgnoreCase)
            ? throw new ValidationException("decidedBy", "Omedelbart omhändertagande beslutas av nämndens ordförande eller en förordnad ledamot, inte av socialsekreteraren: ange vem som beslutade.")
            : name + " (kommunen har ingen förteckning i konfigurationen)";
    }

    /// <summary>When the decision-maker was reached: required, not in the future, and within the night (<see cref="ReachedWithin"/>).</summary>
    private static DateTimeOffset Reached(DateTimeOffset? reachedAt, DateTimeOffset now) =>
        reachedAt is not { } at ? throw new ValidationException("decisionMakerReachedAt", "Ange när beslutsfattaren nåddes (klockslag).")
        : at > now + TimeSpan.FromMinutes(1) ? throw new ValidationException("decisionMakerReachedAt", "Tiden då beslutsfattaren nåddes kan inte ligga i framtiden.")
        : at < now - ReachedWithin ? throw new ValidationException("decisionMakerReachedAt", "Tiden då beslutsfattaren nåddes ligger mer än ett dygn bakåt: kontrollera datum och klockslag.")
        : at;

    /// <summary>SoL decisions and police assistance requests are the social worker's own: a decision-maker typed is refused, never silently replaced.</summary>
    private static string OwnDecision(string? typed, string userId) =>
        string.IsNullOrWhiteSpace(typed) || string.Equals(typed.Trim(), userId, StringComparison.OrdinalIgnoreCase) ? userId
        : throw new ValidationException("decidedBy", "Beslutsfattare anges bara för omedelbart omhändertagande (6 § LVU, 13 § LVM). SoL-beslut och begäran om handräckning registreras i ditt namn: lämna fältet tomt.");

    /// <summary>Only an emergency care order (6 § LVU, 13 § LVM) is submitted to the administrative court, and only once.</summary>
    public static void CheckSubmissionToCourt(DecisionKind kind, DateTimeOffset? submittedToCourtAt)
    {
        if (kind is not (DecisionKind.LvuEmergencyCareOrder or DecisionKind.LvmEmergencyCare))
        {
            throw new ValidationException("decisionId", "Bara beslut om omedelbart omhändertagande (6 § LVU, 13 § LVM) underställs förvaltningsrätten.");
        }

        if (submittedToCourtAt is not null)
        {
            throw new ValidationException("decisionId", "Beslutet är redan underställt förvaltningsrätten.");
        }
    }
}
