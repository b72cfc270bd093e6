using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Audit;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Sessions;

/// <summary>
/// Who a user id is (ADR 0027): the display name each member of staff had at their latest sign-in, kept for every user id
/// that ever signed in. The access log and the audit log record the stable user id (the provider's <c>sub</c> or an HSA-id);
/// the access-log extracts show the name beside it, so a municipality reading its extract sees who looked, not only an id.
/// The name is presentation, not evidence: the signed log commits to the user id. The name shown is the one the audit log's
/// latest <c>login</c> entry of the user records ("roles; name; method"), which is tamper-evident; the <c>staff_members</c>
/// row is used only for a user whose sign-ins the audit log names no one in, so a name changed in the table alone is not
/// shown (issue 23 3b).
/// </summary>
public interface IStaffDirectory
{
    /// <summary>Records (or updates) the display name of <paramref name="userId"/> at a sign-in.</summary>
    Task RecordSignInAsync(string userId, string displayName, CancellationToken cancellationToken = default);

    /// <summary>The latest display name of each given user id that has signed in (ids never seen are left out).</summary>
    Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// The names the given users had over time (issue 23 3b, "the name as it was"): <see cref="StaffNames.At"/> gives the
    /// name of the user's latest sign-in at or before an instant, so an extract shows who looked under the name they had then.
    /// </summary>
    Task<StaffNames> NamesOverTimeAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default);
}

/// <summary>The display names of users over time, from their sign-ins in the audit log (and the staff table for the rest).</summary>
public sealed class StaffNames
{
    private readonly IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset At, string Name)>> _signIns;
    private readonly IReadOnlyDictionary<string, string> _fallback;

    internal StaffNames(IReadOnlyDictionary<string, IReadOnlyList<(DateTimeOffset At, string Name)>> signIns, IReadOnlyDictionary<string, string> fallback)
    {
        _signIns = signIns;
        _fallback = fallback;
    }

    /// <summary>
    /// The name <paramref name="userId"/> signed in with last at or before <paramref name="at"/>; before the first sign-in
    /// the audit log names, that first name; otherwise the staff table's; null for a user never seen.
    /// </summary>
    public string? At(string userId, DateTimeOffset at)
    {
        if (_signIns.TryGetValue(userId, out var names) && names.Count > 0)
        {
            var name = names[0].Name;
            foreach (var signIn in names)
            {
                if (signIn.At > at)
                {
                    break;
                }

                name = signIn.Name;
            }

            return name;
        }

        return _fallback.GetValueOrDefault(userId);
    }
}

internal sealed class StaffMemberRow
{
    public string UserId { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public DateTimeOffset FirstSignInAt { get; set; }

    public DateTimeOffset LastSignInAt { get; set; }
}

internal sealed class StaffDirectory(Func<CoreDbContext> contexts, IAuditLog audit, TimeProvider time) : IStaffDirectory
{
    public async Task RecordSignInAsync(string userId, string displayName, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            return;
        }

        var now = time.GetUtcNow();
        for (var attempt = 1; ; attempt++)
        {
            await using var db = contexts();
            var row = await db.Set<StaffMemberRow>().FirstOrDefaultAsync(r => r.UserId == userId, cancellationToken);
            if (row is null)
            {
                db.Set<StaffMemberRow>().Add(new StaffMemberRow { UserId = userId, DisplayName = displayName, FirstSignInAt = now, LastSignInAt = now });
            }
            else
            {
                row.DisplayName = displayName;
                row.LastSignInAt = now;
            }

            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same user signed in on another host at the same moment: read the row it wrote and update that.
            }
        }
    }

    public async Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        await using var db = contexts();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var row in await db.Set<StaffMemberRow>().AsNoTracking().Where(r => chunk.Contains(r.UserId)).ToListAsync(cancellationToken))
            {
                names[row.UserId] = row.DisplayName;
            }

            // The audit log's name wins over the table's (the latest sign-in that names one).
            foreach (var login in await audit.FindAsync([LoginAction], actors: chunk, cancellationToken: cancellationToken))
            {
                if (NameIn(login.Details) is { } name)
                {
                    names[login.Actor] = name;
                }
            }
        }

        return names;
    }

    public async Task<StaffNames> NamesOverTimeAsync(IEnumerable<string> userIds, CancellationToken cancellationToken = default)
    {
        var ids = userIds.Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var signIns = new Dictionary<string, IReadOnlyList<(DateTimeOffset At, string Name)>>(StringComparer.Ordinal);
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var db = contexts();
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var row in await db.Set<StaffMemberRow>().AsNoTracking().Where(r => chunk.Contains(r.UserId)).ToListAsync(cancellationToken))
            {
                table[row.UserId] = row.DisplayName;
            }

            // FindAsync gives the entries oldest first, only those that still match their leaf hash.
            foreach (var user in (await audit.FindAsync([LoginAction], actors: chunk, cancellationToken: cancellationToken)).GroupBy(l => l.Actor, StringComparer.Ordinal))
            {
                signIns[user.Key] = user.Select(l => (l.At, Name: NameIn(l.Details))).Where(l => l.Name is not null).Select(l => (l.At, l.Name!)).ToList();
            }
        }

        return new StaffNames(signIns, table);
    }

    public const string LoginAction = "login";

    /// <summary>The display name in a <c>login</c> entry's details ("roles; name; method"); null when the entry names no one.</summary>
    internal static string? NameIn(string details)
    {
        var first = details.IndexOf("; ", StringComparison.Ordinal);
        var last = details.LastIndexOf("; ", StringComparison.Ordinal);
        return first >= 0 && last > first && details[(first + 2)..last] is { Length: > 0 } name ? name : null;
    }
}
