using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace SocialJour.Core.Persistence;

/// <summary>
/// Instants are stored as Unix milliseconds in every module, so that SQLite (which has no date type) orders and compares
/// them correctly and PostgreSQL stores the same values.
/// </summary>
public static class InstantConversions
{
    public static readonly ValueConverter<DateTimeOffset, long> Instant =
        new(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));

    public static readonly ValueConverter<DateTimeOffset?, long?> NullableInstant = new(
        v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : (long?)null,
        v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : (DateTimeOffset?)null);
}
