using System.Security.Claims;
using Autofac;
using Autofac.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Quartz;
using SocialJour.Core;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Core.Modules;
using SocialJour.Core.Persistence;
using SocialJour.Core.Sessions;
using SocialJour.Host;
using SocialJour.Host.Api;
using SocialJour.Host.Jobs;
using SocialJour.Host.Operations;
using SocialJour.Host.Security;
using SocialJour.Modules.Assessment;
using SocialJour.Modules.Intake;

// A setting that cannot be used stops the host with its Swedish sentence and exit code 2, never a stack trace: the settings
// are read while the host is built, and their errors name the setting (HostSettings.IsSettingError).
var starting = true;
AppDomain.CurrentDomain.UnhandledException += (_, e) =>
{
    if (starting && e.ExceptionObject is Exception error && HostSettings.IsSettingError(error))
    {
        Console.Error.WriteLine(error.GetBaseException() is { } b && HostSettings.IsSettingError(b) ? b.Message : error.Message);
        Environment.Exit(2);
    }
};

var builder = WebApplication.CreateBuilder(args);
var baseCore = HostSettings.ReadCoreOptions(builder.Configuration, builder.Environment.ContentRootPath);
var core = baseCore with
{
    Transparency = TransparencySettings.ReadOptions(builder.Configuration, builder.Environment.ContentRootPath,
        baseCore.Database.Provider == DatabaseProvider.Sqlite ? Path.Combine(baseCore.Database.DataDirectory, "published") : null),
};

// Every module found beside the host registers itself: its container registrations, its services (jobs, options) and endpoints.
var modules = ModuleCatalog.Discover();
foreach (var module in modules)
{
    module.ConfigureServices(builder.Services, builder.Configuration);
}

builder.Host.UseServiceProviderFactory(new AutofacServiceProviderFactory());
builder.Host.ConfigureContainer<ContainerBuilder>(c =>
{
    // The host registers module entry points only; each module's Autofac module registers the rest.
    c.RegisterModule(new CoreAutofacModule(core));
    foreach (var module in modules)
    {
        c.RegisterModule(module);
    }
});

builder.Services.AddSingleton(TimeProvider.System);

// Swedish letters are written as they are, not as numeric character references.
builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
    o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
builder.Services.AddSingleton<UserDirectory>();
builder.Services.AddSingleton<LoginGate>();
builder.Services.AddRazorPages(o =>
{
    o.Conventions.AuthorizeFolder("/");
    o.Conventions.AllowAnonymousToPage("/Login");
    o.Conventions.AddPageApplicationModelConvention("/Login", m => m.EndpointMetadata.Add(new EnableRateLimitingAttribute(WebSecurity.LoginPolicy)));
    o.Conventions.AllowAnonymousToPage("/Error");
    o.Conventions.AuthorizePage("/Sok", Policies.ClientWork);
    o.Conventions.AuthorizeFolder("/Arenden", Policies.ClientWork);
    o.Conventions.AuthorizePage("/Aviseringar", Policies.ClientWork);
    o.Conventions.AuthorizePage("/Uppdrag", Policies.ClientWork);
    o.Conventions.AuthorizePage("/Avvikelser", Policies.ClientWork);
    o.Conventions.AuthorizePage("/Overlamning", Policies.ClientWork);
    o.Conventions.AuthorizePage("/Uppfoljning", Policies.FollowUp);
    o.Conventions.AuthorizePage("/Atkomstlogg", Policies.AccessLog);
    o.Conventions.AuthorizePage("/Fakturering", Policies.Billing);
    o.Conventions.AuthorizePage("/Statistik", Policies.Statistics);
});
// Sign-in: OpenID Connect for staff into the server-side session, JWT bearer for machine clients, the policies (ADR 0027).
if (!builder.AddSignIn())
{
    return 2;
}

builder.Services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
WebSecurity.AddRateLimits(builder.Services, builder.Configuration);
builder.Services.AddSingleton(ExportLimitOptions.Read(builder.Configuration));
builder.Services.AddSingleton<ExportLimiter>();
builder.Services.Configure<ForwardedHeadersOptions>(o => WebSecurity.ConfigureForwardedHeaders(o, builder.Configuration));
builder.Services.ConfigureHttpJsonOptions(o =>
{
    o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
    // {"reason":"ok","reason":"…"} is refused, not read as its last value (issue 23, 2j).
    o.SerializerOptions.AllowDuplicateProperties = false;
    o.SerializerOptions.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
});
builder.Services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IMunicipalityRegistry>((o, registry) =>
    o.SerializerOptions.Converters.Add(new JourInstantConverter(() => registry.Current.Jour.TimeZone)));
