using Autofac;
using SocialJour.Core;
using SocialJour.Core.Audit;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Tests.Intake;

/// <summary>
/// The case as a working file (issue 24 §6): running, timestamped notes that are never edited; finding a case again by name,
/// identity number or date, closed ones too, and the user's own; every search in the audit log without what was searched
/// for. Real SQLite, all modules, the jour's clock chosen.
/// </summary>
public sealed class CaseFileTests : IDisposable
{
    private const string Sara = "198511302385";
    private const string Maja = "201003152384";

    private readonly TempDir _dir = new();
    private readonly FixedTime _time = new(new DateTimeOffset(2026, 11, 24, 23, 40, 0, TimeSpan.FromHours(1)));
    private readonly IContainer _container;

    public CaseFileTests() => _container = CoreHarness.Build(DemoConfig.CopyTo(_dir), new Core.Persistence.DatabaseOptions(Core.Persistence.DatabaseProvider.Sqlite, _dir.File("data"), null),
        time: _time, withModules: true);

    private IIntakeModule Intake => _container.Resolve<IIntakeModule>();

    public void Dispose()
    {
        _container.Dispose();
        _dir.Dispose();
    }

    private async Task<string> RegisterAsync(string user, PersonConcerned person) =>
        (await Intake.RegisterContactAsync(new ContactRegistration(ContactChannel.Police, null, "Polisen", "Våld i hemmet", [person], null), user, CancellationToken.None)).Cases[0].Id;

    [Fact]
    public async Task Notes_are_timestamped_by_the_server_signed_kept_in_order_and_may_follow_the_closing()
    {
        var id = await RegisterAsync("anna", new PersonConcerned(Sara, null, null, "0184", CaseCategory.DomesticViolence));

        var first = await Intake.AddCaseNoteAsync(id, "  Ringt mamman, hon är hos en väninna.  ", "anna", CancellationToken.None);
        _time.Now = _time.Now.AddMinutes(25); // past midnight: the next day
        await Intake.AddCaseNoteAsync(id, "Polisen bekräftar att mannen är gripen.", "erik", CancellationToken.None);
        await Intake.CloseCaseAsync(id, new CaseCloseRequest(CaseClosingReason.Completed), "erik", CancellationToken.None);
        var late = await Intake.AddCaseNoteAsync(id, "Hemkommunen har kvitterat rapporten per telefon.", "erik", CancellationToken.None);

        var notes = await Intake.CaseNotesAsync(id, CancellationToken.None);
        Assert.Equal(["Ringt mamman, hon är hos en väninna.", "Polisen bekräftar att mannen är gripen.", "Hemkommunen har kvitterat rapporten per telefon."], notes.Select(n => n.Text));
        Assert.Equal(("anna", new DateTimeOffset(2026, 11, 24, 22, 40, 0, TimeSpan.Zero)), (first.WrittenBy, first.WrittenAt.ToUniversalTime()));
        Assert.Equal(["anna", "erik", "erik"], notes.Select(n => n.WrittenBy));
        Assert.Equal([false, false, true], notes.Select(n => n.AfterClosing));
        Assert.True(late.AfterClosing);

        // In the audit log as written, without the text (personal data stays in the case).
        var audit = await _container.Resolve<IAuditLog>().RecentAsync(20);
        var logged = audit.Where(a => a.Action == "case.note-added" && a.Subject == id).ToList();
        Assert.Equal(3, logged.Count);
        Assert.DoesNotContain(logged, a => a.Details.Contains("mamman", StringComparison.Ordinal) || a.Details.Contains("Hemkommunen", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("", "Skriv vad som hänt")]
    [InlineData("   ", "Skriv vad som hänt")]
    [InlineData("Ringt \u202Emamman", "Anteckningen")] // a bidi override could hide or reorder what a reader sees
    public async Task An_empty_or_meaningless_note_is_refused_naming_the_field_and_nothing_is_stored(string text, string expected)
    {
        var id = await RegisterAsync("anna", new PersonConcerned(Sara, null, null, "0184", CaseCategory.DomesticViolence));

        var e = await Assert.ThrowsAsync<ValidationException>(() => Intake.AddCaseNoteAsync(id, text, "anna", CancellationToken.None));

        Assert.Equal("text", e.Field);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Empty(await Intake.CaseNotesAsync(id, CancellationToken.None));
    }

    [Fact]
    public async Task A_note_to_a_case_that_does_not_exist_is_a_not_found()
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => Intake.AddCaseNoteAsync("J999", "Ringt mamman igen i natt.", "anna", CancellationToken.None));
        Assert.True(e.NotFound);
    }

