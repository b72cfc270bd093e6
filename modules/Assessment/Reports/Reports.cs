using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Events;
using SocialJour.Core.Configuration;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// Reports to the case's home municipality: written and queued here, delivered by <see cref="ReportDelivery"/>. A report is
/// addressed to the municipality the case belongs to when it is written; no caller can choose another recipient.
/// </summary>
internal sealed class Reports(Func<AssessmentDbContext> contexts, AssessedCases cases, IMunicipalityRegistry registry, IOutbox<AssessmentDbContext> outbox, TimeProvider time)
{
    public async Task<ReportView> SubmitAsync(string caseId, string? text, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.FindAsync(caseId, cancellationToken);
        var checkedText = ReportText.Check(text);
        var configuration = registry.Current;
        var municipality = configuration.Find(jourCase.MunicipalityCode);
        if (municipality?.Reports is null)
        {
            throw new ValidationException("caseId",
                $"Kommun {jourCase.MunicipalityCode} har ingen rapportkanal i konfigurationen{(municipality is null ? " (ärendet är hänvisat till en kommun utanför jouren)" : "")}. Kontakta IT.");
        }

        var now = time.GetUtcNow();
        var row = new ReportRow
        {
            CaseId = jourCase.Id,
            MunicipalityCode = municipality.Code,
            Text = checkedText,
            WrittenBy = userId,
            WrittenAt = now,
            DueAt = ReportDueTime.For(configuration.Schedule, jourCase.OpenedAt),
            Status = nameof(ReportStatus.Queued),
            NextAttemptAt = now,
        };
        await using var db = contexts();
        db.Reports.Add(row);
        await outbox.SaveAndDispatchAsync(db, () =>
        {
            db.Audit(userId, "report.written", jourCase.Id, municipality.Code);
            db.Publish(new ReportSubmitted(row.Id, row.CaseId, row.MunicipalityCode, row.DueAt, row.WrittenAt));
        }, cancellationToken);
        return ReportDelivery.ToView(row);
    }

    public async Task<IReadOnlyList<ReportView>> OfCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.Reports.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.Id).ToListAsync(cancellationToken)).Select(ReportDelivery.ToView).ToList();
    }

    /// <summary>The reports of the given cases, oldest first.</summary>
    public async Task<ILookup<string, ReportView>> OfCasesAsync(IReadOnlyCollection<string> caseIds, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return (await db.Reports.AsNoTracking().Where(r => caseIds.Contains(r.CaseId)).OrderBy(r => r.Id).ToListAsync(cancellationToken))
            .Select(ReportDelivery.ToView).ToLookup(r => r.CaseId, StringComparer.Ordinal);
    }

    /// <summary>Reports not delivered whose deadline is at or before <paramref name="by"/>.</summary>
    public async Task<IReadOnlyList<ReportView>> UndeliveredAsync(DateTimeOffset by, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var delivered = nameof(ReportStatus.Delivered);
        var rows = await db.Reports.AsNoTracking().Where(r => r.Status != delivered).ToListAsync(cancellationToken);
        return rows.Where(r => r.DueAt <= by).OrderBy(r => r.DueAt).Select(ReportDelivery.ToView).ToList();
    }
}