// Unreadable bodies reach DomainErrorHandler (a Swedish problem naming the field) in every environment, not an empty 400.
builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
builder.Services.AddExceptionHandler<SocialJour.Host.Api.DomainErrorHandler>();
// Swashbuckle, not Microsoft.AspNetCore.OpenApi: the latter registers keyed services, which the
// Autofac integration available here (8.0.0) cannot populate (ADR 0004).
builder.Services.AddSocialJourOpenApi(builder.Configuration); // operation ids, statuses, problem+json, security schemes (ADR 0030)
builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = SwedishProblemTitles.Apply);
builder.Services.AddQuartz(q =>
{
    var interval = builder.Configuration.GetValue<int?>("SocialJour:AdapterChecks:IntervalSeconds")
        ?? throw new InvalidOperationException("SocialJour:AdapterChecks:IntervalSeconds saknas");
    q.AddJob<AdapterHealthCheckJob>(j => j.WithIdentity(AdapterHealthCheckJob.Key));
    // The first round a few seconds after start, so it does not compete with start-up on a small machine.
    q.AddTrigger(t => t.ForJob(AdapterHealthCheckJob.Key).StartAt(TimeProvider.System.GetUtcNow().AddSeconds(3))
        .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromSeconds(interval)).RepeatForever()));
});
builder.Services.AddQuartz(q =>
{
    var cron = builder.Configuration["SocialJour:ChainVerification:Cron"] ?? throw new InvalidOperationException("Inställningen SocialJour:ChainVerification:Cron saknas");
    var zone = TimeZoneInfo.FindSystemTimeZoneById(builder.Configuration["SocialJour:ChainVerification:TimeZone"] ?? "Europe/Stockholm");
    q.AddJob<ChainVerificationJob>(j => j.WithIdentity(ChainVerificationJob.Key));
    q.AddTrigger(t => t.ForJob(ChainVerificationJob.Key).WithCronSchedule(cron, c => c.InTimeZone(zone)));
});
builder.Services.AddQuartz(q => TreeHeadPublicationJob.Schedule(q, builder.Configuration));
builder.Services.AddQuartz(RetainedLookupCleanupJob.Schedule);
builder.AddOperations(); // logs, health checks (live/ready), heartbeat, telemetry, access-log retention (ADR 0029)
builder.AddCluster(core); // several hosts on one PostgreSQL: shared key ring, clustered Quartz (ADR 0028)
builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = false);

WebApplication app;
try
{
    app = builder.Build();

    // Fail fast, with the reasons, if the configuration is unusable (and no last valid one is kept); then migrate every
    // module's database, or (MigrateAtStartup false: the DBA runs socialjour migrate) refuse if a migration is pending (ADR 0018).
    _ = app.Services.GetRequiredService<IMunicipalityRegistry>();
    await CoreStartup.InitializeDatabasesAsync(app.Services.GetRequiredService<ILifetimeScope>(), HostSettings.MigrateAtStartup(builder.Configuration), CancellationToken.None);
}
catch (Exception e) when (e.GetBaseException() is ConfigurationRejectedException or DatabaseSchemaException)
{
    await Console.Error.WriteLineAsync(e.GetBaseException().Message);
    return 2;
}

app.UseForwardedHeaders();
app.UseMiddleware<SecurityHeaders>();

// Always, also in Development: users never see a stack trace; API callers get problem details.
app.UseExceptionHandler("/Error");
// Database trouble: a GET tried again, otherwise 503 with Retry-After (or 507, full disk), never "Ett oväntat fel" (ADR 0034).
app.UseMiddleware<DatabaseTroubleGuard>();
app.UseHsts(); // sent on HTTPS requests only (incl. HTTPS at a trusted proxy)

// The UI is Swedish: numbers, dates and sorting follow sv-SE whatever the server's locale.
app.UseRequestLocalization(o =>
{
    o.SetDefaultCulture("sv-SE").AddSupportedCultures("sv-SE").AddSupportedUICultures("sv-SE");
    o.RequestCultureProviders.Clear();
});
app.UseStatusCodePages();
app.UseStaticFiles();
app.UseRouting();
app.UseAuthentication();
app.UseMiddleware<CrossOriginCheck>();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<ExportLimit>(); // per user: expensive exports (statistics, invoice bases), issue 23, 2j
app.UseMiddleware<SocialJour.Host.Api.IdempotencyKeys>(); // Idempotency-Key on POSTs: one write per key, the first answer replayed (ADR 0035)
app.MapRazorPages();
// The API's description is for the jour's staff and its machine clients, not for anyone who asks (issue 23, 2j).
app.MapSwagger("openapi/{documentName}.json").RequireAuthorization(SocialJour.Core.Security.Policies.ApiDocument);
app.MapSocialJourApi();
app.MapOperations(); // /health/live, /health/ready
foreach (var module in modules)
{
    module.MapEndpoints(app);
}

