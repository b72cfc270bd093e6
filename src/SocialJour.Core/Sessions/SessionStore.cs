using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SocialJour.Core.Persistence;

namespace SocialJour.Core.Sessions;

/// <summary>
/// Server-side login sessions (ADR 0014). The browser's cookie carries only a random session id; the session lives in the
/// core database, so any host can serve any request and a session ended on one host is ended on all of them at once.
/// Only a SHA-256 of the id is stored: someone who reads the table cannot use a row to log in.
/// </summary>
public interface ISessionStore
{
    /// <summary>
    /// Starts a session holding <paramref name="data"/> (the serialized login); returns its id (for the cookie). A sign-in
    /// through the identity provider passes the provider's subject and session id (<paramref name="provider"/>), so that the
    /// provider's back-channel logout can end it (ADR 0027).
    /// </summary>
    Task<string> StartAsync(string userName, byte[] data, DateTimeOffset expiresAt, ProviderLogin? provider = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The session's data, or null when it never existed, has ended, has expired or has been unused for
    /// <see cref="SessionIdleOptions.IdleTimeout"/>; a found session's idle deadline moves forward (sliding).
    /// </summary>
    Task<byte[]?> FindAsync(string sessionId, CancellationToken cancellationToken = default);

    Task RenewAsync(string sessionId, byte[] data, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);

    /// <summary>Ends one session (logout).</summary>
    Task EndAsync(string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of a user (role changed, account removed); returns how many.</summary>
    Task<int> EndAllForAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>
    /// The identity provider's back-channel logout (ADR 0027): records the logout token's id <paramref name="tokenKey"/> until
    /// <paramref name="keepUntil"/> and, in the same transaction, ends the sessions of the provider session
    /// <paramref name="providerSessionId"/> (and, when given too, of <paramref name="subject"/>), or every session of
    /// <paramref name="subject"/> when no session id is given. Null when the token id was already recorded (a replay; nothing
    /// is ended); otherwise the user name of each ended session.
    /// </summary>
    Task<IReadOnlyList<string>?> EndForProviderLogoutAsync(string tokenKey, DateTimeOffset keepUntil, string? subject, string? providerSessionId, CancellationToken cancellationToken = default);
}

/// <summary>
/// How long a session may go unused (<c>SocialJour:SignIn:IdleTimeoutMinutes</c>, default 30 minutes). The session's row holds
/// its idle deadline, moved forward as it is used (at most once a <see cref="SlideStep"/>, so a busy session does not write on
/// every request); the login's own end (one shift) stays in the login and is checked by the cookie handler.
/// </summary>
public sealed record SessionIdleOptions(TimeSpan IdleTimeout)
{
    public static SessionIdleOptions Default { get; } = new(TimeSpan.FromMinutes(30));

    /// <summary>The deadline is written back only when it has moved this much: a session ends after between IdleTimeout − SlideStep and IdleTimeout unused.</summary>
    public static readonly TimeSpan SlideStep = TimeSpan.FromMinutes(1);
}

/// <summary>Who a sign-in at the identity provider was there: its <c>sub</c> and, when the provider sends one, its session id (<c>sid</c>).</summary>
public sealed record ProviderLogin(string Subject, string? SessionId);

/// <summary>
/// Failed logins per user name, for the lockout (ADR 0014). Counted for any typed name, known or not, so that the
/// lockout itself does not tell which names exist. Names are stored only as a SHA-256 of their lower-case form.
/// </summary>
public interface ILoginAttempts
{
    /// <summary>Until when the name is locked, or null.</summary>
    Task<DateTimeOffset?> LockedUntilAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>Counts a failure; returns the lock's end when this failure locked the name (or it was locked).</summary>
    Task<DateTimeOffset?> RecordFailureAsync(string userName, CancellationToken cancellationToken = default);

    /// <summary>A successful login clears the count.</summary>
    Task ResetAsync(string userName, CancellationToken cancellationToken = default);
}

/// <summary>How many consecutive failures lock a user name, and for how long.</summary>
public sealed record LoginLockoutOptions(int MaxFailures, TimeSpan LockDuration)
{
    public static LoginLockoutOptions Default { get; } = new(5, TimeSpan.FromMinutes(15));
}

internal sealed class SessionRow
{
    public string IdHash { get; set; } = "";

    public string UserName { get; set; } = "";

    public byte[] Data { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>SHA-256 of the identity provider's <c>sub</c> at sign-in; null for a password login.</summary>
    public string? ProviderSubject { get; set; }

    /// <summary>SHA-256 of the identity provider's session id (<c>sid</c>) at sign-in, when it sent one.</summary>
    public string? ProviderSession { get; set; }
}

/// <summary>A back-channel logout token already used (SHA-256 of issuer and <c>jti</c>), kept while it could still be accepted.</summary>
internal sealed class LogoutTokenRow
{
    public string KeyHash { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class LoginAttemptRow
{
    public string NameHash { get; set; } = "";

    public int Failures { get; set; }

    public DateTimeOffset LastFailureAt { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }
}

internal static class SessionModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SessionRow>(e =>
        {
            e.ToTable("sessions");
            e.HasKey(x => x.IdHash);
            e.HasIndex(x => x.UserName);
            e.HasIndex(x => x.ExpiresAt);
            e.HasIndex(x => x.ProviderSubject);
            e.HasIndex(x => x.ProviderSession);
            e.Property(x => x.CreatedAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.ExpiresAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<LogoutTokenRow>(e =>
        {
            e.ToTable("logout_tokens");
            e.HasKey(x => x.KeyHash);
            e.HasIndex(x => x.ExpiresAt);
            e.Property(x => x.ExpiresAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<StaffMemberRow>(e =>
        {
            e.ToTable("staff_members");
            e.HasKey(x => x.UserId);
            e.Property(x => x.FirstSignInAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.LastSignInAt).HasConversion(InstantConversions.Instant);
        });
        modelBuilder.Entity<LoginAttemptRow>(e =>
        {
            e.ToTable("login_attempts");
            e.HasKey(x => x.NameHash);
            e.Property(x => x.LastFailureAt).HasConversion(InstantConversions.Instant);
            e.Property(x => x.LockedUntil).HasConversion(InstantConversions.NullableInstant);
        });
    }

    public static string Sha256(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

internal sealed class SessionStore(Func<CoreDbContext> contexts, TimeProvider time, SessionIdleOptions options) : ISessionStore
{
    public async Task<string> StartAsync(string userName, byte[] data, DateTimeOffset expiresAt, ProviderLogin? provider = null, CancellationToken cancellationToken = default)
    {
        var id = Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        await using var db = contexts();
        // Expired sessions are of no use to anyone: remove them as new ones start.
        await db.Set<SessionRow>().Where(s => s.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        db.Set<SessionRow>().Add(new SessionRow
        {
            IdHash = SessionModel.Sha256(id),
            UserName = userName,
            Data = data,
            CreatedAt = now,
            ExpiresAt = IdleDeadline(now, expiresAt),
            ProviderSubject = provider is null ? null : SessionModel.Sha256(provider.Subject),
            ProviderSession = provider?.SessionId is { Length: > 0 } sid ? SessionModel.Sha256(sid) : null,
        });
        await db.SaveChangesAsync(cancellationToken);
        return id;
    }

    public async Task<byte[]?> FindAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var hash = SessionModel.Sha256(sessionId);
        var now = time.GetUtcNow();
        await using var db = contexts();
        var row = await db.Set<SessionRow>().AsNoTracking().Where(s => s.IdHash == hash).Select(s => new { s.Data, s.ExpiresAt }).FirstOrDefaultAsync(cancellationToken);
        if (row is null || row.ExpiresAt <= now)
        {
            return null;
        }

        var slid = now + options.IdleTimeout;
        if (slid - row.ExpiresAt >= SessionIdleOptions.SlideStep || row.ExpiresAt - slid >= SessionIdleOptions.SlideStep)
        {
            // Used again: the idle deadline moves forward (the login's own end is checked by the cookie handler). A row with a
            // later deadline (a session from before the idle timeout, or a shorter timeout configured since) is brought in.
            await db.Set<SessionRow>().Where(s => s.IdHash == hash && s.ExpiresAt > now)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.ExpiresAt, slid), cancellationToken);
        }

        return row.Data;
    }

    public async Task RenewAsync(string sessionId, byte[] data, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
    {
        var hash = SessionModel.Sha256(sessionId);
        await using var db = contexts();
        await db.Set<SessionRow>().Where(s => s.IdHash == hash)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Data, data).SetProperty(s => s.ExpiresAt, IdleDeadline(time.GetUtcNow(), expiresAt)), cancellationToken);
    }

    public async Task EndAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var hash = SessionModel.Sha256(sessionId);
        await using var db = contexts();
        await db.Set<SessionRow>().Where(s => s.IdHash == hash).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<int> EndAllForAsync(string userName, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        return await db.Set<SessionRow>().Where(s => s.UserName == userName).ExecuteDeleteAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<string>?> EndForProviderLogoutAsync(string tokenKey, DateTimeOffset keepUntil, string? subject, string? providerSessionId, CancellationToken cancellationToken = default)
    {
        var subjectHash = string.IsNullOrEmpty(subject) ? null : SessionModel.Sha256(subject);
        var sessionHash = string.IsNullOrEmpty(providerSessionId) ? null : SessionModel.Sha256(providerSessionId);
        if (subjectHash is null && sessionHash is null)
        {
            throw new ArgumentException("En utloggning från identitetsleverantören anger sid eller sub", nameof(subject));
        }

        var now = time.GetUtcNow();
        await using var db = contexts();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Set<LogoutTokenRow>().Where(t => t.ExpiresAt < now).ExecuteDeleteAsync(cancellationToken);
        var key = SessionModel.Sha256(tokenKey);
        if (await db.Set<LogoutTokenRow>().AnyAsync(t => t.KeyHash == key, cancellationToken))
        {
            return null;
        }

        db.Set<LogoutTokenRow>().Add(new LogoutTokenRow { KeyHash = key, ExpiresAt = keepUntil });
        try
        {
            // The token's id is the key: the same token delivered at once to two hosts (any host may receive it) fails here on one.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return null;
        }

        var matching = db.Set<SessionRow>().AsQueryable();
        matching = sessionHash is not null
            ? matching.Where(s => s.ProviderSession == sessionHash && (subjectHash == null || s.ProviderSubject == subjectHash))
            : matching.Where(s => s.ProviderSubject == subjectHash);
        var ended = await matching.Select(s => new { s.IdHash, s.UserName }).ToListAsync(cancellationToken);
        var ids = ended.Select(s => s.IdHash).ToList();
        await db.Set<SessionRow>().Where(s => ids.Contains(s.IdHash)).ExecuteDeleteAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ended.Select(s => s.UserName).ToList();
    }

    private DateTimeOffset IdleDeadline(DateTimeOffset now, DateTimeOffset expiresAt) =>
        now + options.IdleTimeout < expiresAt ? now + options.IdleTimeout : expiresAt;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

internal sealed class LoginAttempts(Func<CoreDbContext> contexts, TimeProvider time, LoginLockoutOptions options) : ILoginAttempts
{
    // One host: serialize the read-modify-write; several hosts can at worst lose a count under a race, never unlock early.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<DateTimeOffset?> LockedUntilAsync(string userName, CancellationToken cancellationToken = default)
    {
        var key = Key(userName);
        var now = time.GetUtcNow();
        await using var db = contexts();
        var until = await db.Set<LoginAttemptRow>().AsNoTracking().Where(r => r.NameHash == key).Select(r => r.LockedUntil).FirstOrDefaultAsync(cancellationToken);
        return until > now ? until : null;
    }

    public async Task<DateTimeOffset?> RecordFailureAsync(string userName, CancellationToken cancellationToken = default)
    {
        var key = Key(userName);
        var now = time.GetUtcNow();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await using var db = contexts();
            var row = await db.Set<LoginAttemptRow>().FirstOrDefaultAsync(r => r.NameHash == key, cancellationToken);
            if (row is null)
            {
                row = new LoginAttemptRow { NameHash = key };
                db.Set<LoginAttemptRow>().Add(row);
            }

            if (row.LockedUntil is { } until && until > now)
            {
                row.LastFailureAt = now;
                await db.SaveChangesAsync(cancellationToken);
                return until;
            }

            if (row.LockedUntil is not null || now - row.LastFailureAt > options.LockDuration)
            {
                // A lock that has run out, or failures long ago: start counting afresh.
                row.LockedUntil = null;
                row.Failures = 0;
            }

            row.Failures++;
            row.LastFailureAt = now;
            if (row.Failures >= options.MaxFailures)
            {
                row.LockedUntil = now + options.LockDuration;
            }

            await db.SaveChangesAsync(cancellationToken);
            return row.LockedUntil;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task ResetAsync(string userName, CancellationToken cancellationToken = default)
    {
        var key = Key(userName);
        await using var db = contexts();
        await db.Set<LoginAttemptRow>().Where(r => r.NameHash == key).ExecuteDeleteAsync(cancellationToken);
    }

    private static string Key(string userName) => SessionModel.Sha256(userName.Trim().ToLowerInvariant());
}
