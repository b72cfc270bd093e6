using Autofac;
using SocialJour.Core;
using SocialJour.Modules.Intake;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests;

/// <summary>Contacts become one case per person concerned; bad input is refused whole with a message naming the person and field.</summary>
public sealed class IntakeTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2026, 11, 24, 21, 15, 0, TimeSpan.FromHours(1))); // a Tuesday evening
    private readonly IContainer _container;

    public IntakeTests() => _container = CoreHarness.Build(DemoConfig.CopyTo(_dir), new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, _dir.File("data"), null), time: _time, withModules: true);

    private IIntakeModule Intake => _container.Resolve<IIntakeModule>();

    public void Dispose()
    {
        _container.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public async Task A_domestic_violence_call_opens_one_case_per_person_all_linked_to_the_one_contact_children_listed_first()
    {
        var registered = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.SosAlarm, null, "SOS Alarm", "Våld i hemmet",
        [
            new PersonConcerned("19851130-2385", null, null, "0184", CaseCategory.DomesticViolence),
            new PersonConcerned("201003152384", null, null, "0184", CaseCategory.DomesticViolence),
            new PersonConcerned(null, "Lillebror", 4, "0184", CaseCategory.ChildrenAndYouth),
        ]), "anna", CancellationToken.None);

        Assert.Equal(3, registered.Cases.Count);
        Assert.All(registered.Cases, c => Assert.Equal(registered.ContactId, c.ContactId));
        Assert.Equal("Open", registered.JourMode);
        var open = await Intake.OpenCasesAsync(CancellationToken.None);
        Assert.Equal(3, open.Count);
        Assert.False(open[2].ConcernsChild); // the adult last
        Assert.Equal("Oidentifierad Lillebror (ca 4 år)", open.Single(c => c.PersonId is null).PersonLabel);
        Assert.DoesNotContain(open, c => c.PersonLabel.Contains("2385", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("20100315-2385", "0184", "persons[2].identityNumber", "Person 2")]
    [InlineData("20100315-2384", "0999", "persons[2].municipalityCode", "Person 2")]
    [InlineData(null, "0184", "persons[2]", "Person 2")]
    public async Task A_bad_person_refuses_the_whole_contact_and_stores_nothing(string? number, string municipality, string field, string named)
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
        [
            new PersonConcerned("19851130-2385", null, null, "0184", CaseCategory.DomesticViolence),
            new PersonConcerned(number, null, null, municipality, CaseCategory.ChildrenAndYouth),
        ]), "anna", CancellationToken.None));

        Assert.Equal(field, e.Field);
        Assert.StartsWith(named, e.Message, StringComparison.Ordinal);
        Assert.Empty(await Intake.OpenCasesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_contact_needs_a_channel_a_person_and_a_time_that_is_not_in_the_future()
    {
        var person = new PersonConcerned("201003152384", null, null, "0191", CaseCategory.ChildrenAndYouth);

        Assert.Equal("channel", (await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.RegisterContactAsync(new ContactRegistration(null, null, null, null, [person]), "anna", CancellationToken.None))).Field);
        Assert.Equal("persons", (await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null, []), "anna", CancellationToken.None))).Field);
        Assert.Equal("receivedAt", (await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, _time.Now.AddHours(1), null, null, [person]), "anna", CancellationToken.None))).Field);
        Assert.Equal("persons", (await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null, [person, person]), "anna", CancellationToken.None))).Field);
    }

    [Fact]
    public async Task A_contact_received_in_a_year_the_calendar_does_not_know_is_refused_naming_the_time()
    {
        var person = new PersonConcerned("201003152384", null, null, "0191", CaseCategory.ChildrenAndYouth);

        var e = await Assert.ThrowsAsync<ValidationException>(() => Intake.RegisterContactAsync(
            new ContactRegistration(ContactChannel.Police, new DateTimeOffset(1950, 6, 6, 2, 0, 0, TimeSpan.FromHours(1)), null, null, [person]), "anna", CancellationToken.None));

        Assert.Equal("receivedAt", e.Field);
        Assert.Contains("1953", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_contact_is_marked_open_or_closed_from_the_calendar_at_the_time_it_was_received()
    {
        var person = new PersonConcerned("201003152384", null, null, "0191", CaseCategory.ChildrenAndYouth);

        var daytime = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Municipality, new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1)), null, null, [person]), "anna", CancellationToken.None);
        var night = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, new DateTimeOffset(2026, 11, 24, 3, 30, 0, TimeSpan.FromHours(1)), null, null, [person],
            "Ett nytt samtal om samma person samma dygn"), "anna", CancellationToken.None);

        Assert.Equal("Closed", daytime.JourMode);
        Assert.Equal("Standby", night.JourMode);
    }

    [Fact]
    public async Task A_closed_case_leaves_the_open_list_and_cannot_be_closed_twice()
    {
        var registered = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.DirectLine, null, null, null,
            [new PersonConcerned("197806142399", null, null, "0114", CaseCategory.SubstanceAbuse)]), "anna", CancellationToken.None);
        var id = registered.Cases[0].Id;

        await Intake.CloseCaseAsync(id, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None);

        Assert.Empty(await Intake.OpenCasesAsync(CancellationToken.None));
        Assert.False((await Intake.FindCaseAsync(id, CancellationToken.None))!.IsOpen);
        await Assert.ThrowsAsync<ValidationException>(() => Intake.CloseCaseAsync(id, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None));
        Assert.True((await Assert.ThrowsAsync<ValidationException>(() => Intake.CloseCaseAsync("J424242", new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None))).NotFound);
    }

    [Fact]
    public async Task Callback_and_on_site_targets_are_tracked_and_a_missed_one_is_recorded_once()
    {
        var received = _time.Now;
        var late = (await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.SosAlarm, received, null, null,
            [new PersonConcerned("201003152384", null, null, "0191", CaseCategory.ChildrenAndYouth, TriageLevel.Urgent)]), "anna", CancellationToken.None)).Cases[0];
        var prompt = (await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, received, null, null,
            [new PersonConcerned("201107222380", null, null, "0123", CaseCategory.ChildrenAndYouth, TriageLevel.Acute)]), "anna", CancellationToken.None)).Cases[0];
        Assert.Equal(received.AddMinutes(30), late.CallbackDueAt);

        _time.Now = received.AddMinutes(20);
        await Intake.RecordCallbackAsync(prompt.Id, "anna", CancellationToken.None);
        await Intake.DecideVisitAsync(prompt.Id, "anna", CancellationToken.None);
        Assert.Equal(0, await Intake.RecordBreachesAsync(CancellationToken.None));

        // The live list: acute first, and its next deadline is now the on-site one.
        var open = await Intake.OpenCasesAsync(CancellationToken.None);
        Assert.Equal([prompt.Id, late.Id], open.Select(c => c.Id));
        Assert.Equal(received.AddMinutes(20).AddHours(2), open[0].NextDeadline);

        _time.Now = received.AddMinutes(31);
        Assert.Equal(1, await Intake.RecordBreachesAsync(CancellationToken.None));
        Assert.Equal(0, await Intake.RecordBreachesAsync(CancellationToken.None)); // recorded once
        await Intake.RecordCallbackAsync(late.Id, "anna", CancellationToken.None); // late: still one breach

        _time.Now = received.AddMinutes(20).AddHours(2).AddMinutes(5);
        await Intake.RecordOnSiteAsync(prompt.Id, "anna", CancellationToken.None); // five minutes late

        var breaches = await Intake.TimerBreachesAsync(CancellationToken.None);
        Assert.Equal([(late.Id, "Callback"), (prompt.Id, "OnSite")], breaches.Select(b => (b.CaseId, b.Kind)).Order());
        await Assert.ThrowsAsync<ValidationException>(() => Intake.RecordCallbackAsync(late.Id, "anna", CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => Intake.RecordOnSiteAsync(late.Id, "anna", CancellationToken.None)); // no visit decided
    }

    [Fact]
    public async Task An_active_notice_is_shown_with_the_case_and_must_be_acknowledged_before_the_case_closes()
    {
        var notice = await Intake.RegisterNoticeAsync(new NoticeRegistration("0163", "19920317-2383", "Bevilja inte ekonomiskt bistånd, kontakta socialchefen",
            new DateOnly(2026, 11, 1), new DateOnly(2026, 12, 31)), "erik", CancellationToken.None);
        await Intake.RegisterNoticeAsync(new NoticeRegistration("0163", "19920317-2383", "Gammal avisering som har gått ut", new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1)), "erik", CancellationToken.None);

        var c = (await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.DirectLine, null, null, null,
            [new PersonConcerned("199203172383", null, null, "0163", CaseCategory.FinancialOrHousing)]), "anna", CancellationToken.None)).Cases[0];

        Assert.Equal(1, c.UnacknowledgedNotices);
        var shown = Assert.Single(await Intake.CaseNoticesAsync(c.Id, CancellationToken.None));
        Assert.Equal((notice.Id, false), (shown.Id, shown.Acknowledged));
        var refused = await Assert.ThrowsAsync<ValidationException>(() => Intake.CloseCaseAsync(c.Id, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None));
        Assert.Contains("inte är kvitterade", refused.Message, StringComparison.Ordinal);

        var acknowledged = await Intake.AcknowledgeNoticeAsync(c.Id, notice.Id, "anna", CancellationToken.None);
        Assert.Equal("anna", acknowledged.AcknowledgedBy);
        Assert.Equal(0, (await Intake.FindCaseAsync(c.Id, CancellationToken.None))!.UnacknowledgedNotices);
        await Intake.CloseCaseAsync(c.Id, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None);
        var audit = await _container.Resolve<SocialJour.Core.Audit.IAuditLog>().RecentAsync(10);
        Assert.Contains(audit, a => a.Action == "notice.acknowledged" && a.Actor == "anna" && a.Subject == c.Id);
    }

    [Theory]
    [InlineData(null, "20110722-2380", "Bevilja inte bistånd", "municipalityCode")]
    [InlineData("0123", "20110722-2381", "Bevilja inte bistånd", "identityNumber")]
    [InlineData("0123", "20110722-2380", " ", "text")]
    public async Task A_bad_notice_is_refused_naming_the_field(string? municipality, string number, string text, string field)
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.RegisterNoticeAsync(new NoticeRegistration(municipality, number, text, null, null), "erik", CancellationToken.None));

        Assert.Equal(field, e.Field);
        Assert.Empty(await Intake.ActiveNoticesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_person_from_a_non_member_is_registered_and_referred_and_moving_a_case_needs_a_logged_reason()
    {
        var c = (await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
            [new PersonConcerned("197806142399", null, null, "0180", CaseCategory.SubstanceAbuse)]), "anna", CancellationToken.None)).Cases[0];

        Assert.True(c.Referred);
        Assert.Contains("Stockholm (0180) är inte medlem", c.ReferralNote, StringComparison.Ordinal);

        var noReason = await Assert.ThrowsAsync<ValidationException>(() => Intake.ChangeMunicipalityAsync(c.Id, "0114", "", "anna", CancellationToken.None));
        Assert.Equal("reason", noReason.Field);
        Assert.Equal("municipalityCode", (await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.ChangeMunicipalityAsync(c.Id, "9999", "Fel kommun angiven av polisen", "anna", CancellationToken.None))).Field);

        var moved = await Intake.ChangeMunicipalityAsync(c.Id, "0114", "Folkbokförd i Upplands Väsby enligt polisen", "anna", CancellationToken.None);

        Assert.Equal(("0114", false, (string?)null), (moved.MunicipalityCode, moved.Referred, moved.ReferralNote));
        var logged = (await _container.Resolve<SocialJour.Core.Audit.IAuditLog>().RecentAsync(5)).First(a => a.Action == "case.municipality-changed");
        Assert.Equal(("anna", c.Id, "0180 -> 0114: Folkbokförd i Upplands Väsby enligt polisen"), (logged.Actor, logged.Subject, logged.Details));
    }

    [Fact]
    public async Task A_commission_records_who_ordered_it_and_the_time_spent_when_done()
    {
        var ordered = await Intake.RegisterCommissionAsync(new CommissionOrder("0163", CommissionKind.HomeVisit, "Nils Ek, Sollentuna Vuxen", _time.Now.AddHours(-3),
            "19920317-2383", "Tillsyn i hemmet kl 22"), "anna", CancellationToken.None);
        await Intake.RegisterCommissionAsync(new CommissionOrder("0191", CommissionKind.PhoneSupport, "Karin Ek", null, null, "Ring familjen under helgen"), "anna", CancellationToken.None);

        Assert.Equal(2, (await Intake.CommissionsAsync(openOnly: true, CancellationToken.None)).Count);
        Assert.Equal("minutesSpent", (await Assert.ThrowsAsync<ValidationException>(() => Intake.CompleteCommissionAsync(ordered.Id, 0, "anna", CancellationToken.None))).Field);

        var done = await Intake.CompleteCommissionAsync(ordered.Id, 75, "anna", CancellationToken.None);

        Assert.Equal((true, 75, "anna", "199203172383"), (done.Done, done.MinutesSpent, done.DoneBy, done.PersonId));
        Assert.Single(await Intake.CommissionsAsync(openOnly: true, CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => Intake.CompleteCommissionAsync(ordered.Id, 10, "anna", CancellationToken.None));
    }

    [Theory]
    [InlineData("0180", "HomeVisit", "Någon", "Tillsyn", "municipalityCode")]
    [InlineData("0163", null, "Någon", "Tillsyn", "kind")]
    [InlineData("0163", "HomeVisit", " ", "Tillsyn", "orderedBy")]
    [InlineData("0163", "HomeVisit", "Någon", "", "description")]
    public async Task A_bad_commission_is_refused_naming_the_field(string municipality, string? kind, string orderedBy, string description, string field)
    {
        var order = new CommissionOrder(municipality, kind is null ? null : Enum.Parse<CommissionKind>(kind), orderedBy, null, null, description);

        Assert.Equal(field, (await Assert.ThrowsAsync<ValidationException>(() => Intake.RegisterCommissionAsync(order, "anna", CancellationToken.None))).Field);
        Assert.Empty(await Intake.CommissionsAsync(openOnly: false, CancellationToken.None));
    }
}
