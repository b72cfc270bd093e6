using SocialJour.Core.Audit;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Lookup;

namespace SocialJour.Tests.LookupModule;

/// <summary>
/// The emergency-opening rule (issue 23 3b, ADR 0032): an opening's look-ups are the access log's emergency entries of the
/// same user and person within its validity; a review is the audit entry naming the entries it covers, so the table's
/// review columns decide nothing; an entry no opening groups stays in the queue on its own. (Through the look-up and the
/// database: Security/LogBindingAttackTests, CoreEventsTests.)
/// </summary>
public sealed class EmergencyOpeningFollowUpTests
{
    private static readonly DateTimeOffset Opened = new(2026, 12, 7, 22, 0, 0, TimeSpan.Zero);

    private static readonly StoredEmergencyOpening Opening = new("o1", "anna", "201405142383", "Polisen har hittat flickan ensam ute", Opened, Opened.AddHours(1));

    private static AccessRecord Entry(long sequence, DateTimeOffset at, string user = "anna", string person = "201405142383") =>
        new(sequence, at, AccessKind.EmergencyLookup, user, person, null, "Nödöppning", "Polisen har hittat flickan ensam ute", "l" + sequence, []);

    private static AuditRecord Review(string subject, string details) => new(1, Opened.AddHours(2), "erik", EmergencyOpeningFollowUp.ReviewedAction, subject, details);

    [Fact]
    public void An_opening_groups_the_entries_of_its_user_and_person_within_its_validity()
    {
        var (openings, orphans) = Derive([Opening], [Entry(1, Opened.AddSeconds(-1)), Entry(2, Opened.AddMinutes(30)), Entry(3, Opened.AddHours(2)), Entry(4, Opened.AddMinutes(5), user: "bo")], []);

        var opening = Assert.Single(openings);
        Assert.Null(opening.ReviewedAt);
        Assert.Equal(["atkomstlogg-4", "atkomstlogg-3"], orphans.Select(o => o.Id)); // in the order they were opened
    }

    [Fact]
    public void A_review_covers_the_entries_it_names_and_an_entry_added_later_reopens_the_opening()
    {
        var entries = new[] { Entry(1, Opened), Entry(2, Opened.AddMinutes(10)) };
        var (reviewed, _) = Derive([Opening], entries, [Review("o1", EmergencyOpeningFollowUp.ReviewDetails([1, 2], "Befogat"))]);
        Assert.Equal(("erik", "Befogat"), (Assert.Single(reviewed).ReviewedBy, reviewed[0].ReviewNote));

        var (reopened, _) = Derive([Opening], [.. entries, Entry(3, Opened.AddMinutes(20))], [Review("o1", EmergencyOpeningFollowUp.ReviewDetails([1, 2], "Befogat"))]);
        Assert.Null(Assert.Single(reopened).ReviewedAt);
    }

    [Fact]
    public void The_tables_review_columns_decide_nothing()
    {
        var marked = Opening with { ReviewedBy = "mallory", ReviewedAt = Opened.AddHours(1), ReviewNote = "satt i databasen" };

        var (openings, _) = Derive([marked], [Entry(1, Opened)], []);

        Assert.Null(Assert.Single(openings).ReviewedAt);
    }

    [Fact]
    public void A_review_written_before_reviews_named_their_entries_covers_what_its_opening_groups()
    {
        var (openings, _) = Derive([Opening], [Entry(1, Opened)], [Review("o1", "Befogat")]);

        Assert.Equal("Befogat", Assert.Single(openings).ReviewNote);
    }

    [Fact]
    public void Review_details_name_the_entries_then_the_note() =>
        Assert.Equal("poster 3,7; Befogat", EmergencyOpeningFollowUp.ReviewDetails([3, 7], "Befogat"));

    private static (IReadOnlyList<SocialJour.Modules.Lookup.Contracts.EmergencyOpeningRecord> Openings, IReadOnlyList<SocialJour.Modules.Lookup.Contracts.EmergencyOpeningRecord> Orphans) Derive(
        IReadOnlyList<StoredEmergencyOpening> rows, IReadOnlyList<AccessRecord> entries, IReadOnlyList<AuditRecord> reviews)
    {
        var all = EmergencyOpeningFollowUp.Derive(rows, entries, reviews);
        return (all.Where(o => !o.Id.StartsWith("atkomstlogg-", StringComparison.Ordinal)).ToList(), all.Where(o => o.Id.StartsWith("atkomstlogg-", StringComparison.Ordinal)).ToList());
    }
}
