using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup.Contracts;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>Decisions in a case (SoL, LVU 6 §, LVM 13 §, police assistance) with their rules, and LVU 6 § orders' way to the court.</summary>
internal sealed class Decisions(Func<AssessmentDbContext> contexts, AssessedCases cases, IClientLookup lookup, IOutbox<AssessmentDbContext> outbox, IMunicipalityRegistry registry, TimeProvider time)
{
    public async Task<DecisionView> DecideAsync(string caseId, DecisionInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.OpenAsync(caseId, cancellationToken);
        var now = time.GetUtcNow();
        var terms = DecisionRule.Check(input, userId, now, registry.Current.Find(jourCase.MunicipalityCode)?.EmergencyDecisionMakers);
        var clearance = NoticeStop.Check(await cases.NoticesAsync(jourCase.Id, cancellationToken), input.AcknowledgedNotices, NoticeStop.MeasureOf(terms.Kind, terms.Grants),
            input.NoticeReason, "Beslutet", code => registry.Current.Find(code)?.Name ?? code);
        var legalBasisShown = terms.NeedsLegalBasis ? await LegalBasisAsync(jourCase, terms.Kind, input.LookupId, userId, cancellationToken) : null;
        var row = new DecisionRow
        {
            CaseId = jourCase.Id,
            Kind = terms.Kind.ToString(),
            Description = terms.Description,
            DecidedBy = terms.DecidedBy,
            RegisteredBy = userId,
            DecidedAt = now,
            LegalBasisShown = legalBasisShown,
            CourtDeadline = terms.CourtDeadline,
            Grants = terms.Grants?.ToString(),
            NoticeReason = clearance.Reason,
            DecisionMakerReachedAt = terms.DecisionMakerReachedAt,
        };
        await cases.AcknowledgeAsync(jourCase.Id, clearance.Acknowledge, userId, cancellationToken);
        await using var db = contexts();
        db.Decisions.Add(row);
        await outbox.SaveAndDispatchAsync(db, () =>
        {
            db.Audit(userId, "decision", jourCase.Id, terms.Kind + (legalBasisShown is null ? "" : ": " + legalBasisShown));
            if (clearance.Reason is not null)
            {
                db.Audit(userId, "decision.against-notice", jourCase.Id, NoticeIds(clearance) + ": " + clearance.Reason);
            }
            db.Publish(new DecisionRecorded(row.Id, row.CaseId, terms.Kind, row.DecidedAt, row.CourtDeadline));
        }, cancellationToken);
        return ToView(row);
    }

    public async Task<DecisionView> MarkSubmittedToCourtAsync(long decisionId, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await db.Decisions.SingleOrDefaultAsync(d => d.Id == decisionId, cancellationToken)
            ?? throw new ValidationException("decisionId", $"Beslutet {decisionId} finns inte.", notFound: true);
        DecisionRule.CheckSubmissionToCourt(Enum.Parse<DecisionKind>(row.Kind), row.SubmittedToCourtAt);
        row.SubmittedToCourtAt = time.GetUtcNow();
        db.Audit(userId, "decision.submitted-to-court", row.CaseId, decisionId.ToString(CultureInfo.InvariantCulture));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return ToView(row);
    }

    public async Task<IReadOnlyList<DecisionView>> CourtSubmissionsDueAsync(DateTimeOffset by, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        string[] kinds = [nameof(DecisionKind.LvuEmergencyCareOrder), nameof(DecisionKind.LvmEmergencyCare)];
        var rows = await db.Decisions.AsNoTracking().Where(d => kinds.Contains(d.Kind) && d.CourtDeadline != null && d.SubmittedToCourtAt == null).ToListAsync(cancellationToken);
        return rows.Where(d => d.CourtDeadline <= by).OrderBy(d => d.CourtDeadline).Select(ToView).ToList();
    }

