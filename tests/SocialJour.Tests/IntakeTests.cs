using Autofac;
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
        var e = await Assert.ThrowsAsync<IntakeValidationException>(() => Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null,
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

        Assert.Equal("channel", (await Assert.ThrowsAsync<IntakeValidationException>(() =>
            Intake.RegisterContactAsync(new ContactRegistration(null, null, null, null, [person]), "anna", CancellationToken.None))).Field);
        Assert.Equal("persons", (await Assert.ThrowsAsync<IntakeValidationException>(() =>
            Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null, []), "anna", CancellationToken.None))).Field);
        Assert.Equal("receivedAt", (await Assert.ThrowsAsync<IntakeValidationException>(() =>
            Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, _time.Now.AddHours(1), null, null, [person]), "anna", CancellationToken.None))).Field);
        Assert.Equal("persons", (await Assert.ThrowsAsync<IntakeValidationException>(() =>
            Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, null, null, [person, person]), "anna", CancellationToken.None))).Field);
    }

    [Fact]
    public async Task Each_contact_is_marked_open_or_closed_from_the_calendar_at_the_time_it_was_received()
    {
        var person = new PersonConcerned("201003152384", null, null, "0191", CaseCategory.ChildrenAndYouth);

        var daytime = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Municipality, new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.FromHours(1)), null, null, [person]), "anna", CancellationToken.None);
        var night = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, new DateTimeOffset(2026, 11, 24, 3, 30, 0, TimeSpan.FromHours(1)), null, null, [person]), "anna", CancellationToken.None);

        Assert.Equal("Closed", daytime.JourMode);
        Assert.Equal("Standby", night.JourMode);
    }

    [Fact]
    public async Task A_closed_case_leaves_the_open_list_and_cannot_be_closed_twice()
    {
        var registered = await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.DirectLine, null, null, null,
            [new PersonConcerned("201107222380", null, null, "0123", CaseCategory.ChildrenAndYouth)]), "anna", CancellationToken.None);
        var id = registered.Cases[0].Id;

        await Intake.CloseCaseAsync(id, "anna", CancellationToken.None);

        Assert.Empty(await Intake.OpenCasesAsync(CancellationToken.None));
        Assert.False((await Intake.FindCaseAsync(id, CancellationToken.None))!.IsOpen);
        await Assert.ThrowsAsync<IntakeValidationException>(() => Intake.CloseCaseAsync(id, "anna", CancellationToken.None));
        Assert.True((await Assert.ThrowsAsync<IntakeValidationException>(() => Intake.CloseCaseAsync("J424242", "anna", CancellationToken.None))).NotFound);
    }
}
