using Autofac;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Modules.Assessment.Contracts;
using SocialJour.Modules.Billing;
using SocialJour.Modules.Intake.Contracts;
using SocialJour.Modules.Statistics;
using SocialJour.Modules.Statistics.Facts;

namespace SocialJour.Tests.Intake;

/// <summary>
/// Issue 24 §3, duplicates and siblings: the same person registered again is refused with the open or recent case to use
/// (or registered anew with a logged reason); siblings born the same year are flagged; closing takes a reason; an annulled
/// duplicate leaves the open list, statistics and billing; the priority defaults from age and category. Real SQLite, all modules.
/// </summary>
public sealed class DuplicateCaseTests : IDisposable
{
    private const string Maja = "201003152384"; // born 2010
    private const string Sibling2010 = "201006122384"; // also born 2010
    private const string Sara = "198511302385";

    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2026, 11, 24, 21, 15, 0, TimeSpan.FromHours(1)));
    private readonly IContainer _container;

    public DuplicateCaseTests() => _container = CoreHarness.Build(DemoConfig.CopyTo(_dir), new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, _dir.File("data"), null),
        time: _time, withModules: true);

    private IIntakeModule Intake => _container.Resolve<IIntakeModule>();

    public void Dispose()
    {
        _container.Dispose();
        _dir.Dispose();
    }

    private Task<RegisteredContact> RegisterAsync(string? caller, string? duplicateReason, params PersonConcerned[] persons) =>
        Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, caller, "Våld i hemmet", persons, duplicateReason), "anna", CancellationToken.None);

    private static PersonConcerned Identified(string id, CaseCategory category = CaseCategory.DomesticViolence) => new(id, null, null, "0184", category);

    [Fact]
    public async Task The_same_person_registered_again_is_refused_with_the_open_case_and_nothing_is_stored()
    {
        var first = (await RegisterAsync("Polisen", null, Identified(Sara))).Cases[0];

        var e = await Assert.ThrowsAsync<PossibleDuplicateException>(() => RegisterAsync("Polisen", null, Identified(Sibling2010), Identified(Sara)));

        var candidate = Assert.Single(e.Candidates);
        Assert.Equal((2, first.Id, true, "Samma personnummer"), (candidate.PersonIndex, candidate.CaseId, candidate.IsOpen, candidate.Match));
        Assert.Equal(first.OpenedAt, candidate.OpenedAt);
        Assert.Contains(first.Id, e.Message, StringComparison.Ordinal);
        Assert.Single(await Intake.OpenCasesAsync(CancellationToken.None)); // the whole contact was refused
    }

    [Fact]
    public async Task With_a_reason_it_is_registered_anew_and_the_reason_is_audit_logged_and_kept_on_the_case()
    {
        var first = (await RegisterAsync(null, null, Identified(Sara))).Cases[0];

        var tooShort = await Assert.ThrowsAsync<PossibleDuplicateException>(() => RegisterAsync(null, "ny", Identified(Sara)));
        Assert.NotNull(tooShort.ReasonProblem);

        var again = (await RegisterAsync(null, "Ny misshandel efter att första ärendet lämnats över", Identified(Sara))).Cases[0];

        Assert.NotEqual(first.Id, again.Id);
        Assert.Equal("Ny misshandel efter att första ärendet lämnats över", again.DuplicateReason);
        Assert.Null((await Intake.FindCaseAsync(first.Id, CancellationToken.None))!.DuplicateReason);
        var audit = await _container.Resolve<IAuditLog>().RecentAsync(10);
        var entry = Assert.Single(audit, a => a.Action == "contact.registered-despite-duplicate");
        Assert.Equal("anna", entry.Actor);
        Assert.Contains(first.Id, entry.Details, StringComparison.Ordinal);
        Assert.Contains(again.Id, entry.Details, StringComparison.Ordinal);
        Assert.Contains("Ny misshandel", entry.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_case_closed_within_72_hours_is_a_candidate_an_older_one_or_an_annulled_one_is_not()
    {
        var first = (await RegisterAsync(null, null, Identified(Sara))).Cases[0];
        await Intake.CloseCaseAsync(first.Id, new CaseCloseRequest(CaseClosingReason.HandedOverToHomeMunicipality), "anna", CancellationToken.None);

        _time.Now = _time.Now.AddHours(71);
        var recent = Assert.Single((await Assert.ThrowsAsync<PossibleDuplicateException>(() => RegisterAsync(null, null, Identified(Sara)))).Candidates);
        Assert.False(recent.IsOpen);

        _time.Now = _time.Now.AddHours(2);
        var later = (await RegisterAsync(null, null, Identified(Sara))).Cases[0];
        Assert.Null(later.DuplicateReason);

        // A case annulled as a duplicate is nobody's current case.
        var duplicate = (await RegisterAsync(null, "Andra samtalet om samma händelse", Identified(Sara))).Cases[0];
        await Intake.AnnulCaseAsync(duplicate.Id, new CaseAnnulment(later.Id, "Samma samtal registrerat två gånger"), "anna", CancellationToken.None);
        Assert.Equal([later.Id], (await Assert.ThrowsAsync<PossibleDuplicateException>(() => RegisterAsync(null, null, Identified(Sara)))).Candidates.Select(c => c.CaseId));
    }

    [Fact]
    public async Task An_unidentified_person_is_found_by_the_same_name_and_the_same_callers_phone_number()
    {
        var first = (await RegisterAsync("Grannen Eva, 070-123 45 67", null, new PersonConcerned(null, "Lisa Berg", 8, "0184", CaseCategory.ChildrenAndYouth))).Cases[0];

        // Same name (other case, spacing) and the same number written differently: found.
        var e = await Assert.ThrowsAsync<PossibleDuplicateException>(() =>
            RegisterAsync("Eva +46 70 123 45 67", null, new PersonConcerned(null, "lisa  BERG", null, "0184", CaseCategory.ChildrenAndYouth)));
        Assert.Equal((first.Id, "Samma namn och kontaktuppgifter"), (Assert.Single(e.Candidates).CaseId, e.Candidates[0].Match));

        // The same name from another caller's number is another child.
        var other = await RegisterAsync("Skolan 08-555 123 40", null, new PersonConcerned(null, "Lisa Berg", 8, "0184", CaseCategory.ChildrenAndYouth));
        Assert.Single(other.Cases);
    }

    [Fact]
    public async Task Siblings_born_the_same_year_are_flagged_at_registration_and_on_the_case()
    {
        var registered = await RegisterAsync(null, null, Identified(Sara), Identified(Maja), Identified(Sibling2010), new PersonConcerned(null, "Lillebror", 4, "0184", CaseCategory.ChildrenAndYouth));

        var (sara, maja, sibling, little) = (registered.Cases[0], registered.Cases[1], registered.Cases[2], registered.Cases[3]);
        Assert.Equal([sibling.Id], maja.SameYearSiblings);
        Assert.Equal([maja.Id], sibling.SameYearSiblings);
        Assert.Null(sara.SameYearSiblings);
        Assert.Null(little.SameYearSiblings);
        Assert.Equal([sibling.Id], (await Intake.FindCaseAsync(maja.Id, CancellationToken.None))!.SameYearSiblings);
    }

    [Fact]
    public async Task Closing_takes_a_reason_which_is_stored_and_logged()
    {
        var c = (await RegisterAsync(null, null, Identified(Sara, CaseCategory.SubstanceAbuse))).Cases[0];

        Assert.Equal("reason", (await Assert.ThrowsAsync<ValidationException>(() => Intake.CloseCaseAsync(c.Id, new CaseCloseRequest(null), "anna", CancellationToken.None))).Field);
        Assert.Equal("note", (await Assert.ThrowsAsync<ValidationException>(() => Intake.CloseCaseAsync(c.Id, new CaseCloseRequest(CaseClosingReason.Other), "anna", CancellationToken.None))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<ValidationException>(() => Intake.CloseCaseAsync(c.Id, new CaseCloseRequest(CaseClosingReason.Duplicate), "anna", CancellationToken.None))).Field);
        Assert.True((await Intake.FindCaseAsync(c.Id, CancellationToken.None))!.IsOpen);

        var closed = await Intake.CloseCaseAsync(c.Id, new CaseCloseRequest(CaseClosingReason.ReferredElsewhere, "Hänvisad till beroendemottagningen"), "anna", CancellationToken.None);

        Assert.Equal((CaseClosingReason.ReferredElsewhere, "Hänvisad till beroendemottagningen"), (closed.ClosingReason, closed.ClosingNote));
        var stored = (await Intake.FindCaseAsync(c.Id, CancellationToken.None))!;
        Assert.Equal(CaseClosingReason.ReferredElsewhere, stored.ClosingReason);
        Assert.Contains(await _container.Resolve<IAuditLog>().RecentAsync(5), a => a.Action == "case.closed" && a.Subject == c.Id && a.Details == "ReferredElsewhere: Hänvisad till beroendemottagningen");
    }

    [Fact]
    public async Task An_annulled_duplicate_leaves_the_open_list_statistics_and_billing()
    {
        var assessment = _container.Resolve<IAssessmentModule>();
        var original = (await RegisterAsync(null, null, Identified(Sara))).Cases[0];
        var duplicate = (await RegisterAsync(null, "Samma samtal registrerades igen av misstag", Identified(Sara))).Cases[0];
        await Intake.RecordCallbackAsync(duplicate.Id, "anna", CancellationToken.None);
        await assessment.RecordTimeAsync(original.Id, new TimeEntryInput(30, null), "anna", CancellationToken.None);
        await assessment.RecordTimeAsync(duplicate.Id, new TimeEntryInput(45, null), "anna", CancellationToken.None);

        Assert.Equal((2L, 2L, 75L), await StatisticsAsync());
        Assert.Equal((2, 75L), await BillingAsync());

        // Refused: no reason; another person's case; a case that does not exist.
        Assert.Equal("reason", (await Assert.ThrowsAsync<ValidationException>(() => Intake.AnnulCaseAsync(duplicate.Id, new CaseAnnulment(original.Id, null), "anna", CancellationToken.None))).Field);
        var other = (await RegisterAsync(null, null, Identified("197806142399", CaseCategory.SubstanceAbuse))).Cases[0];
        Assert.Equal("duplicateOfCaseId", (await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.AnnulCaseAsync(duplicate.Id, new CaseAnnulment(other.Id, "Samma samtal registrerat två gånger"), "anna", CancellationToken.None))).Field);
        Assert.Equal("duplicateOfCaseId", (await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.AnnulCaseAsync(duplicate.Id, new CaseAnnulment("J999", "Samma samtal registrerat två gånger"), "anna", CancellationToken.None))).Field);
        await Intake.CloseCaseAsync(other.Id, new CaseCloseRequest(CaseClosingReason.NoActionNeeded), "anna", CancellationToken.None);

        var annulled = await Intake.AnnulCaseAsync(duplicate.Id, new CaseAnnulment(original.Id, "Samma samtal registrerat två gånger"), "anna", CancellationToken.None);

        Assert.True(annulled.IsAnnulled);
        Assert.Equal((original.Id, CaseClosingReason.Duplicate, false), (annulled.DuplicateOf, annulled.ClosingReason, annulled.IsOpen));
        Assert.Equal([original.Id], (await Intake.OpenCasesAsync(CancellationToken.None)).Select(c => c.Id));
        Assert.Contains(await _container.Resolve<IAuditLog>().RecentAsync(5), a => a.Action == "case.annulled" && a.Subject == duplicate.Id && a.Details == $"dubblett av {original.Id}: Samma samtal registrerat två gånger");
        Assert.Equal("caseId", (await Assert.ThrowsAsync<ValidationException>(() =>
            Intake.AnnulCaseAsync(duplicate.Id, new CaseAnnulment(original.Id, "Samma samtal registrerat två gånger"), "anna", CancellationToken.None))).Field);

        // The counts drop: the duplicate case (the other person's stays) and its contact, the callback target and the 45 minutes are gone; billing keeps the original's 30.
        Assert.Equal((2L, 2L, 30L), await StatisticsAsync());
        Assert.Equal((1, 30L), await BillingAsync());
        Assert.Equal(0L, await MonthAmountAsync(MonthRollup.ResponsesMeasured));
    }

    /// <summary>Statistics' month roll-ups for the contact's month: cases, contacts of the jour, minutes.</summary>
    private async Task<(long Cases, long Contacts, long Minutes)> StatisticsAsync() =>
        (await MonthAmountAsync(MonthRollup.CasesByCategory), await MonthAmountAsync(MonthRollup.Contacts), await MonthAmountAsync(MonthRollup.Minutes));

    private async Task<long> MonthAmountAsync(string measure)
    {
        await using var db = _container.Resolve<Func<StatisticsDbContext>>()();
        var month = new DateOnly(2026, 11, 1);
        return await db.MonthCounts.Where(m => m.Month == month && m.Measure == measure).SumAsync(m => m.Amount);
    }

    /// <summary>Billing's time entries and the day's case minutes.</summary>
    private async Task<(int Entries, long Minutes)> BillingAsync()
    {
        await using var db = _container.Resolve<Func<BillingDbContext>>()();
        return (await db.TimeEntries.CountAsync(), await db.DailyMinutes.Where(d => d.Kind == DailyMinutesRow.Case).SumAsync(d => d.Minutes));
    }

    [Fact]
    public async Task The_priority_defaults_from_age_and_category_children_first()
    {
        var registered = await RegisterAsync(null, null, Identified(Sara), Identified(Maja), new PersonConcerned(null, "Lillebror", 4, "0184", CaseCategory.ChildrenAndYouth),
            new PersonConcerned("197806142399", null, null, "0184", CaseCategory.SubstanceAbuse), new PersonConcerned(Sibling2010, null, null, "0184", CaseCategory.DomesticViolence, TriageLevel.Normal));

        Assert.Equal([TriageLevel.Urgent, TriageLevel.Acute, TriageLevel.Urgent, TriageLevel.Normal, TriageLevel.Normal], registered.Cases.Select(c => c.Triage));
    }
}
