namespace SocialJour.Adapters.Lifecare;

/// <summary>Adds Lifecare's <c>domain</c> and <c>key</c> query parameters to every request.</summary>
internal sealed class KeyQueryHandler(string domain, string key) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
        request.RequestUri = new Uri(uri + separator + "domain=" + Uri.EscapeDataString(domain) + "&key=" + Uri.EscapeDataString(key));
        return base.SendAsync(request, cancellationToken);
    }
}
