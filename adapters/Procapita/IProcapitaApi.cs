using Refit;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Procapita;

/// <summary>The token endpoint: the only request that is not a GET.</summary>
internal interface IProcapitaAuthApi
{
    [Post("/oauth/token")]
    [AuthenticationEndpoint]
    Task<HttpResponseMessage> GetToken([Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);
}

/// <summary>Procapita client API v2. Read endpoints only.</summary>
internal interface IProcapitaApi
{
    [Get("/api/v2/clients/{pnr}")]
    Task<HttpResponseMessage> GetClient(string pnr, CancellationToken cancellationToken);

    [Get("/api/v2/clients/{pnr}/{resource}")]
    Task<HttpResponseMessage> GetList(string pnr, string resource, int page, CancellationToken cancellationToken);
}
