using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>What a decision of a kind carries, by the rules of its law.</summary>
/// <param name="DecidedBy">Who decided: the social worker, or for LVU 6 § / LVM 13 § the chair or appointed member named.</param>
/// <param name="CourtDeadline">6 § LVU: the administrative court must have the order within <see cref="DecisionRule.CourtWithin"/> (7 § LVU);
/// 13 § LVM: at once ("genast", 15 § LVM) — the deadline is the moment of the decision, overdue until it is submitted.</param>
/// <param name="NeedsLegalBasis">Police assistance (LVU 43 §, LVM 45 §): lawful only with care under LVU/LVM (<see cref="PoliceAssistanceRule"/>).</param>
/// <param name="Grants">What a SoL decision grants; null for the other kinds.</param>
internal sealed record DecisionTerms(DecisionKind Kind, string Description, string DecidedBy, DateTimeOffset? CourtDeadline, bool NeedsLegalBasis, ActionKind? Grants = null);

/// <summary>
/// The legal rules of a decision. SoL: the social worker decides. LVU 6 § and LVM 13 §: the committee chair or an appointed
/// member decides, and is named; an LVU 6 § order goes to the administrative court within a week. Police assistance needs its
/// legal basis shown. Only an LVU 6 § order is submitted to the court, once.
/// </summary>
internal static class DecisionRule
{
    /// <summary>An LVU 6 § order must reach the administrative court within a week.</summary>
    public static readonly TimeSpan CourtWithin = TimeSpan.FromDays(7);

    public static DecisionTerms Check(DecisionInput input, string userId, DateTimeOffset now)
    {
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw new ValidationException("kind", "Ange beslutstyp: SoL, 6 § LVU, 13 § LVM, handräckning 43 § LVU eller 45 § LVM.");
        }

        var description = FreeText.Required("description", "Beslutstexten", input.Description, TextKind.Note, "Beskriv beslutet.");
        return kind switch
        {
            DecisionKind.LvuEmergencyCareOrder or DecisionKind.LvmEmergencyCare => new DecisionTerms(kind, description,
                FreeText.Required("decidedBy", "Beslutsfattaren", input.DecidedBy, TextKind.Short,
                    "Ange vem som fattade beslutet: nämndens ordförande eller den ledamot nämnden förordnat."),
                kind == DecisionKind.LvuEmergencyCareOrder ? now + CourtWithin : now, NeedsLegalBasis: false),
            DecisionKind.PoliceAssistanceLvu or DecisionKind.PoliceAssistanceLvm => new DecisionTerms(kind, description, userId, null, NeedsLegalBasis: true),
            _ => new DecisionTerms(kind, description, userId, null, NeedsLegalBasis: false,
                input.Grants is { } grants && Enum.IsDefined(grants) ? grants
                    : throw new ValidationException("grants", "Ange vad SoL-beslutet avser (ekonomiskt bistånd, akut boende, hemresa, placering …).")),
        };
    }

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
