using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core.Audit;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// A case move and a report delivery never interleave (ADR 0016). Before intake saves a move, this holds every queued report
/// of the case, waiting (at most <see cref="WaitAtMost"/>) for a delivery in flight to finish; a delivery that cannot take the
/// lease skips the report, and one that takes it after the move sees the new municipality and stops. A report that had already
/// left for the old municipality is recorded as a "wrong municipality" deviation and queued again for the new one.
/// </summary>
internal sealed class ReportMoveGuard(
    Func<AssessmentDbContext> contexts,
    ReportClaims claims,
    IMunicipalityRegistry registry,
    IAuditLog audit,
    TimeProvider time,
    ILogger<ReportMoveGuard> logger) : ICaseMoveGuard
{
    /// <summary>How long a move waits for a delivery in flight: longer than any channel's time limit.</summary>
    public static readonly TimeSpan WaitAtMost = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan MoveLease = TimeSpan.FromMinutes(1);

    private readonly ReportClaims _claims = claims;

    public async Task<(ICaseMoveHold? Hold, string? WhyNot)> HoldAsync(JourCaseInfo jourCase, string toMunicipalityCode, CancellationToken cancellationToken)
    {
        var holder = $"move:{Guid.NewGuid():N}";
        var held = new List<long>();
        var started = time.GetTimestamp();
        var queued = nameof(ReportStatus.Queued);
        while (true)
        {
            List<long> open;
            await using (var db = contexts())
            {
                open = await db.Reports.AsNoTracking().Where(r => r.CaseId == jourCase.Id && r.Status == queued).Select(r => r.Id).ToListAsync(cancellationToken);
            }

            var busy = false;
            foreach (var id in open.Except(held))
            {
                if (await _claims.TryClaimAsync(id, holder, MoveLease, cancellationToken))
                {
                    held.Add(id);
                }
                else
                {
                    busy = true;
                }
            }

            if (!busy)
            {
                return (new Hold(this, jourCase, toMunicipalityCode, holder, held), null);
            }

            if (time.GetElapsedTime(started) > WaitAtMost)
            {
                foreach (var id in held)
                {
                    await _claims.ReleaseAsync(id, holder);
                }

                logger.LogWarning("Move of case {Case} refused: a report delivery did not finish within {Seconds} s", jourCase.Id, WaitAtMost.TotalSeconds);
                return (null, $"En rapport i ärendet håller på att levereras till kommun {jourCase.MunicipalityCode} och blev inte klar inom {WaitAtMost.TotalSeconds:0} sekunder. Försök flytta ärendet igen om en minut.");
            }

            // The delivery is on another task or host: look again shortly (bounded by WaitAtMost above).
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }
    }

    private async Task MovedAsync(JourCaseInfo jourCase, string to, string userId)
    {
        var from = jourCase.MunicipalityCode;
        var configuration = registry.Current;
        var fromName = configuration.Find(from)?.Name ?? MunicipalityCodes.ShortNames.GetValueOrDefault(from, from);
        var toMunicipality = configuration.Find(to);
        var toName = toMunicipality?.Name ?? MunicipalityCodes.ShortNames.GetValueOrDefault(to, to);
        var now = time.GetUtcNow();
        await using var db = contexts();
        var reports = await db.Reports.Where(r => r.CaseId == jourCase.Id && r.MunicipalityCode == from).OrderBy(r => r.Id).ToListAsync(CancellationToken.None);
        foreach (var report in reports)
        {
            if (report.Status == nameof(ReportStatus.Queued))
            {
                // Held by this move, so not on its way: it is not delivered to either (ADR 0011).
                report.Status = nameof(ReportStatus.Failed);
                report.LastError = $"Stoppad: ärendet hör nu till kommun {to}, rapporten skrevs till {from} och flyttades innan den levererades. Skriv en ny rapport.";
                continue;
            }

            if (report.Status != nameof(ReportStatus.Delivered))
            {
                continue;
            }

            // It left for the old municipality before the move: a deviation, and the new municipality gets the report.
            var when = TimeZoneInfo.ConvertTime(report.DeliveredAt ?? now, configuration.Jour.TimeZone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
            var forwarded = toMunicipality?.Reports is not null;
            db.Deviations.Add(new DeviationRow
            {
                Category = nameof(DeviationCategory.WrongMunicipality),
                Description = $"Rapport {report.Id.ToString(CultureInfo.InvariantCulture)} i ärende {jourCase.Id} levererades till {fromName} ({from}) {when} ({report.Receipt}), " +
                    $"men ärendet flyttades därefter till {toName} ({to}). Be {fromName} att radera rapporten. " +
                    (forwarded ? $"Rapporten skickas nu till {toName}." : $"{toName} har ingen rapportkanal i jouren: lämna rapporten på annat sätt."),
                OccurredAt = report.DeliveredAt ?? now,
                CaseId = jourCase.Id,
                MunicipalityCode = from,
                ReportedBy = "system",
                ReportedAt = now,
            });
            if (forwarded)
            {
                db.Reports.Add(new ReportRow
                {
                    CaseId = jourCase.Id,
                    MunicipalityCode = to,
                    Text = report.Text,
                    WrittenBy = report.WrittenBy,
                    WrittenAt = now,
                    DueAt = report.DueAt,
                    Status = nameof(ReportStatus.Queued),
                    NextAttemptAt = now,
                });
            }

            logger.LogWarning("Report {Id} of case {Case} had left for {From} before the case moved to {To}: deviation recorded", report.Id, jourCase.Id, from, to);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        if (reports.Count > 0)
        {
            await audit.AppendAsync(userId, "report.case-moved", jourCase.Id, $"{from} -> {to}: {reports.Count.ToString(CultureInfo.InvariantCulture)} rapport(er)", CancellationToken.None);
        }
    }

    private sealed class Hold(ReportMoveGuard guard, JourCaseInfo jourCase, string to, string holder, List<long> held) : ICaseMoveHold
    {
        public Task MovedAsync(string userId, CancellationToken cancellationToken) => guard.MovedAsync(jourCase, to, userId);

        public async ValueTask DisposeAsync()
        {
            foreach (var id in held)
            {
                await guard._claims.ReleaseAsync(id, holder);
            }
        }
    }
}
