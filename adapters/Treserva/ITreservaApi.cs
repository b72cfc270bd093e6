using Refit;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Treserva;

/// <summary>The session login: the only request that is not a GET.</summary>
internal interface ITreservaLoginApi
{
    [Post("/login")]
    [AuthenticationEndpoint]
    Task<HttpResponseMessage> LogIn([Body(BodySerializationMethod.UrlEncoded)] Dictionary<string, string> form, CancellationToken cancellationToken);
}

/// <summary>Treserva's read services (SOAP-style envelopes over GET).</summary>
internal interface ITreservaApi
{
    [Get("/services/klient")]
    Task<HttpResponseMessage> GetClient(string pnr, CancellationToken cancellationToken);

    [Get("/services/{resource}")]
    Task<HttpResponseMessage> GetList(string resource, string pnr, int offset, int limit, CancellationToken cancellationToken);
}
