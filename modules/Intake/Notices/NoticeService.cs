using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Configuration;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Common;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.Notices;

/// <summary>Notices (aviseringar) from the municipalities: registered, listed, shown on the cases about the person and acknowledged per case.</summary>
internal sealed class NoticeService(Func<IntakeDbContext> contexts, IMunicipalityRegistry registry, IOutbox<IntakeDbContext> outbox, JourClock clock)
{
    public async Task<NoticeView> RegisterAsync(NoticeRegistration registration, string userId, CancellationToken cancellationToken)
    {
        var configuration = registry.Current;
        var notice = NoticeRule.Check(registration, JourClock.LocalDate(clock.UtcNow, configuration.Jour.TimeZone), configuration.Find);
        var row = new NoticeRow
        {
            MunicipalityCode = notice.MunicipalityCode,
            PersonId = notice.PersonId,
            Text = notice.Text,
            ValidFrom = notice.ValidFrom,
            ValidTo = notice.ValidTo,
            Restricts = notice.Restricts?.ToString(),
            RegisteredBy = userId,
            RegisteredAt = clock.UtcNow,
        };
        await using var db = contexts();
        db.Notices.Add(row);
        await outbox.SaveAndDispatchAsync(db, () => db.Audit(userId, "notice.registered", "notice " + row.Id.ToString(CultureInfo.InvariantCulture), notice.MunicipalityCode), cancellationToken);
        return ToView(row, null);
    }

    public async Task<IReadOnlyList<NoticeView>> ActiveAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        await using var db = contexts();
        var rows = await db.Notices.AsNoTracking().Where(n => n.ValidFrom <= today && (n.ValidTo == null || n.ValidTo >= today)).ToListAsync(cancellationToken);
        return rows.OrderBy(n => n.ValidTo ?? DateOnly.MaxValue).Select(n => ToView(n, null)).ToList();
    }

    /// <summary>The notices a municipality has sent that are valid today or later (its own client's list).</summary>
    public async Task<IReadOnlyList<NoticeView>> OfMunicipalityAsync(string municipalityCode, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        await using var db = contexts();
        var rows = await db.Notices.AsNoTracking().Where(n => n.MunicipalityCode == municipalityCode && (n.ValidTo == null || n.ValidTo >= today)).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        return rows.Select(n => ToView(n, null)).ToList();
    }

    /// <summary>Notices about one person valid today (the look-up answer shows them).</summary>
    public async Task<IReadOnlyList<NoticeView>> AboutAsync(string personId, CancellationToken cancellationToken)
    {
        var today = clock.Today;
        await using var db = contexts();
        var rows = await db.Notices.AsNoTracking().Where(n => n.PersonId == personId && n.ValidFrom <= today && (n.ValidTo == null || n.ValidTo >= today)).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        return rows.Select(n => ToView(n, null)).ToList();
    }

    /// <summary>
    /// Active notices bearing on the case (<see cref="UnacknowledgedNotices.PersonsAsync"/>: its person, the other persons of
    /// the contact, its related parties), unacknowledged first, each naming whom it concerns when not the case's own person.
    /// </summary>
    public async Task<IReadOnlyList<NoticeView>> ForCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        var persons = (await UnacknowledgedNotices.PersonsAsync(db, [row], cancellationToken))[row.Id];
        if (persons.Count == 0)
        {
            return [];
        }

        var today = clock.Today;
        var ids = persons.Select(p => p.PersonId).ToList();
        var notices = await db.Notices.AsNoTracking().Where(n => ids.Contains(n.PersonId) && n.ValidFrom <= today && (n.ValidTo == null || n.ValidTo >= today)).ToListAsync(cancellationToken);
        var acks = await db.NoticeAcknowledgements.AsNoTracking().Where(a => a.CaseId == row.Id).ToListAsync(cancellationToken);
        return notices.Select(n =>
            {
                var person = persons.First(p => p.PersonId == n.PersonId);
                return ToView(n, acks.FirstOrDefault(a => a.NoticeId == n.Id)) with { ConcernsLabel = person.Label, ConcernsCaseId = person.Label is null ? null : person.CaseId };
            })
            .OrderBy(n => n.Acknowledged).ThenBy(n => n.Id).ToList();
    }

    public async Task<NoticeView> AcknowledgeAsync(string caseId, long noticeId, string userId, CancellationToken cancellationToken)
    {
        var notices = await ForCaseAsync(caseId, cancellationToken);
        var notice = notices.FirstOrDefault(n => n.Id == noticeId)
            ?? throw new ValidationException("noticeId", $"Aviseringen {noticeId} gäller inte ärendet {caseId}.", notFound: true);
        if (notice.Acknowledged)
        {
            return notice;
        }

        var ack = new NoticeAcknowledgementRow { CaseId = CaseIds.Parse(caseId)!.Value, NoticeId = noticeId, AcknowledgedBy = userId, AcknowledgedAt = clock.UtcNow };
        await using var db = contexts();
        db.NoticeAcknowledgements.Add(ack);
        db.Audit(userId, "notice.acknowledged", caseId, "notice " + noticeId.ToString(CultureInfo.InvariantCulture));
        db.Publish(new NoticeAcknowledged(CaseIds.Format(ack.CaseId), noticeId, notice.MunicipalityCode, ack.AcknowledgedAt));
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return notice with { AcknowledgedBy = userId, AcknowledgedAt = ack.AcknowledgedAt };
    }

    private static NoticeView ToView(NoticeRow n, NoticeAcknowledgementRow? ack) =>
        new(n.Id, n.MunicipalityCode, n.PersonId, n.Text, n.ValidFrom, n.ValidTo, n.RegisteredBy, n.RegisteredAt, ack?.AcknowledgedBy, ack?.AcknowledgedAt,
            n.Restricts is not null && Enum.TryParse<NoticeRestriction>(n.Restricts, out var r) ? r : null);
}
