using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace SocialJour.Core.Persistence;

/// <summary>What kind of database trouble an exception is (ADR 0034).</summary>
public enum DatabaseTroubleKind
{
    /// <summary>The database cannot be reached or is busy for a while (restart, stop, lost connection, too many connections,
    /// a serialization failure or deadlock, a locked SQLite file): nothing was stored; the same request may succeed later.</summary>
    Unavailable,

    /// <summary>The database's disk is full: nothing was stored; someone must free space first.</summary>
    DiskFull,
}

/// <summary>
/// The one place that tells database trouble from a bug (ADR 0034): the host answers it with 503 and <c>Retry-After</c> (or the
/// full-disk message), retries a GET once or twice, and never calls it "an unexpected error". Walks the inner exceptions, so
/// EF's <c>DbUpdateException</c> and wrapped provider exceptions are seen through.
/// </summary>
public static class DatabaseTrouble
{
    /// <summary>SQLite primary result codes (the low byte of an extended code).</summary>
    private const int SqliteBusy = 5, SqliteLocked = 6, SqliteIoErr = 10, SqliteFull = 13, SqliteCantOpen = 14;

    /// <summary>ENOSPC on Linux and macOS (the low 16 bits of an IOException's HResult), ERROR_DISK_FULL and ERROR_HANDLE_DISK_FULL on Windows.</summary>
    private static readonly int[] DiskFullErrors = [28, 0x70, 0x27];

    /// <summary>The kind of database trouble <paramref name="exception"/> is, or null when it is something else (a bug, invalid input).</summary>
    public static DatabaseTroubleKind? Classify(Exception? exception)
    {
        DatabaseTroubleKind? found = null;
        var underDatabase = false;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException pg:
                    return Classify(pg);
                case NpgsqlException npgsql:
                    underDatabase = true;
                    found ??= npgsql.IsTransient ? DatabaseTroubleKind.Unavailable : null;
                    break;
                case SqliteException sqlite:
                    return (sqlite.SqliteErrorCode & 0xFF) switch
                    {
                        SqliteFull => DatabaseTroubleKind.DiskFull,
                        SqliteBusy or SqliteLocked or SqliteIoErr or SqliteCantOpen => DatabaseTroubleKind.Unavailable,
                        _ => null,
                    };
                case IOException io when DiskFullErrors.Contains(io.HResult & 0xFFFF):
                    return DatabaseTroubleKind.DiskFull;
                case SocketException or TimeoutException or IOException when underDatabase:
                    found ??= DatabaseTroubleKind.Unavailable;
                    break;
                case InvalidOperationException when e.Message.Contains("likely due to a transient failure", StringComparison.Ordinal):
                    // EF's wrapper when an execution strategy gave up (the cause is the inner exception).
                    found ??= DatabaseTroubleKind.Unavailable;
                    break;
            }
        }

        return found;
    }

    /// <summary>The pauses between the tries of <see cref="ReadAfterCommitAsync{T}"/>: about 20 seconds in all.</summary>
    internal static readonly TimeSpan[] ReadPauses =
        [.. new[] { 100, 250, 500, 1000 }.Select(ms => TimeSpan.FromMilliseconds(ms)), .. Enumerable.Repeat(TimeSpan.FromSeconds(2), 9)];

    /// <summary>
    /// A read made after a write has committed, to build the answer: tried again while the database is unavailable (a read is
    /// safe to repeat). Without it a restart between the commit and the read answered 503 "Inget har sparats" for a stored
    /// write, and the user registered it again.
    /// </summary>
    public static async Task<T> ReadAfterCommitAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await read();
            }
            catch (Exception e) when (attempt < ReadPauses.Length && Classify(e) == DatabaseTroubleKind.Unavailable && !cancellationToken.IsCancellationRequested)
            {
                NpgsqlConnection.ClearAllPools(); // the idle pooled connections died with the server
                await Task.Delay(ReadPauses[attempt], cancellationToken);
            }
        }
    }

    private static DatabaseTroubleKind? Classify(PostgresException pg) => pg.SqlState switch
    {
        "53100" => DatabaseTroubleKind.DiskFull, // disk_full
        "53200" or "53300" or "53400" => DatabaseTroubleKind.Unavailable, // out of memory, too many connections, configuration limit
        "57P01" or "57P02" or "57P03" or "57P05" => DatabaseTroubleKind.Unavailable, // admin/crash shutdown, cannot connect now, idle session timeout
        "40001" or "40P01" => DatabaseTroubleKind.Unavailable, // serialization failure, deadlock: rolled back, may succeed again
        "55P03" => DatabaseTroubleKind.Unavailable, // lock not available
        var state when state.StartsWith("08", StringComparison.Ordinal) => DatabaseTroubleKind.Unavailable, // connection exceptions
        _ => null,
    };
}