    public async Task<IReadOnlyList<DecisionView>> OfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.Decisions.AsNoTracking().Where(d => d.CaseId == caseId).OrderBy(d => d.Id).ToListAsync(cancellationToken)).Select(ToView).ToList();
    }

    /// <summary>The decisions of the given cases, oldest first.</summary>
    public async Task<ILookup<string, DecisionView>> OfCasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.Decisions.AsNoTracking().Where(d => caseIds.Contains(d.CaseId)).OrderBy(d => d.Id).ToListAsync(cancellationToken)).Select(ToView).ToLookup(d => d.CaseId, StringComparer.Ordinal);
    }

    private async Task<string> LegalBasisAsync(JourCaseInfo jourCase, DecisionKind kind, string? lookupId, string userId, CancellationToken cancellationToken)
    {
        var emergency = PoliceAssistanceRule.Requirement(kind).Emergency.ToString();
        await using (var db = contexts())
        {
            var own = await db.Decisions.AsNoTracking().Where(d => d.CaseId == jourCase.Id && d.Kind == emergency).OrderByDescending(d => d.Id).FirstOrDefaultAsync(cancellationToken);
            if (own is not null)
            {
                return PoliceAssistanceRule.FromOwnDecision(kind, own.DecidedAt, own.DecidedBy, registry.Current.Jour.TimeZone);
            }
        }

        // The look-up named, or else the user's newest look-up of the person from this case in its 15 minutes: a look-up
        // stays attached to its case however the case is reached.
        var result = string.IsNullOrWhiteSpace(lookupId)
            ? jourCase.PersonId is null ? null : await lookup.RecentForCaseAsync(jourCase.Id, userId, jourCase.PersonId, cancellationToken)
            : await lookup.RecentAsync(lookupId, userId, cancellationToken);
        return PoliceAssistanceRule.FromLookUp(kind, jourCase, result);
    }

    internal static DecisionView ToView(DecisionRow r) =>
        new(r.Id, r.CaseId, Enum.Parse<DecisionKind>(r.Kind), r.Description, r.DecidedBy, r.RegisteredBy, r.DecidedAt, r.LegalBasisShown, r.CourtDeadline, r.SubmittedToCourtAt,
            r.Grants is null ? null : Enum.Parse<ActionKind>(r.Grants), r.NoticeReason, r.DecisionMakerReachedAt);

    /// <summary>The notices a measure overrode, as the audit entry names them ("notice 3, 4").</summary>
    internal static string NoticeIds(NoticeClearance clearance) =>
        "notice " + string.Join(", ", clearance.Restricting.Select(n => n.Id.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>What the jour did in a case (support talk, shelter, transport, …).</summary>
internal sealed class Actions(Func<AssessmentDbContext> contexts, AssessedCases cases, IMunicipalityRegistry registry, TimeProvider time)
{
    public async Task<ActionView> RecordAsync(string caseId, ActionInput input, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.OpenAsync(caseId, cancellationToken);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind))
        {
            throw new ValidationException("kind", "Ange vilken insats som gjorts.");
        }

        var note = FreeText.Optional("note", "Anteckningen", input.Note, TextKind.Note);
        var clearance = NoticeStop.Check(await cases.NoticesAsync(jourCase.Id, cancellationToken), input.AcknowledgedNotices, kind, input.NoticeReason, "Insatsen",
            code => registry.Current.Find(code)?.Name ?? code);
        var row = new ActionRow { CaseId = jourCase.Id, Kind = kind.ToString(), Note = note, RecordedBy = userId, RecordedAt = time.GetUtcNow(), NoticeReason = clearance.Reason };
        await cases.AcknowledgeAsync(jourCase.Id, clearance.Acknowledge, userId, cancellationToken);
        await using var db = contexts();
        db.Actions.Add(row);
        if (clearance.Reason is not null)
        {
            db.Audit(userId, "action.against-notice", jourCase.Id, kind + ", " + Decisions.NoticeIds(clearance) + ": " + clearance.Reason);
        }

        await db.SaveChangesAsync(cancellationToken);
        return ToView(row);
    }

    public async Task<IReadOnlyList<ActionView>> OfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.Actions.AsNoTracking().Where(a => a.CaseId == caseId).OrderBy(a => a.Id).ToListAsync(cancellationToken)).Select(ToView).ToList();
    }

    private static ActionView ToView(ActionRow a) => new(a.Id, a.CaseId, Enum.Parse<ActionKind>(a.Kind), a.Note, a.RecordedBy, a.RecordedAt, a.NoticeReason);
}