app.MapSignIn();

starting = false;
await app.RunAsync();
return 0;

/// <summary>Entry point type, for WebApplicationFactory in the tests.</summary>
public partial class Program;

namespace SocialJour.Host
{
    /// <summary>Reads the host's settings; relative paths are relative to the content root. Nothing required is defaulted.</summary>
    internal static class HostSettings
    {
        public static CoreOptions ReadCoreOptions(IConfiguration configuration, string contentRoot)
        {
            string Required(string key) => configuration[key] is { Length: > 0 } v ? v : throw new InvalidOperationException($"Inställningen {key} saknas");
            string PathOf(string key) => Path.GetFullPath(Path.Combine(contentRoot, Required(key)));
            var provider = Required("SocialJour:Database:Provider") switch
            {
                "Sqlite" => DatabaseProvider.Sqlite,
                "PostgreSQL" => DatabaseProvider.PostgreSql,
                var other => throw new InvalidOperationException($"SocialJour:Database:Provider '{other}' ska vara Sqlite eller PostgreSQL"),
            };
            var connectionString = configuration["SocialJour:Database:ConnectionString"];
            if (provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("SocialJour:Database:ConnectionString krävs för PostgreSQL");
            }

            var dataDirectory = provider == DatabaseProvider.Sqlite ? PathOf("SocialJour:Database:DataDirectory") : "";
            return new CoreOptions(PathOf("SocialJour:ConfigurationPath"), PathOf("SocialJour:PluginsDirectory"),
                new DatabaseOptions(provider, dataDirectory, connectionString), Lookup: ReadLookupOptions(configuration))
            {
                // The same key on every host, so a look-up kept by one host can be opened on another (ADR 0017).
                RetainedLookupKey = RetainedLookupKey.FromBase64(new SecretResolver(contentRoot).Resolve(Required(RetentionKeySetting)), RetentionKeySetting),
            };
        }

        /// <summary>
        /// Whether an exception is a setting that cannot be used (its message is a Swedish sentence naming the setting): the
        /// host's own checks ("Inställningen …", "SocialJour:…") and the core's validation.
        /// </summary>
        public static bool IsSettingError(Exception e) => e switch
        {
            SocialJour.Core.ValidationException => true,
            ConfigurationRejectedException => true,
            InvalidOperationException i => i.Message.StartsWith("Inställningen ", StringComparison.Ordinal) || i.Message.StartsWith("SocialJour:", StringComparison.Ordinal),
            _ => false,
        };

        /// <summary>SocialJour:Database:MigrateAtStartup: true applies pending migrations at start; false only checks (ADR 0018).</summary>
        public static bool MigrateAtStartup(IConfiguration configuration)
        {
            const string key = "SocialJour:Database:MigrateAtStartup";
            return bool.TryParse(configuration[key], out var migrate)
                ? migrate
                : throw new DatabaseSchemaException($"Inställningen {key} ska vara true eller false, inte '{configuration[key]}'");
        }

        public const string RetentionKeySetting = "SocialJour:Lookup:RetentionKey";

        /// <summary>Look-up time limits; all three are required and checked (a source's limit cannot exceed the overall one).
        /// <c>SocialJour:Lookup:RetentionMinutes</c> (optional, default 15) is how long an answer is kept for reveal.</summary>
        public static LookupOptions ReadLookupOptions(IConfiguration configuration)
        {
            double Positive(string key)
            {
                var text = configuration[key] ?? throw new InvalidOperationException($"Inställningen {key} saknas");
                return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) && v > 0
                    ? v
                    : throw new InvalidOperationException($"Inställningen {key} ska vara ett positivt tal, inte '{text}'");
            }

            var source = TimeSpan.FromSeconds(Positive("SocialJour:Lookup:SourceTimeoutSeconds"));
            var overall = TimeSpan.FromSeconds(Positive("SocialJour:Lookup:OverallDeadlineSeconds"));
            if (source > overall)
            {
                throw new InvalidOperationException("SocialJour:Lookup:SourceTimeoutSeconds kan inte vara större än OverallDeadlineSeconds");
            }

            return LookupOptions.Default with
            {
                SourceTimeout = source,
                OverallDeadline = overall,
                EmergencyOpeningValidity = TimeSpan.FromMinutes(Positive("SocialJour:Lookup:EmergencyOpeningMinutes")),
                ResultRetention = configuration["SocialJour:Lookup:RetentionMinutes"] is null
                    ? LookupOptions.Default.ResultRetention
                    : TimeSpan.FromMinutes(Positive("SocialJour:Lookup:RetentionMinutes")),
            };
        }
    }
}
