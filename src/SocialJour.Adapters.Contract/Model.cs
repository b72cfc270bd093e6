namespace SocialJour.Adapters.Contract;

/// <summary>A personal identity or coordination number in its canonical 12-digit form (YYYYMMDDNNNC).</summary>
public sealed record PersonId
{
    public PersonId(string twelveDigits)
    {
        if (twelveDigits is null || twelveDigits.Length != 12 || !twelveDigits.All(char.IsAsciiDigit))
        {
            throw new ArgumentException("A PersonId is 12 digits without separator.", nameof(twelveDigits));
        }

        TwelveDigits = twelveDigits;
    }

    public string TwelveDigits { get; }

    /// <summary>The 10-digit form with separator; '+' once the person has turned 100 in <paramref name="year"/>.</summary>
    public string ToTenDigitsWithSeparator(int year)
    {
        var birthYear = int.Parse(TwelveDigits[..4], System.Globalization.CultureInfo.InvariantCulture);
        var separator = year - birthYear >= 100 ? '+' : '-';
        return string.Concat(TwelveDigits.AsSpan(2, 6), separator.ToString(), TwelveDigits.AsSpan(8, 4));
    }

    /// <summary>Masked form for logs and screens where the full number is not needed: birth date only.</summary>
    public string Masked => string.Concat(TwelveDigits.AsSpan(0, 8), "-****");

    public override string ToString() => Masked;
}

/// <summary>Why a look-up happens. Every adapter call carries one; adapters may forward it to the vendor's audit.</summary>
public sealed record LookupContext(string UserId, string? JourCaseId, string Purpose, string? EmergencyReason = null)
{
    public static LookupContext HealthCheck { get; } = new("system", null, "Hälsokontroll (testperson)");
}

/// <summary>The status of one source in an answer. Never collapse these into "no data".</summary>
public enum SourceStatus
{
    Found,
    NotFound,
    NoAccess,
    Unavailable,
    TimedOut,
    InvalidResponse,
    Disabled,
}

public sealed record AdapterResult<T>(SourceStatus Status, T? Value, string? Detail, TimeSpan Latency)
    where T : class
{
    public static AdapterResult<T> Found(T value, TimeSpan latency) => new(SourceStatus.Found, value, null, latency);

    public static AdapterResult<T> Failed(SourceStatus status, string detail, TimeSpan latency) => new(status, null, detail, latency);
}

public sealed record AdapterHealth(SourceStatus Status, TimeSpan Latency, string? Error)
{
    public bool Healthy => Status == SourceStatus.Found;
}

public enum ProtectedIdentity
{
    Unknown,
    No,
    Yes,
}

public enum LegalBasis
{
    Unknown,
    SoL,
    LVU,
    LVM,
    LSS,
    Other,
}

public sealed record PersonRecord(
    string PersonId,
    string Name,
    ProtectedIdentity ProtectedIdentity,
    PostalAddress? Address);

public sealed record PostalAddress(string? Street, string? PostalCode, string? City);

public sealed record ClientHistory(
    PersonRecord Person,
    IReadOnlyList<OpenCase> OpenCases,
    IReadOnlyList<Decision> Decisions,
    IReadOnlyList<Placement> Placements,
    IReadOnlyList<Caseworker> Caseworkers,
    IReadOnlyList<Warning> Warnings);

/// <summary>An open case or investigation (utredning) in the municipality.</summary>
public sealed record OpenCase(string Id, string Type, DateOnly? From, DateOnly? To, string? Caseworker, string? Unit);

/// <summary>A decision or intervention (beslut/insats) with its legal basis and period.</summary>
public sealed record Decision(string Id, string Type, string? Reason, LegalBasis LegalBasis, DateOnly? DecidedOn, DateOnly? From, DateOnly? To, string? DecisionMaker);

/// <summary>A placement; its legal basis decides whether police assistance is lawful (LVU 43 §).</summary>
public sealed record Placement(string Id, string Type, LegalBasis LegalBasis, DateOnly? From, DateOnly? To, string? Location);

public sealed record Caseworker(string Name, string? Title, string? Unit, string? Phone, string? Email);

public sealed record Warning(string Kind, string Text, DateOnly? From, DateOnly? To);
