using Refit;

namespace SocialJour.Adapters.Viva;

/// <summary>Viva's CGI read interface. GET only; the key travels in a header added by the adapter.</summary>
internal interface IVivaApi
{
    [Get("/cgi/klient")]
    Task<HttpResponseMessage> GetClient(string pnr, CancellationToken cancellationToken);

    [Get("/cgi/{resource}")]
    Task<HttpResponseMessage> GetList(string resource, string pnr, int sida, CancellationToken cancellationToken);
}
