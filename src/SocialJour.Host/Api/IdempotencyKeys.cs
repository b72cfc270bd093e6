using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Razor.TagHelpers;
using SocialJour.Core.Persistence;

namespace SocialJour.Host.Api;

/// <summary>
/// A POST that carries an <c>Idempotency-Key</c> (the API's header, or the hidden field every form of the pages carries) is
/// done once (ADR 0035): the key is saved with the request's first write, in that write's transaction, in the module's own
/// database (<see cref="IdempotencyInterceptor"/>); the answer is added to it before it is sent. A repeat with the same key
/// gets the first answer again (<c>Idempotent-Replayed: true</c>; a form: the first redirect), on any host; a repeat whose
/// first answer was lost with its host gets 409; the same key for another request 422. Without a key nothing changes.
/// </summary>
internal sealed class IdempotencyKeys(RequestDelegate next, IEnumerable<IIdempotencyStore> stores, TimeProvider time, ILogger<IdempotencyKeys> logger)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The hidden form field (<see cref="IdempotencyKeyTagHelper"/>).</summary>
    public const string FormField = "__IdempotencyKey";

    public const int MaxKeyLength = 100;

    /// <summary>How long a repeat waits for the first request's answer to be stored before it says the answer is lost.</summary>
    private static readonly TimeSpan WaitForAnswer = TimeSpan.FromSeconds(10);

    private readonly IIdempotencyStore[] _stores = stores.ToArray();

    public async Task InvokeAsync(HttpContext http)
    {
        if (!HttpMethods.IsPost(http.Request.Method) || http.User.Identity?.IsAuthenticated != true || Principal(http.User) is not { } principal)
        {
            await next(http);
            return;
        }

        // The API's header; else a page's form field. A form without the field (or an empty one) has no key.
        var fromHeader = http.Request.Headers.ContainsKey(Header);
        var form = !fromHeader && http.Request.HasFormContentType;
        var key = fromHeader ? http.Request.Headers[Header].ToString()
            : form ? (await http.Request.ReadFormAsync(http.RequestAborted))[FormField].FirstOrDefault()
            : null;
        if (!fromHeader && string.IsNullOrEmpty(key))
        {
            await next(http);
            return;
        }

        if (!Valid(key))
        {
            await ProblemAsync(http, form, 400, "Ogiltig Idempotency-Key",
                $"Rubriken {Header} ska vara 1–{MaxKeyLength} synliga ASCII-tecken (t.ex. ett GUID). Ingenting har registrerats.", Header);
            return;
        }

        var request = $"POST {http.Request.Path}{http.Request.QueryString}";
        var hash = form ? FormHash(http.Request.Form) : await BodyHashAsync(http.Request, http.RequestAborted);
        if (await FindAsync(principal, key!, http.RequestAborted) is { } earlier)
        {
            await RepeatAsync(http, form, earlier, request, hash, principal, key!);
            return;
        }

        var scope = IdempotencyScope.Begin(principal, key!, request, hash, time.GetUtcNow());
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        catch (Exception)
        {
            Restore(http, original);
            // The same key committed first on another request (a double click, a retry while the first was running): its write
            // stands and this one rolled back; answer as a repeat.
            if (scope.RecordedIn is null && await FindAsync(principal, key!, CancellationToken.None) is { } winner && !http.Response.HasStarted)
            {
                http.Response.Clear();
                await RepeatAsync(http, form, winner, request, hash, principal, key!);
                return;
            }

            throw;
        }
        finally
        {
            scope.End();
            Restore(http, original);
        }

        // Nothing written here, but the key is there: a concurrent request with it committed first (this one rolled back on
        // the key, or was refused by a rule that saw the first one's write, e.g. a possible duplicate). Answer as a repeat.
        if (scope.RecordedIn is null && await FindAsync(principal, key!, CancellationToken.None) is { } first)
        {
            http.Response.Clear();
            await RepeatAsync(http, form, first, request, hash, principal, key!);
            return;
        }

        if (scope.RecordedIn is { } module && _stores.FirstOrDefault(s => s.Module == module) is { } store)
        {
            // Stored before it is sent: a host that dies now leaves a repeat its answer; one that died before this, a 409.
            var location = http.Response.Headers.Location.ToString();
            string? body = null;
            var keep = true;
            if (!form && buffer.Length > 0)
            {
                keep = buffer.Length <= IdempotencyModel.MaxStoredBody;
                body = keep ? Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) : null;
            }

            if (keep)
            {
                try
                {
                    await store.CompleteAsync(principal, key!, http.Response.StatusCode, form ? null : http.Response.ContentType, body,
                        string.IsNullOrEmpty(location) ? null : location, CancellationToken.None);
                }
                catch (Exception e)
                {
                    // The write stands; a repeat is told the answer was lost rather than given a second write.
                    logger.LogWarning("Idempotency key: the answer could not be stored ({Type})", e.GetType().Name);
                }
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    }

    /// <summary>Puts the server's body back (once: setting it again would wrap the server's stream).</summary>
    private static void Restore(HttpContext http, Stream original)
    {
        if (!ReferenceEquals(http.Response.Body, original))
        {
            http.Response.Body = original;
        }
    }

    /// <summary>1–100 printable ASCII characters.</summary>
    internal static bool Valid(string? key) => key is { Length: > 0 and <= MaxKeyLength } && key.All(c => c is >= ' ' and <= '~');

    private static string? Principal(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.Name) ?? user.FindFirstValue("client_id") ?? user.FindFirstValue("sub");

    private async Task<IdempotencyRecord?> FindAsync(string principal, string key, CancellationToken cancellationToken)
    {
        foreach (var store in _stores)
        {
            if (await store.FindAsync(principal, key, cancellationToken) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private async Task RepeatAsync(HttpContext http, bool form, IdempotencyRecord earlier, string request, string hash, string principal, string key)
    {
        if (earlier.Request != request || earlier.RequestHash != hash)
        {
            await ProblemAsync(http, form, 422, "Nyckeln är redan använd",
                $"{Header} har redan använts för en annan begäran ({earlier.Request}, med andra uppgifter). Använd en ny nyckel för en ny registrering; ingenting har registrerats nu.", Header);
            return;
        }

        // The first request may still be between its commit and storing its answer (a double click): wait a little for it.
        // A key older than that lost its answer with its host.
        var deadline = earlier.CreatedAt + WaitForAnswer;
        while (earlier.StatusCode is null && time.GetUtcNow() < deadline && !http.RequestAborted.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
            earlier = await FindAsync(principal, key, CancellationToken.None) ?? earlier;
        }

        if (earlier.StatusCode is not { } status)
        {
            await ProblemAsync(http, form, 409, "Svaret gick förlorat",
                "Begäran är redan utförd, men svaret gick förlorat. Kontrollera ärendet innan du registrerar igen.", null);
            return;
        }

        http.Response.Headers[ReplayedHeader] = "true";
        if (form)
        {
            // A form: back where the first one went (its redirect), or to the page it was posted from.
            http.Response.StatusCode = earlier.Location is null ? StatusCodes.Status303SeeOther : status;
            http.Response.Headers.Location = earlier.Location ?? $"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}";
            return;
        }

        http.Response.StatusCode = status;
        if (earlier.Location is { } location)
        {
            http.Response.Headers.Location = location;
        }

        if (earlier.Body is { } body)
        {
            http.Response.ContentType = earlier.ContentType;
            await http.Response.WriteAsync(body, Encoding.UTF8, http.RequestAborted);
        }
    }

    private static async Task ProblemAsync(HttpContext http, bool form, int status, string title, string detail, string? field)
    {
        http.Response.StatusCode = status;
        if (form)
        {
            // A page's form: a short page in Swedish with the way back, not JSON.
            http.Response.ContentType = "text/html; charset=utf-8";
            var back = WebUtility.HtmlEncode($"{http.Request.PathBase}{http.Request.Path}{http.Request.QueryString}");
            await http.Response.WriteAsync(
                $"<!DOCTYPE html><html lang=\"sv\"><head><meta charset=\"utf-8\"><title>{WebUtility.HtmlEncode(title)}</title></head>" +
                $"<body><main><h1>{WebUtility.HtmlEncode(title)}</h1><p role=\"alert\">{WebUtility.HtmlEncode(detail)}</p><p><a href=\"{back}\">Tillbaka</a></p></main></body></html>",
                Encoding.UTF8, http.RequestAborted);
            return;
        }

        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        await Results.Problem(problem).ExecuteAsync(http);
    }

    private static async Task<string> BodyHashAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            sha.AppendData(chunk, 0, read);
        }

        request.Body.Position = 0;
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>The form's fields, sorted, but the antiforgery token (new with every page) and the key.</summary>
    private static string FormHash(IFormCollection form)
    {
        var text = new StringBuilder();
        foreach (var (name, values) in form.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (name is FormField or "__RequestVerificationToken")
            {
                continue;
            }

            foreach (var value in values)
            {
                text.Append(name).Append('=').Append(value).Append('\n');
            }
        }

        foreach (var file in form.Files)
        {
            text.Append(file.Name).Append(":file=").Append(file.FileName).Append(':').Append(file.Length).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

/// <summary>
/// Every <c>&lt;form method="post"&gt;</c> of the pages carries a hidden <c>__IdempotencyKey</c>, new each time the form is
/// drawn: the same form sent twice (a double click, a reload, a retry after a lost answer) registers once (ADR 0035).
/// </summary>
[HtmlTargetElement("form", Attributes = "method")]
public sealed class IdempotencyKeyTagHelper : TagHelper
{
    public override int Order => 1000;

    public override void Process(TagHelperContext context, TagHelperOutput output)
    {
        if (output.Attributes["method"]?.Value?.ToString() is { } method && method.Equals("post", StringComparison.OrdinalIgnoreCase))
        {
            output.PostContent.AppendHtml($"<input name=\"{IdempotencyKeys.FormField}\" type=\"hidden\" value=\"{Guid.NewGuid():N}\" />");
        }
    }
}
