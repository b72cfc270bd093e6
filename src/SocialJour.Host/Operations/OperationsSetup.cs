using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Reflection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Quartz;
using SocialJour.Core.Operations;

namespace SocialJour.Host.Operations;

/// <summary>
/// The operations side of the host (ADR 0029): logs (text or JSON, UTC timestamps), health checks split into liveness and
/// readiness, the heartbeat with this host's configuration version, OpenTelemetry (OTLP when configured) and access-log
/// retention. Program.cs calls <see cref="AddOperations"/> and <see cref="MapOperations"/>.
/// </summary>
internal static class OperationsSetup
{
    public const string LogFormatSetting = "SocialJour:Logging:Format";
    public const string OtlpEndpointSetting = "SocialJour:Telemetry:OtlpEndpoint";
    public const string OtlpProtocolSetting = "SocialJour:Telemetry:OtlpProtocol";

    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        ConfigureLogging(builder.Logging, configuration);

        var version = typeof(OperationsSetup).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0";
        var hostId = configuration["SocialJour:HostId"] is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Environment.ProcessId}";
        if (hostId.Length > 200)
        {
            throw new InvalidOperationException("Inställningen SocialJour:HostId får vara högst 200 tecken");
        }

        var heartbeat = configuration["SocialJour:Health:HeartbeatSeconds"] is { } text
            ? int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var s) && s is >= 1 and <= 3600
                ? TimeSpan.FromSeconds(s)
                : throw new InvalidOperationException($"Inställningen SocialJour:Health:HeartbeatSeconds ska vara ett heltal 1–3600, inte '{text}'")
            : TimeSpan.FromSeconds(15);
        var identity = new HostIdentity(hostId, version, DateTimeOffset.UtcNow, heartbeat);
        builder.Services.AddSingleton(identity);
        builder.Services.AddHostedService<HeartbeatService>();

        builder.Services.AddHealthChecks()
            .AddCheck<DatabasesHealthCheck>("databases", tags: [HealthTags.Health, HealthTags.Ready])
            .AddCheck<DiskHealthCheck>("disk", tags: [HealthTags.Health, HealthTags.Ready])
            .AddCheck<ConfigurationHealthCheck>("configuration", tags: [HealthTags.Health, HealthTags.Ready])
            .AddCheck<ConfigurationVersionHealthCheck>("configuration-version", tags: [HealthTags.Health, HealthTags.Ready])
            .AddCheck<OutboxHealthCheck>("outbox", tags: [HealthTags.Health, HealthTags.Ready])
            .AddCheck<ChainHealthCheck>("access-log-chain", tags: [HealthTags.Ready])
            .AddCheck<AdaptersHealthCheck>("adapters", tags: [HealthTags.Ready]);

        try
        {
            var retention = AccessLogRetentionOptions.Parse(configuration[AccessLogRetentionOptions.YearsSetting], configuration[AccessLogRetentionOptions.ArchiveSetting]);
            if (retention.ArchiveDirectory is { } archive)
            {
                retention = retention with { ArchiveDirectory = Path.GetFullPath(Path.Combine(builder.Environment.ContentRootPath, archive)) };
            }

            builder.Services.AddSingleton(retention);
        }
        catch (SocialJour.Core.ValidationException e)
        {
            throw new InvalidOperationException(e.Message, e);
        }

        builder.Services.AddQuartz(q => AccessLogRetentionJob.Schedule(q, configuration));
        AddTelemetry(builder.Services, configuration, identity);
        return builder;
    }

    public static WebApplication MapOperations(this WebApplication app)
    {
        // Liveness: the process answers (no database is asked, so a slow database never gets a live host restarted).
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponse.WriteAsync })
            .AllowAnonymous().DisableRateLimiting();

        // Readiness: everything a host needs to serve. 200 Healthy or Degraded, 503 Unhealthy.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(HealthTags.Ready),
            ResponseWriter = HealthResponse.WriteAsync,
            ResultStatusCodes = { [HealthStatus.Healthy] = 200, [HealthStatus.Degraded] = 200, [HealthStatus.Unhealthy] = 503 },
        }).AllowAnonymous().DisableRateLimiting();
        return app;
    }

    /// <summary><c>SocialJour:Logging:Format</c>: <c>text</c> (default) or <c>json</c> — one JSON object per line; both with UTC ISO 8601 timestamps.</summary>
    internal static void ConfigureLogging(ILoggingBuilder logging, IConfiguration configuration)
    {
        const string timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ";
        var format = configuration[LogFormatSetting] ?? "text";
        logging.ClearProviders();
        switch (format.ToLowerInvariant())
        {
            case "json":
                logging.AddJsonConsole(o =>
                {
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = timestamp;
                    o.IncludeScopes = false;
                    o.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
                });
                break;
            case "text":
                logging.AddSimpleConsole(o =>
                {
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = timestamp + " ";
                    o.SingleLine = true;
                });
                break;
            default:
                throw new InvalidOperationException($"Inställningen {LogFormatSetting} ska vara text eller json, inte '{format}'");
        }
    }

    /// <summary>
    /// OpenTelemetry metrics and traces, exported with OTLP to <c>SocialJour:Telemetry:OtlpEndpoint</c> (protocol
    /// <c>grpc</c> or <c>http/protobuf</c>). Off — nothing registered — when no endpoint is configured.
    /// </summary>
    private static void AddTelemetry(IServiceCollection services, IConfiguration configuration, HostIdentity identity)
    {
        if (configuration[OtlpEndpointSetting] is not { Length: > 0 } endpointText)
        {
            return;
        }

        if (!Uri.TryCreate(endpointText, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"Inställningen {OtlpEndpointSetting} ska vara en absolut http- eller https-adress, inte '{endpointText}'");
        }

        var protocol = (configuration[OtlpProtocolSetting] ?? "grpc").ToLowerInvariant() switch
        {
            "grpc" => OtlpExportProtocol.Grpc,
            "http/protobuf" or "httpprotobuf" => OtlpExportProtocol.HttpProtobuf,
            var other => throw new InvalidOperationException($"Inställningen {OtlpProtocolSetting} ska vara grpc eller http/protobuf, inte '{other}'"),
        };
        var interval = configuration.GetValue<int?>("SocialJour:Telemetry:ExportIntervalSeconds") ?? 30;

        void Otlp(OtlpExporterOptions o, string signal)
        {
            // With http/protobuf the endpoint given is the collector's base address; each signal has its own path.
            o.Endpoint = protocol == OtlpExportProtocol.HttpProtobuf ? new Uri(endpoint, signal) : endpoint;
            o.Protocol = protocol;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("socialjour", serviceVersion: identity.ApplicationVersion, serviceInstanceId: identity.HostId))
            .WithMetrics(m => m
                .AddMeter(SocialJourTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddObservableOutboxLag()
                .AddOtlpExporter((o, reader) =>
                {
                    Otlp(o, "v1/metrics");
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval * 1000;
                }))
            .WithTracing(t => t
                .AddSource(SocialJourTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = ctx => !ctx.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal))
                .AddHttpClientInstrumentation()
                .AddProcessor(new UrlScrubbingProcessor())
                .AddOtlpExporter(o => Otlp(o, "v1/traces")));
    }

    private static MeterProviderBuilder AddObservableOutboxLag(this MeterProviderBuilder builder)
    {
        // Measured by the heartbeat (a database read per module), observed here when the exporter collects.
        _ = OutboxLagGauge.Instance;
        return builder;
    }
}

