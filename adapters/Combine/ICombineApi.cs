using Refit;

namespace SocialJour.Adapters.Combine;

/// <summary>Combine person API. Read endpoints only; the identity is the client certificate.</summary>
internal interface ICombineApi
{
    [Get("/api/persons/{pnr}")]
    Task<HttpResponseMessage> GetPerson(string pnr, CancellationToken cancellationToken);

    [Get("/api/persons/{pnr}/{resource}")]
    Task<HttpResponseMessage> GetList(string pnr, string resource, int offset, int limit, CancellationToken cancellationToken);
}
