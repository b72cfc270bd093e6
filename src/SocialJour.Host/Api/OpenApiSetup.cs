using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using SocialJour.Core.Security;
using SocialJour.Host.Security;

namespace SocialJour.Host.Api;

/// <summary>
/// The OpenAPI document at /openapi/v1.json (Swashbuckle, ADR 0004; conventions ADR 0030). Each endpoint states its own
/// operation id (<c>WithName</c>), tag (the module, <c>WithTags</c>) and success responses (<c>Produces&lt;T&gt;</c>, 201
/// where something is created); <see cref="ProblemsAndSecurity"/> adds what every endpoint shares: the problem+json
/// errors (400 with input, 404 with a path parameter, 401/403 behind sign-in, 500), the security requirements (the
/// browser's cookie, or a bearer token with the area's scope) and string or binary schemas for non-JSON content.
/// Enums are documented as the API sends them: by name, from the same JSON options as the endpoints.
/// </summary>
internal static class OpenApiSetup
{
    public const string CookieScheme = "cookie";
    public const string BearerScheme = "Bearer";

    /// <summary>
    /// The bearer scope that opens an endpoint's authorization policy to machine clients (docs/operations.md, "Sign-in (OpenID
    /// Connect)"): reads only (GET), and never a look-up, intake or assessment — those are for signed-in staff.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> ScopeByPolicy = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Policies.Staff] = SignInSettings.Monitoring,
        [Policies.AccessLog] = SignInSettings.AccessLog,
        [Policies.Billing] = SignInSettings.Billing,
        [Policies.Statistics] = SignInSettings.Statistics,
        [Policies.MunicipalityNotices] = SignInSettings.Notices,
    };

    private static readonly Dictionary<string, string> Scopes = SignInSettings.ApiScopes.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);

    /// <summary>Instead of <c>AddEndpointsApiExplorer</c> + <c>AddSwaggerGen</c> in Program.cs.</summary>
    public static IServiceCollection AddSocialJourOpenApi(this IServiceCollection services, IConfiguration configuration)
    {
        // The token endpoint of the identity provider that issues client-credentials tokens (docs/operations.md, "API (OpenAPI)").
        var tokenUrl = configuration["SocialJour:OpenApi:TokenUrl"] is { Length: > 0 } url ? url : "/connect/token";
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "SocialJour API",
                Version = "v1",
                Description = "The jour's HTTP API (JSON). Errors are application/problem+json with a Swedish title and detail and, " +
                    "for invalid input, the field (`field`). Dates are local dates of the jour (yyyy-MM-dd); instants carry the jour's offset. " +
                    "Every POST accepts an `Idempotency-Key` header (1–100 printable ASCII characters, e.g. a GUID; ADR 0035): a write of intake or " +
                    "assessment (contacts, cases' steps and notes, time, actions, decisions, reports, deviations) is done once per key and user; the same " +
                    "request again gets the first answer with `Idempotent-Replayed: true`, the same key with another path or body 422, a key whose " +
                    "first answer was lost with its host 409. Keys are kept 24 hours.",
            });
            o.AddSecurityDefinition(CookieScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = "socialjour",
                Description = "The browser's session cookie, set at sign-in (HttpOnly, SameSite=Strict, Secure over HTTPS; the session lives in the " +
                    "database and ends at logout). For the browser only. A state-changing request (POST, PUT, DELETE) that a browser sends must come " +
                    "from the jour's own pages: Sec-Fetch-Site same-origin or none, or an Origin that is the host's own or listed in " +
                    "SocialJour:TrustedOrigins; otherwise 403. The statistics are read under the same rule. The pages' forms also carry an antiforgery token.",
            });
            o.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.OAuth2,
                Description = "Machine clients (integrators, monitoring): an access token from the identity provider's client-credentials flow, " +
                    "sent as Authorization: Bearer. Each API area has its scope.",
                Flows = new OpenApiOAuthFlows
                {
                    ClientCredentials = new OpenApiOAuthFlow { TokenUrl = new Uri(tokenUrl, UriKind.RelativeOrAbsolute), Scopes = Scopes },
                },
            });
            o.OperationFilter<ProblemsAndSecurity>();
            o.DocumentFilter<ApiPathsOnly>();
        });

        // Schemas from the JSON options the endpoints write with (JsonStringEnumConverter: enums by name), not MVC's.
        services.AddTransient<ISerializerDataContractResolver>(sp =>
            new JsonSerializerDataContractResolver(sp.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions));
        return services;
    }

    /// <summary>The errors, security and non-JSON content every operation shares.</summary>
    private sealed class ProblemsAndSecurity : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            var authorized = metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any();
            var parameters = context.ApiDescription.ParameterDescriptions;
            var hasInput = parameters.Count > 0 || operation.RequestBody is not null;
            var api = context.ApiDescription.RelativePath?.StartsWith("api", StringComparison.Ordinal) == true;

            operation.Responses ??= new OpenApiResponses();
            var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            if (hasInput)
            {
                Problem(operation, "400", "Invalid input: the Swedish detail names the field (`field`)", problem);
            }

            if (parameters.Any(p => p.Source == BindingSource.Path))
            {
                Problem(operation, "404", "Not found (the detail says what)", problem);
            }

            if (authorized)
            {
                Problem(operation, "401", "Not signed in (no valid cookie or bearer token)", problem);
                Problem(operation, "403", "Signed in, but the role (or the token's scope) does not allow it, or a browser request from another origin", problem);
            }

            if (api)
            {
                Problem(operation, "500", "Unexpected error: nothing was changed (no stack trace is ever sent)", problem);
            }

            foreach (var (status, response) in operation.Responses)
            {
                if (response.Content is null)
                {
                    continue;
                }

                foreach (var (type, media) in response.Content)
                {
                    if (status.Length == 3 && status[0] is '4' or '5')
                    {
                        continue; // made problem+json above or by ProducesProblem
                    }

                    if (!IsJson(type) && media is OpenApiMediaType concrete)
                    {
                        concrete.Schema = FileSchema(type);
                    }
                }
            }

            // Every error the endpoint declares (ProducesProblem, or the shared ones above) as problem+json with the ProblemDetails
            // schema, unless the endpoint declares a body of its own for it (/health's 503 is its JSON report).
            var ownBodies = context.ApiDescription.SupportedResponseTypes
                .Where(r => r.Type is not null && r.Type != typeof(void) && !typeof(ProblemDetails).IsAssignableFrom(r.Type))
                .Select(r => r.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
            foreach (var (status, response) in operation.Responses)
            {
                if (status.Length == 3 && status[0] is '4' or '5' && !ownBodies.Contains(status) && response is OpenApiResponse concrete)
                {
                    concrete.Content = NewContent(concrete.Content);
                    concrete.Content.Clear();
                    concrete.Content["application/problem+json"] = new OpenApiMediaType { Schema = problem };
                }
            }

            if (operation.RequestBody is OpenApiRequestBody body && body.Content is not null)
            {
                foreach (var (type, media) in body.Content)
                {
                    if (!IsJson(type) && media is OpenApiMediaType concrete)
                    {
                        concrete.Schema = FileSchema(type);
                    }
                }
            }

            if (authorized)
            {
                // The most specific policy decides (a group's Staff policy is overridden by the endpoint's own).
                var policy = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).LastOrDefault(p => p is not null);
                operation.Security ??= [];
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(CookieScheme, context.Document)] = [] });
                if (context.ApiDescription.HttpMethod == "GET" && policy is not null && ScopeByPolicy.TryGetValue(policy, out var scope))
                {
                    operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [scope] });
                }
            }
        }

        private static void Problem(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
        {
            if (!operation.Responses!.ContainsKey(status))
            {
                var response = new OpenApiResponse { Description = description };
                response.Content = NewContent(response.Content);
                response.Content["application/problem+json"] = new OpenApiMediaType { Schema = schema };
                operation.Responses[status] = response;
            }
        }

        /// <summary>Text formats as a string, files (PDF, XLSX) as binary.</summary>
        private static OpenApiSchema FileSchema(string contentType) =>
            contentType.StartsWith("text/", StringComparison.Ordinal) || contentType.Contains("svg", StringComparison.Ordinal) || contentType.Contains("pem", StringComparison.Ordinal)
                ? new OpenApiSchema { Type = JsonSchemaType.String }
                : new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };

        private static bool IsJson(string contentType) => contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

        private static IDictionary<string, TMedia> NewContent<TMedia>(IDictionary<string, TMedia>? existing) =>
            existing ?? new Dictionary<string, TMedia>(StringComparer.Ordinal);
    }

    /// <summary>The API and /health only: the logout form post is the browser's, not part of the API.</summary>
    private sealed class ApiPathsOnly : IDocumentFilter
    {
        public void Apply(OpenApiDocument swaggerDoc, DocumentFilterContext context)
        {
            foreach (var path in swaggerDoc.Paths.Keys.Where(p => !p.StartsWith("/api/", StringComparison.Ordinal) && p != "/health").ToList())
            {
                swaggerDoc.Paths.Remove(path);
            }
        }
    }
}

/// <summary>What /health sends (documentation of the anonymous object it writes; the OpenAPI test compares the two).</summary>
/// <summary>What /health, /health/live and /health/ready tell a caller without sign-in: the status only.</summary>
internal sealed record HealthStatusDto(string Status);

internal sealed record HealthReportDto(
    string Status,
    IReadOnlyList<string> Problems,
    IReadOnlyDictionary<string, bool> Modules,
    HealthDiskDto Disk,
    string HostId,
    string ApplicationVersion,
    string ConfigurationVersion,
    IReadOnlyList<HealthHostDto> Hosts,
    HealthConfigurationDto Configuration);

/// <summary>A host seen recently (its heartbeat): its configuration version (12 hex digits of the file's SHA-256) and application version.</summary>
internal sealed record HealthHostDto(string HostId, string Version, string ApplicationVersion, DateTimeOffset LastSeenAt);

internal sealed record HealthDiskDto(long? FreeMegabytes, long MinimumMegabytes);

internal sealed record HealthConfigurationDto(string Version, DateTimeOffset LoadedAt, bool RejectedEdit, bool StartedOnLastValid, IReadOnlyList<string> RejectedProblems);
