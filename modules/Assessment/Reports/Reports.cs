using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Events;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// Reports to the case's home municipality: written and queued here, delivered by <see cref="ReportDelivery"/>. A report is
/// addressed to the municipality the case belongs to when it is written; no caller can choose another recipient.
/// </summary>
internal sealed class Reports(
    Func<AssessmentDbContext> contexts,
    AssessedCases cases,
    ProtectionAssessments assessments,
    Decisions decisions,
    Actions actions,
    TimeSpentLog timeSpent,
    IMunicipalityRegistry registry,
    IOutbox<AssessmentDbContext> outbox,
    TimeProvider time)
{
    /// <summary>The longest submission key a client may send (a GUID or a hash).</summary>
    public const int MaxSubmissionKeyLength = 64;

    public async Task<ReportView> SubmitAsync(string caseId, string? text, string userId, string? submissionKey, CancellationToken cancellationToken)
    {
        var key = CheckKey(submissionKey);
        var jourCase = await cases.ViewAsync(caseId, cancellationToken);
        if (key is not null && await FindSubmittedAsync(jourCase.Id, key, cancellationToken) is { } already)
        {
            return already;
        }

        var checkedText = ReportText.Check(text);
        var configuration = registry.Current;
        var municipality = Recipient(jourCase);
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
            PersonId = jourCase.PersonId,
            PersonName = jourCase.Register?.Name ?? jourCase.Name,
            ProtectedPerson = ReportDocument.IsProtected(jourCase),
            Document = ReportDocument.Render(configuration.Jour.Name, municipality.Name, municipality.Code, jourCase, now, userId, configuration.Jour.TimeZone, checkedText),
            SubmissionKey = key,
        };
        await using var db = contexts();
        db.Reports.Add(row);
        // The draft is done with: removed in the same transaction that writes the report.
        db.ReportDrafts.RemoveRange(await db.ReportDrafts.Where(d => d.CaseId == jourCase.Id).ToListAsync(cancellationToken));
        try
        {
            await outbox.SaveAndDispatchAsync(db, () =>
            {
                db.Audit(userId, "report.written", jourCase.Id, municipality.Code);
                db.Publish(new ReportSubmitted(row.Id, row.CaseId, row.MunicipalityCode, row.DueAt, row.WrittenAt));
            }, cancellationToken);
        }
        catch (DbUpdateException) when (key is not null)
        {
            // The same submission from another request (a double click reaching two hosts) won the unique key: that report stands.
            return await FindSubmittedAsync(jourCase.Id, key, CancellationToken.None) ?? throw new InvalidOperationException("The report could not be saved.");
        }

        return ReportDelivery.ToView(row);
    }

    public async Task<ReportDraft> DraftAsync(string caseId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.ViewAsync(caseId, cancellationToken);
        await using (var db = contexts())
        {
            if (await db.ReportDrafts.AsNoTracking().SingleOrDefaultAsync(d => d.CaseId == jourCase.Id, cancellationToken) is { } saved)
            {
                return new ReportDraft(jourCase.Id, saved.Text, true, saved.SavedBy, saved.SavedAt);
            }
        }

        var facts = new ReportFacts(jourCase, await assessments.OfCaseAsync(jourCase.Id, cancellationToken), await decisions.OfCaseAsync(jourCase.Id, cancellationToken),
            await actions.OfCaseAsync(jourCase.Id, cancellationToken), await cases.NoticesAsync(jourCase.Id, cancellationToken), await timeSpent.OfCaseAsync(jourCase.Id, cancellationToken));
        return new ReportDraft(jourCase.Id, ReportDocument.Prefill(facts, code => registry.Current.Find(code)?.Name ?? code, registry.Current.Jour.TimeZone), false, null, null);
    }

    public async Task<ReportDraft> SaveDraftAsync(string caseId, string? text, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.ViewAsync(caseId, cancellationToken);
        var draft = text ?? "";
        if (draft.Length > FreeText.MaxReportLength)
        {
            throw new ValidationException("text", $"Utkastet är för långt: högst {FreeText.MaxReportLength} tecken.");
        }

        var now = time.GetUtcNow();
        await using var db = contexts();
        var row = await db.ReportDrafts.SingleOrDefaultAsync(d => d.CaseId == jourCase.Id, cancellationToken);
        if (row is null)
        {
            row = new ReportDraftRow { CaseId = jourCase.Id };
            db.ReportDrafts.Add(row);
        }

        (row.Text, row.SavedBy, row.SavedAt) = (draft, userId, now);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two first saves at once (two tabs, two hosts): the other one's row exists now; save onto it.
            await using var again = contexts();
            var other = await again.ReportDrafts.SingleAsync(d => d.CaseId == jourCase.Id, cancellationToken);
            (other.Text, other.SavedBy, other.SavedAt) = (draft, userId, now);
            await again.SaveChangesAsync(cancellationToken);
        }

        return new ReportDraft(jourCase.Id, draft, true, userId, now);
    }

    public async Task<ReportPreview> PreviewAsync(string caseId, string? text, string userId, CancellationToken cancellationToken)
    {
        var jourCase = await cases.ViewAsync(caseId, cancellationToken);
        var checkedText = ReportText.Check(text);
        var municipality = Recipient(jourCase);
        var configuration = registry.Current;
        return new ReportPreview(jourCase.Id, municipality.Code, municipality.Name,
            ReportDocument.Render(configuration.Jour.Name, municipality.Name, municipality.Code, jourCase, time.GetUtcNow(), userId, configuration.Jour.TimeZone, checkedText),
            ReportDocument.IsProtected(jourCase));
    }

    private Municipality Recipient(JourCaseView jourCase)
    {
        var municipality = registry.Current.Find(jourCase.MunicipalityCode);
        return municipality?.Reports is not null ? municipality : throw new ValidationException("caseId",
            $"Kommun {jourCase.MunicipalityCode} har ingen rapportkanal i konfigurationen{(municipality is null ? " (ärendet är hänvisat till en kommun utanför jouren)" : "")}. Kontakta IT.");
    }

    private static string? CheckKey(string? key) =>
        string.IsNullOrWhiteSpace(key) ? null
        : key.Length <= MaxSubmissionKeyLength && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? key
        : throw new ValidationException("submissionKey", $"Inlämningsnyckeln får bestå av högst {MaxSubmissionKeyLength} bokstäver, siffror, - och _.");

    private async Task<ReportView?> FindSubmittedAsync(string caseId, string key, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await db.Reports.AsNoTracking().SingleOrDefaultAsync(r => r.CaseId == caseId && r.SubmissionKey == key, cancellationToken);
        return row is null ? null : ReportDelivery.ToView(row);
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
