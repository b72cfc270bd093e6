using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Events;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests;

/// <summary>
/// Intake's <see cref="CaseMoved"/> through intake's real outbox, as intake publishes it once its side of issue 12 lands: saved
/// in intake's database and handed to every subscriber (the Assessment module's among them). Where intake already published
/// one for the case, nothing is added, so the tests keep working after that.
/// </summary>
internal static class IntakeEventsForTests
{
    public static async Task CaseMovedAsync(IComponentContext container, string caseId, string from, string to, DateTimeOffset at)
    {
        await using var db = container.Resolve<Func<IntakeDbContext>>()();
        var type = typeof(CaseMoved).FullName;
        var key = $"\"caseId\":\"{caseId}\"";
        if (await db.Set<OutboxMessage>().AnyAsync(m => m.EventType == type && m.Payload != null && m.Payload.Contains(key)))
        {
            return;
        }

        db.Publish(new CaseMoved(caseId, from, to, false, at));
        await container.Resolve<IOutbox<IntakeDbContext>>().SaveAndDispatchAsync(db, CancellationToken.None);
    }
}
