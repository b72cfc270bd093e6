using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace SocialJour.Core.Persistence;

/// <summary>
/// One request that carried an <c>Idempotency-Key</c> and wrote to a module's database (<c>idempotent_requests</c>, ADR 0035):
/// saved in the SAME transaction as the write, so a write that committed always has its key, even when the host died before
/// it answered. The answer is added when it has been produced, before it is sent.
/// </summary>
internal sealed class IdempotentRequest
{
    /// <summary>Who sent it: the user id (or the client id of a machine client); never an identity number.</summary>
    public string Principal { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary>"POST /api/contacts": the same key on another path is refused.</summary>
    public string Request { get; set; } = "";

    /// <summary>SHA-256 (hex) of the request's body (a form: its fields but the antiforgery token and the key).</summary>
    public string RequestHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The answer's status; null while the answer is not stored (being produced, or lost with the host).</summary>
    public int? StatusCode { get; set; }

    public string? ContentType { get; set; }

    /// <summary>The answer's body (JSON, up to <see cref="IdempotencyModel.MaxStoredBody"/>); null for a form's redirect.</summary>
    public string? Body { get; set; }

    public string? Location { get; set; }
}

public static class IdempotencyModel
{
    public const string Table = "idempotent_requests";

    /// <summary>Larger answers are not kept: a repeat is then answered as one whose answer was lost.</summary>
    public const int MaxStoredBody = 64 * 1024;

    /// <summary>Adds <c>idempotent_requests</c> to a module's DbContext (call in <c>OnModelCreating</c> after <c>HasDefaultSchema</c>, beside <c>AddOutbox</c>).</summary>
    public static ModelBuilder AddIdempotency(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotentRequest>(e =>
        {
            e.ToTable(Table);
            e.HasKey(x => new { x.Principal, x.Key });
            e.Property(x => x.Principal).HasColumnName("principal").HasMaxLength(200);
            e.Property(x => x.Key).HasColumnName("key").HasMaxLength(100);
            e.Property(x => x.Request).HasColumnName("request").HasMaxLength(500);
            e.Property(x => x.RequestHash).HasColumnName("request_hash").HasMaxLength(64);
            e.Property(x => x.CreatedAt).HasColumnName("created_at").HasConversion(InstantConversions.Instant);
            e.Property(x => x.StatusCode).HasColumnName("status_code");
            e.Property(x => x.ContentType).HasColumnName("content_type").HasMaxLength(200);
            e.Property(x => x.Body).HasColumnName("body");
            e.Property(x => x.Location).HasColumnName("location").HasMaxLength(2000);
            e.HasIndex(x => x.CreatedAt).HasDatabaseName("ix_idempotent_requests_created_at");
        });
        return modelBuilder;
    }
}

/// <summary>
/// The idempotency key of the request being handled, in an <see cref="AsyncLocal{T}"/> set by the host's middleware: the
/// <see cref="IdempotencyInterceptor"/> adds it to the first module database the request writes to, in that write's transaction.
/// </summary>
public sealed class IdempotencyScope
{
    private static readonly AsyncLocal<IdempotencyScope?> Ambient = new();
    private readonly Lock _gate = new();
    private DbContext? _pending;
    private string? _recordedIn;
    private bool _conflict;
    private bool _ended;

    private IdempotencyScope(string principal, string key, string request, string requestHash, DateTimeOffset at)
    {
        Principal = principal;
        Key = key;
        Request = request;
        RequestHash = requestHash;
        At = at;
    }

    /// <summary>The scope of the request on this flow; null when none, or when it has ended (work the request left behind).</summary>
    public static IdempotencyScope? Current => Ambient.Value is { } s && !s.Ended ? s : null;

    public string Principal { get; }

    public string Key { get; }

    public string Request { get; }

    public string RequestHash { get; }

    public DateTimeOffset At { get; }

    /// <summary>The module whose database holds the key (saved with the request's first write); null while nothing was written.</summary>
    public string? RecordedIn
    {
        get
        {
            lock (_gate)
            {
                return _recordedIn;
            }
        }
    }

    /// <summary>The write was refused because the key was already there: another request with the same key committed first.</summary>
    public bool Conflict
    {
        get
        {
            lock (_gate)
            {
                return _conflict;
            }
        }
    }

    private bool Ended
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    /// <summary>Starts the scope on the calling flow (the request's): every write below it carries the key.</summary>
    public static IdempotencyScope Begin(string principal, string key, string request, string requestHash, DateTimeOffset at)
    {
        var scope = new IdempotencyScope(principal, key, request, requestHash, at);
        Ambient.Value = scope;
        return scope;
    }

    /// <summary>The request is answered: what it left running writes without the key.</summary>
    public void End()
    {
        lock (_gate)
        {
            _ended = true;
        }
    }

    internal bool TryClaim(DbContext context)
    {
        lock (_gate)
        {
            if (_ended || _recordedIn is not null || _pending is not null)
            {
                return false;
            }

            _pending = context;
            return true;
        }
    }

    internal bool Saved(DbContext context, string module)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_pending, context))
            {
                return false;
            }

            _pending = null;
            _recordedIn = module;
            return true;
        }
    }

    internal bool Failed(DbContext context, bool conflict)
    {
        lock (_gate)
        {
            if (!ReferenceEquals(_pending, context))
            {
                return false;
            }

            _pending = null;
            _conflict |= conflict;
            return true;
        }
    }
}