/// <summary>The outbox lag per module as an observable gauge (seconds since the oldest message not yet dispatched).</summary>
internal static class OutboxLagGauge
{
    public static readonly ObservableGauge<double> Instance = SocialJourTelemetry.Meter.CreateObservableGauge(
        "socialjour.outbox.lag", () => OutboxLag.Current.Select(l => new Measurement<double>(l.Value, new KeyValuePair<string, object?>("module", l.Key))),
        "s", "Sekunder sedan det äldsta ej skickade meddelandet i modulens händelsekö");
}

/// <summary>
/// Spans carry the route template, never the path or the query: a journal system's URL can hold an identity number or a key
/// (ADR 0029). Applied to every span before export.
/// </summary>
internal sealed class UrlScrubbingProcessor : BaseProcessor<Activity>
{
    private static readonly string[] Removed = ["url.path", "url.query", "http.target", "http.url"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in Removed)
        {
            if (data.GetTagItem(tag) is not null)
            {
                data.SetTag(tag, null);
            }
        }

        if (data.GetTagItem("url.full") is string full && Uri.TryCreate(full, UriKind.Absolute, out var uri))
        {
            data.SetTag("url.full", uri.GetLeftPart(UriPartial.Authority) + "/");
        }

        if (data.Kind == ActivityKind.Client)
        {
            data.DisplayName = data.GetTagItem("http.request.method") as string ?? "HTTP";
        }
        else if (data.GetTagItem("http.route") is string route && data.GetTagItem("http.request.method") is string method)
        {
            data.DisplayName = $"{method} {route}";
        }
    }
}
