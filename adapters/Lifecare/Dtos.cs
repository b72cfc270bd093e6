namespace SocialJour.Adapters.Lifecare;

// Shapes from the recorded fixtures (PascalCase). Fields marked "assumed" are not in the public fixtures;
// see docs/adapters/lifecare.md, "to confirm with the vendor".
#pragma warning disable CA1812 // instantiated by System.Text.Json
internal sealed record LcPage<T>(int PageNumber, int PageSize, int TotalNumberOfPages, int TotalNumberOfRecords, List<T>? Result);

internal sealed record LcPerson(
    string? PersonId,
    string? Name,
    string? StreetAddress,
    string? PostalCode,
    string? PostalAddress,
    bool? ProtectedIdentity, // assumed
    List<LcWarning>? Warnings); // assumed

internal sealed record LcWarning(string? Type, string? Text, DateTimeOffset? FromDate, DateTimeOffset? ToDate);

internal sealed record LcInvestigation(long Id, string? Type, DateTimeOffset? FromDate, DateTimeOffset? ToDate, string? Caseworker, string? Organization);

internal sealed record LcDecision(
    long Id, DateTimeOffset? Date, DateTimeOffset? FromDate, DateTimeOffset? ToDate, string? Type, string? Reason, string? DecisionMaker, string? Organization,
    string? Paragraph); // assumed: the legal provision, e.g. "LVU 2 §"

internal sealed record LcService(
    long Id, string? Type, string? Organization, DateTimeOffset? StartDate, DateTimeOffset? EndDate, string? Caseworker,
    string? Paragraph, // assumed
    string? Location); // assumed: placement location (hidden when identity is protected)

internal sealed record LcContact(long Id, string? Name, string? EmploymentTitle, string? OrganizationName, string? Phone, string? Email, string? TypeOfContact);
#pragma warning restore CA1812
