namespace SocialJour.Adapters.Combine;

#pragma warning disable CA1812 // instantiated by System.Text.Json
internal sealed record CbEnvelope<T>(T? Data, CbMeta? Meta);

internal sealed record CbMeta(int Total, int Offset, int Limit);

internal sealed record CbAddress(string? Street, string? PostalCode, string? City);

internal sealed record CbPerson(string? PersonalNumber, string? FullName, string? ProtectedIdentity, CbAddress? Address);

internal sealed record CbInvestigation(string Id, string? Type, DateTimeOffset? From, DateTimeOffset? To, string? Caseworker, string? Unit);

internal sealed record CbDecision(string Id, DateTimeOffset? DecidedAt, DateTimeOffset? From, DateTimeOffset? To, string? Type, string? Reason, string? DecidedBy, string? Provision);

internal sealed record CbPlacement(string Id, string? Type, DateTimeOffset? From, DateTimeOffset? To, string? Provision, string? Location, string? Caseworker);

internal sealed record CbCaseworker(string? Name, string? Title, string? Unit, string? Phone, string? Email);

internal sealed record CbWarning(string? Kind, string? Text, DateTimeOffset? From, DateTimeOffset? To);
#pragma warning restore CA1812
