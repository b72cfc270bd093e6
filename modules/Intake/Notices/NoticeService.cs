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

    public async Task<IReadOnlyList<NoticeView>> ForCaseAsync(string caseId, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        var row = await CaseQueries.FindRowAsync(db, caseId, cancellationToken);
        if (row.PersonId is null)
        {
            return [];
        }

        var today = clock.Today;
        var notices = await db.Notices.AsNoTracking().Where(n => n.PersonId == row.PersonId && n.ValidFrom <= today && (n.ValidTo == null || n.ValidTo >= today)).ToListAsync(cancellationToken);
        var acks = await db.NoticeAcknowledgements.AsNoTracking().Where(a => a.CaseId == row.Id).ToListAsync(cancellationToken);
        return notices.Select(n => ToView(n, acks.FirstOrDefault(a => a.NoticeId == n.Id))).OrderBy(n => n.Acknowledged).ToList();
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
        new(n.Id, n.MunicipalityCode, n.PersonId, n.Text, n.ValidFrom, n.ValidTo, n.RegisteredBy, n.RegisteredAt, ack?.AcknowledgedBy, ack?.AcknowledgedAt);
}
