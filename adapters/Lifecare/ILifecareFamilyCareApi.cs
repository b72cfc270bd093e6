using Refit;

namespace SocialJour.Adapters.Lifecare;

/// <summary>Lifecare FamilyCare, base path <c>/apifc/v1</c>. Read endpoints only.</summary>
internal interface ILifecareFamilyCareApi
{
    [Get("/apifc/v1/Persons")]
    Task<HttpResponseMessage> GetPerson(string personId, CancellationToken cancellationToken);

    [Get("/apifc/v1/Investigations")]
    Task<HttpResponseMessage> GetInvestigations(string personId, int pageSize, int pageNr, CancellationToken cancellationToken);

    [Get("/apifc/v1/Decisions")]
    Task<HttpResponseMessage> GetDecisions(string personId, int pageSize, int pageNr, CancellationToken cancellationToken);

    [Get("/apifc/v1/Services")]
    Task<HttpResponseMessage> GetServices(string personId, int pageSize, int pageNr, CancellationToken cancellationToken);

    [Get("/apifc/v1/Contacts")]
    Task<HttpResponseMessage> GetContacts(string personId, CancellationToken cancellationToken);
}
