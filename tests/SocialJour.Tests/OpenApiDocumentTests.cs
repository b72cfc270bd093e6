using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SocialJour.Tests;

/// <summary>
/// /openapi/v1.json as an integrator reads it (ADR 0030): every operation named and tagged, 201 where something is created,
/// every error as problem+json, enums by the names the API sends, both security schemes, no empty schema where JSON is returned.
/// </summary>
[Collection(HostCollection.Name)]
public sealed partial class OpenApiDocumentTests(HostFixture host)
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    /// <summary>The POSTs that create something: each answers 201 Created.</summary>
    private static readonly (string Method, string Path)[] Creating =
    [
        ("post", "/api/contacts"), ("post", "/api/cases/{id}/related-parties"), ("post", "/api/commissions"), ("post", "/api/notices"),
        ("post", "/api/deviations"), ("post", "/api/cases/{id}/reports"), ("post", "/api/cases/{id}/protection-assessments"),
        ("post", "/api/cases/{id}/actions"), ("post", "/api/cases/{id}/decisions"), ("post", "/api/cases/{id}/time"),
        ("post", "/api/billing/{year}/{period}/corrections"),
    ];

    [Fact]
    public async Task Every_operation_has_a_unique_id_a_tag_real_statuses_and_problem_json_errors()
    {
        var (document, _) = await DocumentAsync();
        var operations = Operations(document).ToList();
        Assert.True(operations.Count >= 69, $"{operations.Count} operations");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var (method, path, operation) in operations)
        {
            var name = $"{method.ToUpperInvariant()} {path}";
            if (!operation.TryGetProperty("operationId", out var id) || !CamelCase().IsMatch(id.GetString()!) || !ids.Add(id.GetString()!))
            {
                problems.Add($"{name}: operationId missing, not camelCase or not unique");
            }

            if (!operation.TryGetProperty("tags", out var tags) || tags.GetArrayLength() == 0)
            {
                problems.Add($"{name}: no tag");
            }

            foreach (var response in operation.GetProperty("responses").EnumerateObject())
            {
                var content = response.Value.TryGetProperty("content", out var c) ? c.EnumerateObject().ToList() : [];
                if (response.Name[0] == '4')
                {
                    if (content.Count != 1 || content[0].Name != "application/problem+json"
                        || content[0].Value.GetProperty("schema").GetProperty("$ref").GetString() != "#/components/schemas/ProblemDetails")
                    {
                        problems.Add($"{name} {response.Name}: not application/problem+json with ProblemDetails");
                    }
                }
                else if (response.Name[0] == '2')
                {
                    if (content.Count == 0)
                    {
                        problems.Add($"{name} {response.Name}: no content");
                    }

                    foreach (var media in content)
                    {
                        if (!media.Value.TryGetProperty("schema", out var schema) || !schema.EnumerateObject().Any())
                        {
                            problems.Add($"{name} {response.Name} {media.Name}: empty schema");
                        }
                    }
                }
            }

            var responses = operation.GetProperty("responses");
            if (responses.TryGetProperty("401", out _) != responses.TryGetProperty("403", out _))
            {
                problems.Add($"{name}: 401 without 403 or the other way round");
            }

            if (responses.TryGetProperty("401", out _))
            {
                var schemes = operation.TryGetProperty("security", out var security)
                    ? security.EnumerateArray().SelectMany(r => r.EnumerateObject().Select(s => s.Name)).ToHashSet()
                    : [];
                if (!schemes.Contains("cookie") || schemes.Except(["cookie", "Bearer"]).Any())
                {
                    problems.Add($"{name}: security {string.Join(", ", schemes)} instead of cookie (and Bearer where a machine client may read)");
                }
            }
        }

        foreach (var (method, path) in Creating)
        {
            var responses = document.GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
            if (!responses.TryGetProperty("201", out _) || responses.TryGetProperty("200", out _))
            {
                problems.Add($"{method.ToUpperInvariant()} {path}: creates, so 201 (and no 200)");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Equal("getStatisticsReport", document.GetProperty("paths").GetProperty("/api/statistics").GetProperty("get").GetProperty("operationId").GetString());
        Assert.False(document.GetProperty("paths").TryGetProperty("/Logout", out _)); // the browser's form post, not the API
    }

    [Fact]
    public async Task Enums_files_and_security_schemes_are_documented_as_sent()
    {
        var (document, text) = await DocumentAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");

        foreach (var schema in schemas.EnumerateObject().Where(s => s.Value.TryGetProperty("enum", out _)))
        {
            Assert.All(schema.Value.GetProperty("enum").EnumerateArray(), v => Assert.Equal(JsonValueKind.String, v.ValueKind));
        }

        Assert.Contains("SosAlarm", schemas.GetProperty("ContactChannel").GetProperty("enum").EnumerateArray().Select(v => v.GetString()));

        var pdf = document.GetProperty("paths").GetProperty("/api/billing/{year}/{period}/invoices/{municipalityCode}.pdf").GetProperty("get")
            .GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/pdf").GetProperty("schema");
        Assert.Equal(("string", "binary"), (pdf.GetProperty("type").GetString(), pdf.GetProperty("format").GetString()));

        var security = document.GetProperty("components").GetProperty("securitySchemes");
        var cookie = security.GetProperty("cookie");
        Assert.Equal(("apiKey", "cookie", "socialjour"), (cookie.GetProperty("type").GetString(), cookie.GetProperty("in").GetString(), cookie.GetProperty("name").GetString()));
        Assert.Contains("Origin", cookie.GetProperty("description").GetString(), StringComparison.Ordinal);
        var clientCredentials = security.GetProperty("Bearer").GetProperty("flows").GetProperty("clientCredentials");
        Assert.Equal("/connect/token", clientCredentials.GetProperty("tokenUrl").GetString());
        Assert.Equal(
            ["socialjour.accesslog", "socialjour.billing", "socialjour.monitoring", "socialjour.notices", "socialjour.statistics"],
            clientCredentials.GetProperty("scopes").EnumerateObject().Select(s => s.Name).Order(StringComparer.Ordinal));
        var statisticsScopes = document.GetProperty("paths").GetProperty("/api/statistics").GetProperty("get").GetProperty("security")
            .EnumerateArray().SelectMany(r => r.EnumerateObject()).Single(s => s.Name == "Bearer").Value.EnumerateArray().Select(v => v.GetString());
        Assert.Equal(["socialjour.statistics"], statisticsScopes);

        // Machine clients read only, and never look anyone up: no bearer scope on a look-up or on a write.
        static IEnumerable<string?> Schemes(JsonElement operation) =>
            operation.TryGetProperty("security", out var s) ? s.EnumerateArray().SelectMany(r => r.EnumerateObject()).Select(x => x.Name) : [];
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name != "get" || path.Name.StartsWith("/api/lookup", StringComparison.Ordinal)))
            {
                Assert.DoesNotContain("Bearer", Schemes(operation.Value));
            }
        }

        // The document is valid OpenAPI as Microsoft.OpenApi reads it.
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text));
        var read = Microsoft.OpenApi.OpenApiDocument.Load(stream, "json");
        Assert.True(read.Diagnostic is null || read.Diagnostic.Errors.Count == 0, string.Join("\n", read.Diagnostic?.Errors.Select(e => e.ToString()) ?? []));
    }

    [Fact]
    public async Task The_documented_health_and_401_are_what_the_host_sends()
    {
        var (document, _) = await DocumentAsync();
        using var client = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        using var staff = host.Factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        Assert.Equal(HttpStatusCode.Redirect, (await HostTests.LogIn(staff, "ida", "jour2026")).StatusCode);

        var health = await staff.GetFromJsonAsync<JsonElement>("/health");
        var documented = document.GetProperty("components").GetProperty("schemas").GetProperty("HealthReportDto").GetProperty("properties").EnumerateObject().Select(p => p.Name);
        Assert.Equal(documented.Order(StringComparer.Ordinal), health.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));

        var anonymous = await client.GetAsync("/api/cases");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task The_document_is_for_signed_in_staff_and_machine_clients_with_an_api_scope_not_for_anyone()
    {
        using var anonymous = Security.HostClients.Anonymous(host, cookies: false);
        var refused = await anonymous.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("/api/", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var ida = await Security.HostClients.LoggedIn(host, "ida"); // any role: IT administration too
        Assert.Equal(HttpStatusCode.OK, (await ida.GetAsync("/openapi/v1.json")).StatusCode);

        using var idp = new HttpClient();
        using var token = await idp.PostAsync(new Uri(host.Simulator.BaseUrl, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "statistik", ["client_secret"] = "demo-statistik-secret", ["scope"] = "socialjour.statistics",
        }));
        using var machine = Security.HostClients.Anonymous(host, cookies: false);
        machine.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            (await Security.HostClients.Json(token)).GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await machine.GetAsync("/openapi/v1.json")).StatusCode);
    }

    private async Task<(JsonElement Document, string Text)> DocumentAsync()
    {
        using var client = await Security.HostClients.LoggedIn(host, "anna");
        var text = await client.GetStringAsync("/openapi/v1.json");
        return (JsonDocument.Parse(text).RootElement, text);
    }

    private static IEnumerable<(string Method, string Path, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject()
            .Where(m => Methods.Contains(m.Name)).Select(m => (m.Name, path.Name, m.Value)));

    [GeneratedRegex("^[a-z][A-Za-z0-9]+$")]
    private static partial Regex CamelCase();
}
