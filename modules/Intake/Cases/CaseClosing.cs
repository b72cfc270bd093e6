using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Intake.Notices;

namespace SocialJour.Modules.Intake.Cases;

/// <summary>
/// Closes a case (<see cref="CaseClosingRule"/>: open, notices acknowledged, a child's case protection-assessed — a fact
/// intake keeps from assessment's events, <see cref="ProtectionAssessmentFacts"/> — and a reason); the close, its event and
/// its audit entry in one transaction. Annuls a duplicate (<see cref="CaseAnnulmentRule"/>): closed with reason Duplicate if
/// open, and <see cref="CaseAnnulled"/> published so statistics and billing take it out.
/// </summary>
internal sealed class CaseClosing(Func<IntakeDbContext> contexts, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public async Task<JourCaseView> CloseAsync(string caseId, CaseCloseRequest request, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        var formatted = CaseIds.Format(row.Id);
        CaseClosingRule.Check(caseId, row.ClosedAt, row.ClosedAt is null ? await UnacknowledgedNotices.CountAsync(db, row, clock.Today, cancellationToken) : 0);
        var (reason, note) = CaseClosingRule.CheckReason(formatted, request.Reason, request.Note);
        CaseClosingRule.CheckProtectionAssessed(formatted, row.ConcernsChild, row.ProtectionAssessedAt);

        row.ClosedAt = clock.UtcNow;
        row.ClosedBy = userId;
        row.ClosingReason = reason.ToString();
        row.ClosingNote = note;
        db.Audit(userId, "case.closed", formatted, note is null ? reason.ToString() : $"{reason}: {note}");
        db.Publish(new CaseClosed(formatted, row.MunicipalityCode, row.ConcernsChild, row.ClosedAt.Value, reason));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return CaseViews.ToView(row, row.Contact!);
    }

    public async Task<JourCaseView> AnnulAsync(string caseId, CaseAnnulment annulment, string userId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        if (string.IsNullOrWhiteSpace(annulment.DuplicateOfCaseId))
        {
            throw new ValidationException("duplicateOfCaseId", "Ange vilket ärende det här är en dubblett av (t.ex. J5).");
        }

        var originalText = annulment.DuplicateOfCaseId.Trim();
        var originalId = CaseIds.Parse(originalText);
        var original = originalId == row.Id ? row
            : (originalId is null ? null : await db.Cases.SingleOrDefaultAsync(c => c.Id == originalId, cancellationToken))
              ?? throw new ValidationException("duplicateOfCaseId", $"Ärendet {originalText} finns inte.");

        CaseAnnulmentRule.Check(row, original);
        var reason = CaseAnnulmentRule.CheckReason(annulment.Reason);
        var formatted = CaseIds.Format(row.Id);
        var originalFormatted = CaseIds.Format(original.Id);
        var now = clock.UtcNow;
        row.AnnulledAt = now;
        row.AnnulledBy = userId;
        row.DuplicateOfId = original.Id;
        row.AnnulmentReason = reason;
        if (row.ClosedAt is null)
        {
            row.ClosedAt = now;
            row.ClosedBy = userId;
            row.ClosingReason = nameof(CaseClosingReason.Duplicate);
            db.Publish(new CaseClosed(formatted, row.MunicipalityCode, row.ConcernsChild, now, CaseClosingReason.Duplicate));
        }

        db.Audit(userId, "case.annulled", formatted, $"dubblett av {originalFormatted}: {reason}");
        var wholeContact = !await db.Cases.AnyAsync(c => c.ContactId == row.ContactId && c.Id != row.Id && c.AnnulledAt == null, cancellationToken);
        db.Publish(new CaseAnnulled(formatted, originalFormatted, row.ContactId, row.MunicipalityCode, wholeContact, now));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return CaseViews.ToView(row, row.Contact!);
    }
}