/// <summary>
/// Adds the current <see cref="IdempotencyScope"/>'s key to the first save of the request in a module database that has
/// <c>idempotent_requests</c> (<see cref="IdempotencyModel.AddIdempotency"/>), so the key commits or rolls back with the write.
/// A second request with the same key then fails on the primary key and its write rolls back.
/// </summary>
internal sealed class IdempotencyInterceptor : SaveChangesInterceptor
{
    public static readonly IdempotencyInterceptor Instance = new();

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Add(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Add(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Saved(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Saved(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Failed(eventData.Context, eventData.Exception);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context, eventData.Exception);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Failed(eventData.Context, null);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Failed(eventData.Context, null);
        return Task.CompletedTask;
    }

    /// <summary>A unique violation on <c>idempotent_requests</c>: the key is already there.</summary>
    internal static bool IsKeyConflict(Exception? exception)
    {
        for (var x = exception; x is not null; x = x.InnerException)
        {
            switch (x)
            {
                case PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } pg when pg.TableName == IdempotencyModel.Table:
                case SqliteException { SqliteErrorCode: 19 } sqlite when sqlite.Message.Contains(IdempotencyModel.Table + ".", StringComparison.Ordinal):
                    return true;
            }
        }

        return false;
    }

    private static void Add(DbContext? context)
    {
        if (context is null || IdempotencyScope.Current is not { } scope || context.Model.FindEntityType(typeof(IdempotentRequest)) is null
            || !context.ChangeTracker.HasChanges() || !scope.TryClaim(context))
        {
            return;
        }

        context.Set<IdempotentRequest>().Add(new IdempotentRequest
        {
            Principal = scope.Principal,
            Key = scope.Key,
            Request = scope.Request,
            RequestHash = scope.RequestHash,
            CreatedAt = scope.At,
        });
    }

    private static void Saved(DbContext? context)
    {
        if (context is not null && IdempotencyScope.Current is { } scope)
        {
            scope.Saved(context, ModuleOf(context));
        }
    }

    private static void Failed(DbContext? context, Exception? exception)
    {
        if (context is null || IdempotencyScope.Current is not { } scope || !scope.Failed(context, IsKeyConflict(exception)))
        {
            return;
        }

        // The write rolled back: the key goes with it (a retry of the save must not carry a stale row).
        foreach (var entry in context.ChangeTracker.Entries<IdempotentRequest>().Where(e => e.State == EntityState.Added).ToList())
        {
            entry.State = EntityState.Detached;
        }
    }

    private static string ModuleOf(DbContext context) => context.GetType().Name.Replace("DbContext", "", StringComparison.Ordinal).ToLowerInvariant();
}

/// <summary>A stored key and, once the answer was produced, the answer (ADR 0035).</summary>
public sealed record IdempotencyRecord(string Module, string Request, string RequestHash, DateTimeOffset CreatedAt, int? StatusCode, string? ContentType, string? Body, string? Location);

/// <summary>The keys of one module database (registered for every module database; one without the table has none).</summary>
public interface IIdempotencyStore
{
    /// <summary>The module (lower case, as <see cref="IdempotencyRecord.Module"/> and <see cref="IdempotencyScope.RecordedIn"/>).</summary>
    string Module { get; }

    Task<IdempotencyRecord?> FindAsync(string principal, string key, CancellationToken cancellationToken);

    /// <summary>Adds the answer to the key's row (once: a row that has one keeps it).</summary>
    Task CompleteAsync(string principal, string key, int statusCode, string? contentType, string? body, string? location, CancellationToken cancellationToken);

    /// <summary>Deletes keys created before <paramref name="before"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken);
}

internal sealed class IdempotencyStore<TContext>(Func<TContext> contexts) : IIdempotencyStore
    where TContext : DbContext
{
    public string Module { get; } = typeof(TContext).Name.Replace("DbContext", "", StringComparison.Ordinal).ToLowerInvariant();

    public async Task<IdempotencyRecord?> FindAsync(string principal, string key, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        if (!Has(db))
        {
            return null;
        }

        var row = await db.Set<IdempotentRequest>().AsNoTracking().FirstOrDefaultAsync(r => r.Principal == principal && r.Key == key, cancellationToken);
        return row is null ? null : new IdempotencyRecord(Module, row.Request, row.RequestHash, row.CreatedAt, row.StatusCode, row.ContentType, row.Body, row.Location);
    }

    public async Task CompleteAsync(string principal, string key, int statusCode, string? contentType, string? body, string? location, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        if (Has(db))
        {
            await db.Set<IdempotentRequest>().Where(r => r.Principal == principal && r.Key == key && r.StatusCode == null)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.StatusCode, statusCode).SetProperty(r => r.ContentType, contentType)
                    .SetProperty(r => r.Body, body).SetProperty(r => r.Location, location), cancellationToken);
        }
    }

    public async Task<int> PurgeAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var db = contexts();
        return Has(db) ? await db.Set<IdempotentRequest>().Where(r => r.CreatedAt < before).ExecuteDeleteAsync(cancellationToken) : 0;
    }

    private static bool Has(DbContext db) => db.Model.FindEntityType(typeof(IdempotentRequest)) is not null;
}
