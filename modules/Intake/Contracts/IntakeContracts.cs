namespace SocialJour.Modules.Intake.Contracts;

/// <summary>How a contact reached the jour.</summary>
public enum ContactChannel
{
    SosAlarm,
    DirectLine,
    Police,
    Municipality,
    EService,
    Other,
}

/// <summary>The annual report's case categories.</summary>
public enum CaseCategory
{
    ChildrenAndYouth,
    SubstanceAbuse,
    DomesticViolence,
    FinancialOrHousing,
    ElderlyOrDisability,
    UnaccompaniedMinor,
    Other,
}

/// <summary>A person a contact concerns: by identity number, or unidentified with what is known. Becomes one jour case.</summary>
public sealed record PersonConcerned(string? IdentityNumber, string? Name, int? ApproximateAge, string? MunicipalityCode, CaseCategory? Category);

public sealed record ContactRegistration(ContactChannel? Channel, DateTimeOffset? ReceivedAt, string? Caller, string? Situation, IReadOnlyList<PersonConcerned>? Persons);

public sealed record JourCaseView(
    string Id,
    long ContactId,
    string? PersonId,
    string PersonLabel,
    string? Name,
    int? ApproximateAge,
    string MunicipalityCode,
    CaseCategory Category,
    bool ConcernsChild,
    ContactChannel Channel,
    DateTimeOffset ReceivedAt,
    string JourMode,
    DateTimeOffset OpenedAt,
    string OpenedBy,
    DateTimeOffset? ClosedAt,
    string? ClosedBy)
{
    public bool IsOpen => ClosedAt is null;
}

public sealed record RegisteredContact(long ContactId, DateTimeOffset ReceivedAt, string JourMode, IReadOnlyList<JourCaseView> Cases);

/// <summary>Input the intake cannot accept; the message is Swedish and names the field.</summary>
public sealed class IntakeValidationException(string field, string message, bool notFound = false) : Exception(message)
{
    public string Field { get; } = field;

    public bool NotFound { get; } = notFound;
}
