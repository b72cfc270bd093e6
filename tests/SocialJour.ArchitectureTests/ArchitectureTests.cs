using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Refit;
using SocialJour.Adapters.Contract;
using static ArchUnitNET.Fluent.ArchRuleDefinition;
using Architecture = ArchUnitNET.Domain.Architecture;
using Assembly = System.Reflection.Assembly;
using Type = System.Type;

namespace SocialJour.ArchitectureTests;

/// <summary>Solution-wide rules: module isolation, adapters on the contract only, adapters read-only.</summary>
public sealed class ArchitectureTests
{
    private static readonly string[] ModuleNames = ["Intake", "Assessment", "Billing", "Statistics"];

    private static readonly string RepoRoot = FindRepoRoot();

    private static readonly string[] AdapterAssemblyPaths = Directory
        .GetDirectories(Path.Combine(RepoRoot, "artifacts", "plugins"))
        .Select(d => Directory.GetFiles(d, "SocialJour.Adapters.*.dll").Single())
        .ToArray();

    // Loaded once for all rules.
    private static readonly Architecture Architecture = new ArchLoader()
        .LoadAssemblies(
            typeof(IJournalAdapter).Assembly,
            typeof(SocialJour.Core.CoreAutofacModule).Assembly,
            typeof(SocialJour.Modules.Intake.IIntakeModule).Assembly,
            typeof(SocialJour.Modules.Assessment.IAssessmentModule).Assembly,
            typeof(SocialJour.Modules.Assessment.AssessmentAutofacModule).Assembly,
            typeof(SocialJour.Modules.Billing.IBillingModule).Assembly,
            typeof(SocialJour.Modules.Statistics.IStatisticsModule).Assembly,
            Assembly.Load("SocialJour.Host"))
        .LoadFilteredDirectory(Path.Combine(RepoRoot, "artifacts", "plugins"), "SocialJour.Adapters.*.dll", SearchOption.AllDirectories)
        .Build();

    private static readonly IObjectProvider<IType> Adapters = Types().That().ResideInNamespaceMatching(@"SocialJour\.Adapters\.(?!Contract).*").As("Adapters");

    private static readonly IObjectProvider<IType> Core = Types().That().ResideInNamespaceMatching(@"SocialJour\.Core(\..*)?").As("Core");

    private static readonly IObjectProvider<IType> Host = Types().That().ResideInNamespaceMatching(@"SocialJour\.Host(\..*)?").As("Host");

    private static IObjectProvider<IType> Module(string name) =>
        Types().That().ResideInNamespaceMatching($@"SocialJour\.Modules\.{name}(\..*)?").As(name + " module");

    public static TheoryData<string> Modules() => [.. ModuleNames];

    [Fact]
    public void At_least_one_adapter_plugin_is_inspected() => Assert.NotEmpty(AdapterAssemblyPaths);