    [Fact]
    public async Task Cases_are_found_by_name_in_any_case_by_identity_number_and_by_date_closed_ones_too()
    {
        var sara = await RegisterAsync("anna", new PersonConcerned(Sara, null, null, "0184", CaseCategory.DomesticViolence));
        var unknown = await RegisterAsync("anna", new PersonConcerned(null, "Östen Åberg", 40, "0184", CaseCategory.SubstanceAbuse));
        await Intake.CloseCaseAsync(sara, new CaseCloseRequest(CaseClosingReason.Completed), "anna", CancellationToken.None);
        _time.Now = _time.Now.AddDays(2);
        var maja = await RegisterAsync("erik", new PersonConcerned(Maja, "Maja Lindberg", null, "0191", CaseCategory.ChildrenAndYouth));

        Assert.Equal([sara], await Ids(new CaseSearchQuery("19851130-2385", null)));
        Assert.Equal([sara], await Ids(new CaseSearchQuery("198511302385", null)));
        Assert.Equal([unknown], await Ids(new CaseSearchQuery("östen", null))); // å, ä, ö in any case
        Assert.Equal([unknown], await Ids(new CaseSearchQuery("ÅBERG", null)));
        Assert.Equal([maja], await Ids(new CaseSearchQuery("lindberg", null)));
        Assert.Equal([unknown, sara], await Ids(new CaseSearchQuery(null, new DateOnly(2026, 11, 24)))); // newest first, closed included
        Assert.Empty(await Ids(new CaseSearchQuery(null, new DateOnly(2026, 11, 25))));
        Assert.Equal([unknown], await Ids(new CaseSearchQuery(null, new DateOnly(2026, 11, 24), OpenOnly: true)));
        Assert.Empty(await Ids(new CaseSearchQuery("%%", null))); // wildcards are searched for as typed

        // Searched for in the audit log by kind of criterion, never by the name or number.
        var audit = await _container.Resolve<IAuditLog>().RecentAsync(30);
        var searches = audit.Where(a => a.Action == "case.searched").ToList();
        Assert.Contains(searches, a => a.Details.StartsWith("nummer: 1", StringComparison.Ordinal));
        Assert.DoesNotContain(searches, a => a.Details.Contains("1985", StringComparison.Ordinal) || a.Details.Contains("sten", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task My_cases_are_those_I_registered_wrote_a_note_in_or_closed()
    {
        var mine = await RegisterAsync("erik", new PersonConcerned(Sara, null, null, "0184", CaseCategory.DomesticViolence));
        var noted = await RegisterAsync("anna", new PersonConcerned(null, "Okänd man", 50, "0184", CaseCategory.SubstanceAbuse));
        var closed = await RegisterAsync("anna", new PersonConcerned(null, "Okänd kvinna", 30, "0184", CaseCategory.SubstanceAbuse));
        var others = await RegisterAsync("anna", new PersonConcerned(Maja, null, null, "0191", CaseCategory.ChildrenAndYouth));
        await Intake.AddCaseNoteAsync(noted, "Erik ringde upp mannen, inget behov.", "erik", CancellationToken.None);
        await Intake.CloseCaseAsync(closed, new CaseCloseRequest(CaseClosingReason.NoActionNeeded), "erik", CancellationToken.None);

        var found = await Ids(new CaseSearchQuery(null, null, MineOnly: true), "erik");

        Assert.Equal([closed, noted, mine], found);
        Assert.DoesNotContain(others, found);
        Assert.Equal([mine], await Ids(new CaseSearchQuery("19851130-2385", null, MineOnly: true), "erik"));
    }

    [Theory]
    [InlineData(null, "Ange namn")]
    [InlineData("1985", "hela person- eller samordningsnumret")]
    [InlineData("19851130-2386", "hela person- eller samordningsnumret")] // wrong check digit
    [InlineData("a", "minst 2")]
    public async Task A_search_without_criteria_or_with_a_broken_number_is_refused_with_what_to_type(string? text, string expected)
    {
        var e = await Assert.ThrowsAsync<ValidationException>(() => Intake.SearchCasesAsync(new CaseSearchQuery(text, null), "anna", CancellationToken.None));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    private async Task<List<string>> Ids(CaseSearchQuery query, string user = "anna") =>
        (await Intake.SearchCasesAsync(query, user, CancellationToken.None)).Cases.Select(c => c.Id).ToList();
}
