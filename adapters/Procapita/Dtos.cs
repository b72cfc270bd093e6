namespace SocialJour.Adapters.Procapita;

#pragma warning disable CA1812 // instantiated by System.Text.Json
internal sealed record PcToken(string? AccessToken, string? TokenType, int ExpiresIn);

internal sealed record PcError(string? Code, string? Message);

internal sealed record PcErrorEnvelope(PcError? Error);

internal sealed record PcAddress(string? Street, string? PostalCode, string? City);

internal sealed record PcClient(string? PersonalIdentityNumber, string? FirstName, string? LastName, bool? ProtectedIdentity, PcAddress? Address, PcError? Error);

internal sealed record PcInvestigation(string Id, string? Type, DateTime? StartDate, DateTime? EndDate, string? Handlaggare, string? Unit);

internal sealed record PcDecision(string Id, DateTime? DecisionDate, DateTime? ValidFrom, DateTime? ValidTo, string? Type, string? Reason, string? DecidedBy, string? Lagrum);

internal sealed record PcPlacement(string Id, string? Type, DateTime? StartDate, DateTime? EndDate, string? Lagrum, string? Location, string? Handlaggare);

internal sealed record PcCaseworker(string? Name, string? Title, string? Unit, string? Phone, string? Email);

internal sealed record PcWarning(string? Kind, string? Text, DateTime? ValidFrom, DateTime? ValidTo);
#pragma warning restore CA1812
