using Microsoft.EntityFrameworkCore;
using SocialJour.Core;
using SocialJour.Core.Calendar;
using SocialJour.Core.Events;
using SocialJour.Core.Identity;
using SocialJour.Core.Persistence;
using SocialJour.Modules.Intake.Cases;
using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake.CaseFile;

/// <summary>
/// Finding a case again: by name, identity number or the date the contact came in, open and closed cases alike, and the
/// user's own ("mina ärenden": cases the user registered, wrote a note in or closed). At most <see cref="MaxResults"/>,
/// newest first. The search is in the audit log with what kind of criteria it used and how many it found, never the
/// name or number searched for.
/// </summary>
internal sealed class CaseSearch(Func<IntakeDbContext> contexts, IOutbox<IntakeDbContext> outbox, DatabaseOptions database, JourClock clock)
{
    public const int MaxResults = 100;

    public async Task<CaseSearchResult> SearchAsync(CaseSearchQuery query, string userId, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrWhiteSpace(query.Text) ? null : query.Text.Trim();
        if (text is null && query.ReceivedOn is null && !query.MineOnly)
        {
            throw new ValidationException("text", "Ange namn, person- eller samordningsnummer eller datum, eller välj Mina ärenden.");
        }

        await using var db = contexts();
        IQueryable<JourCaseRow> cases = db.Cases.AsNoTracking().Include(c => c.Contact);
        var criteria = new List<string>();
        if (text is not null)
        {
            if (text.Any(char.IsDigit))
            {
                var (person, error) = IdentityNumber.TryParse(text, clock.Today);
                if (person is null)
                {
                    throw new ValidationException("text", $"Numret: {error ?? "ogiltigt"}. Sök på hela person- eller samordningsnumret (ÅÅÅÅMMDD-NNNN), eller på namn.");
                }

                var canonical = person.Canonical;
                var relatedCases = db.RelatedParties.Where(r => r.PersonId == canonical).Select(r => r.CaseId);
                cases = cases.Where(c => c.PersonId == canonical || relatedCases.Contains(c.Id));
                criteria.Add("nummer");
            }
            else
            {
                if (text.Length < 2 || text.Length > Core.Lookup.FreeText.MaxNameLength)
                {
                    throw new ValidationException("text", $"Sök på minst 2 och högst {Core.Lookup.FreeText.MaxNameLength} tecken av namnet.");
                }

                cases = cases.Where(NameMatches(text));
                criteria.Add("namn");
            }
        }

        if (query.ReceivedOn is { } date)
        {
            var from = clock.StartOf(date);
            var to = clock.StartOf(date.AddDays(1));
            cases = cases.Where(c => c.Contact!.ReceivedAt >= from && c.Contact.ReceivedAt < to);
            criteria.Add("datum");
        }

        if (query.MineOnly)
        {
            var noted = db.CaseNotes.Where(n => n.WrittenBy == userId).Select(n => n.CaseId);
            cases = cases.Where(c => c.OpenedBy == userId || c.ClosedBy == userId || noted.Contains(c.Id));
            criteria.Add("mina");
        }

        if (query.OpenOnly)
        {
            cases = cases.Where(c => c.ClosedAt == null);
        }

        var rows = await cases.OrderByDescending(c => c.Id).Take(MaxResults + 1).ToListAsync(cancellationToken);
        var found = rows.Take(MaxResults).Select(r => CaseViews.ToView(r, r.Contact!, 0)).ToList();
        db.Audit(userId, "case.searched", "", $"{string.Join("+", criteria)}: {found.Count}{(rows.Count > MaxResults ? "+" : "")} träffar");
        await outbox.SaveAndDispatchAsync(db, cancellationToken);
        return new CaseSearchResult(found, rows.Count > MaxResults);
    }

    /// <summary>
    /// The name (as typed on the contact, or as the register gave it) contains the text, case-insensitively also for å, ä
    /// and ö: PostgreSQL's ILIKE; SQLite's LIKE folds only ASCII, so the typed, lower-case and capitalized forms are all tried.
    /// </summary>
    private System.Linq.Expressions.Expression<Func<JourCaseRow, bool>> NameMatches(string text)
    {
        var escaped = text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        if (database.Provider == DatabaseProvider.PostgreSql)
        {
            var pattern = "%" + escaped + "%";
            return c => EF.Functions.ILike(c.Name ?? "", pattern, "\\") || EF.Functions.ILike(c.RegisterName ?? "", pattern, "\\");
        }

        var lower = "%" + escaped.ToLowerInvariant() + "%";
        var upper = "%" + escaped.ToUpperInvariant() + "%";
        var capital = "%" + char.ToUpperInvariant(escaped[0]) + escaped[1..].ToLowerInvariant() + "%";
        var typed = "%" + escaped + "%";
        return c => EF.Functions.Like(c.Name ?? "", typed, "\\") || EF.Functions.Like(c.Name ?? "", lower, "\\") || EF.Functions.Like(c.Name ?? "", upper, "\\") || EF.Functions.Like(c.Name ?? "", capital, "\\")
            || EF.Functions.Like(c.RegisterName ?? "", typed, "\\") || EF.Functions.Like(c.RegisterName ?? "", lower, "\\") || EF.Functions.Like(c.RegisterName ?? "", upper, "\\") || EF.Functions.Like(c.RegisterName ?? "", capital, "\\");
    }
}