    [Fact]
    public void Every_layer_the_rules_name_has_types_so_no_rule_passes_on_an_empty_set()
    {
        Assert.Contains(Adapters.GetObjects(Architecture), t => t.FullName == "SocialJour.Adapters.Lifecare.LifecareAdapter");
        Assert.NotEmpty(Core.GetObjects(Architecture));
        Assert.NotEmpty(Host.GetObjects(Architecture));
        Assert.All(ModuleNames, m => Assert.NotEmpty(Module(m).GetObjects(Architecture)));
        Assert.Contains(Adapters.GetObjects(Architecture), t => t.FullName == "SocialJour.Adapters.Lifecare.ILifecareFamilyCareApi");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_does_not_depend_on_another_module(string module)
    {
        foreach (var other in ModuleNames.Where(m => m != module))
        {
            Types().That().Are(Module(module)).Should().NotDependOnAny(Module(other))
                .Because("modules talk only through their public entry or integration events").Check(Architecture);
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_exposes_one_public_entry_and_its_Autofac_module(string module)
    {
        var assembly = Assembly.Load("SocialJour.Modules." + module);

        // The entry and the contract records may be in the module's own Contracts assembly.
        var contractsFile = Path.Combine(AppContext.BaseDirectory, $"SocialJour.Modules.{module}.Contracts.dll");
        var types = assembly.GetExportedTypes().Concat(File.Exists(contractsFile) ? Assembly.Load($"SocialJour.Modules.{module}.Contracts").GetExportedTypes() : []).ToList();
        var contracts = "SocialJour.Modules." + module + ".Contracts";
        var exported = types.Where(t => t.Namespace != contracts).Select(t => t.Name).Order(StringComparer.Ordinal);

        Assert.Equal(new[] { module + "AutofacModule", "I" + module + "Module" }.Order(StringComparer.Ordinal), exported);

        // Besides the entry, a module exports only data: records, enums and its validation exception, no services.
        // The one exception is Assessment's marked phase-1 seam for the handover's received cases (issue 12), gone in phase 2.
        Assert.All(types.Where(t => t.Namespace == contracts && t.FullName != "SocialJour.Modules.Assessment.Contracts.IHandoverCaseSource"), t =>
            Assert.True(t.IsEnum || typeof(Exception).IsAssignableFrom(t) || t.GetMethod("<Clone>$") is not null, $"{t.FullName} is not a record, enum or exception"));
    }

    [Fact]
    public void Adapters_do_not_depend_on_the_core_the_host_or_the_modules()
    {
        Types().That().Are(Adapters).Should().NotDependOnAny(Core).AndShould().NotDependOnAny(Host)
            .AndShould().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"SocialJour\.Modules\..*"))
            .Because("an adapter sees only the adapter contract").Check(Architecture);
    }

    [Fact]
    public void Adapter_assemblies_reference_only_the_contract_the_framework_logging_and_their_http_client()
    {
        string[] allowed = ["System.", "Microsoft.Extensions.Logging.Abstractions", "SocialJour.Adapters.Contract", "Refit", "netstandard", "mscorlib"];
        foreach (var path in AdapterAssemblyPaths)
        {
            using var pe = new PEReader(File.OpenRead(path));
            var md = pe.GetMetadataReader();
            var references = md.AssemblyReferences.Select(h => md.GetString(md.GetAssemblyReference(h).Name)).ToList();

            Assert.All(references, r => Assert.True(r == "System" || allowed.Any(a => r.StartsWith(a, StringComparison.Ordinal)), $"{Path.GetFileName(path)} references {r}"));
        }
    }

    [Fact]
    public void The_core_does_not_depend_on_the_host_the_modules_or_any_adapter()
    {
        Types().That().Are(Core).Should().NotDependOnAny(Host)
            .AndShould().NotDependOnAny(Types().That().ResideInNamespaceMatching(@"SocialJour\.Modules\..*"))
            .AndShould().NotDependOnAny(Adapters)
            .Because("the core loads adapters as plugins and modules build on the core, not the reverse").Check(Architecture);
    }

    [Fact]
    public void Adapters_never_call_HttpClient_write_methods()
    {
        Types().That().Are(Adapters).Should().NotCallAny(
                MethodMembers().That().HaveFullNameMatching(@".*System\.Net\.Http\.HttpClient::(Post|Put|Patch|Delete)Async.*"))
            .AndShould().NotCallAny(MethodMembers().That().HaveFullNameMatching(@".*System\.Net\.Http\.HttpMethod::get_(Post|Put|Patch|Delete)\(\).*"))
            .Because("journal systems are read-only to the jour").Check(Architecture);
    }

    [Fact]
    public void Adapter_http_clients_declare_no_write_verb_except_to_authenticate()
    {
        foreach (var path in AdapterAssemblyPaths)
        {
            var violations = WriteVerbViolations(LoadPlugin(path));

            Assert.True(violations.Count == 0, string.Join("\n", violations));
        }
    }

    [Fact]
    public void The_write_verb_rule_catches_a_POST_that_is_not_an_authentication_endpoint()
    {
        // The rule itself must be able to fail: this assembly holds a bad client on purpose.
        var violations = WriteVerbViolations(typeof(ArchitectureTests).Assembly);

        Assert.Equal(["IBadJournalClient.UpdateCase (POST)"], violations);
    }

    [Fact]
    public void Classes_are_sealed_unless_abstract()
    {
        Classes().That().ResideInNamespaceMatching(@"SocialJour\..*").And().AreNotAbstract()
            .And().DoNotHaveNameMatching("^<.*").And().AreNotNested()
            .Should().BeSealed().Because("internal sealed is the default; inheritance is a decision").Check(Architecture);
    }

    internal static List<string> WriteVerbViolations(Assembly assembly)
    {
        var result = new List<string>();
        foreach (var type in SafeTypes(assembly).Where(t => t.IsInterface))
        {
            foreach (var method in type.GetMethods())
            {
                var verbs = method.GetCustomAttributesData()
                    .Where(a => IsRefitVerb(a.AttributeType))
                    .Select(a => a.AttributeType.Name.Replace("Attribute", "", StringComparison.Ordinal).ToUpperInvariant())
                    .Where(v => v is not ("GET" or "HEAD"))
                    .ToList();
                var authentication = method.GetCustomAttributesData().Any(a => a.AttributeType.FullName == typeof(AuthenticationEndpointAttribute).FullName);
                if (verbs.Count > 0 && !authentication)
                {
                    result.Add($"{type.Name}.{method.Name} ({string.Join(",", verbs)})");
                }
            }
        }

        return result;
    }

    private static bool IsRefitVerb(Type attribute)
    {
        for (var t = attribute; t is not null; t = t.BaseType)
        {
            if (t.FullName == "Refit.HttpMethodAttribute")
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            return e.Types.OfType<Type>();
        }
    }

    private static Assembly LoadPlugin(string path)
    {
        var resolver = new AssemblyDependencyResolver(path);
        var context = new AssemblyLoadContext("arch:" + Path.GetFileName(path), isCollectible: true);
        context.Resolving += (ctx, name) =>
            name.Name == "SocialJour.Adapters.Contract" ? typeof(IJournalAdapter).Assembly
            : resolver.ResolveAssemblyToPath(name) is { } p ? ctx.LoadFromAssemblyPath(p) : null;
        return context.LoadFromAssemblyPath(path);
    }

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SocialJour.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SocialJour.sln not found");
    }
}

/// <summary>A deliberately bad journal client: the negative control for the read-only rule.</summary>
internal interface IBadJournalClient
{
    [Get("/cases")]
    Task<string> GetCases();

    [Post("/cases")]
    Task<string> UpdateCase();

    [Post("/oauth/token")]
    [AuthenticationEndpoint]
    Task<string> GetToken();
}
