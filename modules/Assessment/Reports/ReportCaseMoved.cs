using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// Intake moved a case to another municipality (<see cref="CaseMoved"/>, through intake's outbox). A report still queued for
/// the old municipality is stopped (it goes to neither: ADR 0011); one that had already left for it is recorded as a
/// "wrong municipality" deviation and queued again for the new one. A move and a delivery never interleave (ADR 0016): this
/// takes the lease on each queued report first, and while a delivery holds one it throws, so the outbox retries it with
/// backoff once the delivery is done; the delivery in turn sends nothing for a case that no longer belongs to the report's
/// municipality (<see cref="ReportDelivery"/>) and leaves that report to this subscriber.
/// </summary>
internal sealed class ReportCaseMoved(
    Func<AssessmentDbContext> contexts,
    ReportClaims claims,
    IOutbox<AssessmentDbContext> outbox,
    IMunicipalityRegistry registry,
    TimeProvider time,
    ILogger<ReportCaseMoved> logger) : IIntegrationEventHandler<CaseMoved>
{
    private static readonly TimeSpan MoveLease = TimeSpan.FromMinutes(1);

    public async Task HandleAsync(CaseMoved evt, IntegrationEventContext context, CancellationToken cancellationToken)
    {
        var holder = $"move:{context.MessageId}:{Guid.NewGuid():N}";
        var held = new List<long>();
        try
        {
            List<long> queued;
            await using (var db = contexts())
            {
                var status = nameof(ReportStatus.Queued);
                queued = await db.Reports.AsNoTracking().Where(r => r.CaseId == evt.CaseId && r.MunicipalityCode == evt.FromMunicipalityCode && r.Status == status)
                    .Select(r => r.Id).ToListAsync(cancellationToken);
            }

            foreach (var id in queued)
            {
                if (!await claims.TryClaimAsync(id, holder, MoveLease, cancellationToken))
                {
                    // A delivery is in flight (on this host or another): the outbox tries again after it.
                    throw new ReportBusyException($"Rapport {id.ToString(CultureInfo.InvariantCulture)} levereras just nu; flytten av ärendet hanteras när leveransen är klar.");
                }

                held.Add(id);
            }

            await ApplyAsync(evt);
        }
        finally
        {
            foreach (var id in held)
            {
                await claims.ReleaseAsync(id, holder);
            }
        }
    }

    private async Task ApplyAsync(CaseMoved evt)
    {
        var (caseId, from, to) = (evt.CaseId, evt.FromMunicipalityCode, evt.ToMunicipalityCode);
        var configuration = registry.Current;
        var fromName = configuration.Find(from)?.Name ?? MunicipalityCodes.ShortNames.GetValueOrDefault(from, from);
        var toMunicipality = configuration.Find(to);
        var toName = toMunicipality?.Name ?? MunicipalityCodes.ShortNames.GetValueOrDefault(to, to);
        var now = time.GetUtcNow();
        await using var db = contexts();
        var reports = await db.Reports.Where(r => r.CaseId == caseId && r.MunicipalityCode == from).OrderBy(r => r.Id).ToListAsync(CancellationToken.None);
        var wrongMunicipality = nameof(DeviationCategory.WrongMunicipality);
        var recorded = await db.Deviations.AsNoTracking().Where(d => d.CaseId == caseId && d.Category == wrongMunicipality && d.MunicipalityCode == from && d.ReportedAt >= evt.MovedAt)
            .Select(d => d.Description).ToListAsync(CancellationToken.None);
        var stopped = new List<ReportRow>();
        var deviations = new List<DeviationRow>();
        var forwardedReports = new List<ReportRow>();
        var handled = 0;
        foreach (var report in reports)
        {
            if (report.Status == nameof(ReportStatus.Queued))
            {
                // Held by this subscriber, so not on its way: it is not delivered to either (ADR 0011).
                report.Status = nameof(ReportStatus.Failed);
                report.LastError = $"Stoppad: ärendet hör nu till kommun {to}, rapporten skrevs till {from} och flyttades innan den levererades. Skriv en ny rapport.";
                stopped.Add(report);
                handled++;
                continue;
            }

            var prefix = $"Rapport {report.Id.ToString(CultureInfo.InvariantCulture)} i ärende {caseId} ";
            if (report.Status != nameof(ReportStatus.Delivered) || recorded.Any(d => d.StartsWith(prefix, StringComparison.Ordinal)))
            {
                continue; // failed earlier, or this move was handled already (the event is delivered at least once)
            }

            // It left for the old municipality before the move: a deviation, and the new municipality gets the report.
            handled++;
            var when = TimeZoneInfo.ConvertTime(report.DeliveredAt ?? now, configuration.Jour.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var forwarded = toMunicipality?.Reports is not null;
            var deviation = new DeviationRow
            {
                Category = wrongMunicipality,
                Description = prefix + $"levererades till {fromName} ({from}) {when} ({report.Receipt}), " +
                    $"men ärendet flyttades därefter till {toName} ({to}). Be {fromName} att radera rapporten. " +
                    (forwarded ? $"Rapporten skickas nu till {toName}." : $"{toName} har ingen rapportkanal i jouren: lämna rapporten på annat sätt."),
                OccurredAt = report.DeliveredAt ?? now,
                CaseId = caseId,
                MunicipalityCode = from,
                ReportedBy = "system",
                ReportedAt = now,
            };
            db.Deviations.Add(deviation);
            deviations.Add(deviation);
            if (forwarded)
            {
                var copy = new ReportRow
                {
                    CaseId = caseId,
                    MunicipalityCode = to,
                    Text = report.Text,
                    WrittenBy = report.WrittenBy,
                    WrittenAt = now,
                    DueAt = report.DueAt,
                    Status = nameof(ReportStatus.Queued),
                    NextAttemptAt = now,
                };
                db.Reports.Add(copy);
                forwardedReports.Add(copy);
            }

            logger.LogWarning("Report {Id} of case {Case} had left for {From} before the case moved to {To}: deviation recorded", report.Id, caseId, from, to);
        }

        if (handled == 0)
        {
            return;
        }

        // The reports' new state, the deviations, the audit entry and the events in one transaction.
        await outbox.SaveAndDispatchAsync(db, () =>
        {
            db.Audit("system", "report.case-moved", caseId, $"{from} -> {to}: {reports.Count.ToString(CultureInfo.InvariantCulture)} rapport(er)");
            foreach (var r in stopped)
            {
                db.Publish(new ReportFailed(r.Id, r.CaseId, r.MunicipalityCode, r.LastError!, now));
            }

            foreach (var d in deviations)
            {
                db.Publish(Deviations.Reported(d, DeviationCategory.WrongMunicipality));
            }

            foreach (var r in forwardedReports)
            {
                db.Publish(new ReportSubmitted(r.Id, r.CaseId, r.MunicipalityCode, r.DueAt, r.WrittenAt));
            }
        }, CancellationToken.None);
    }

    /// <summary>A report of the moved case is being delivered: the outbox retries the move after a backoff.</summary>
    private sealed class ReportBusyException(string message) : Exception(message);
}
