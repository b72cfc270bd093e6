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
    private static readonly string[] ModuleNames = ["Intake", "Assessment", "Billing", "Statistics", "Lookup"];

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
            typeof(SocialJour.Modules.Intake.IntakeAutofacModule).Assembly,
            typeof(SocialJour.Modules.Intake.Contracts.IIntakeModule).Assembly,
            typeof(SocialJour.Modules.Assessment.Contracts.IAssessmentModule).Assembly,
            typeof(SocialJour.Modules.Assessment.AssessmentAutofacModule).Assembly,
            typeof(SocialJour.Modules.Billing.BillingAutofacModule).Assembly,
            typeof(SocialJour.Modules.Billing.Contracts.IBillingModule).Assembly,
            typeof(SocialJour.Modules.Statistics.StatisticsAutofacModule).Assembly,
            typeof(SocialJour.Modules.Statistics.Contracts.IStatisticsModule).Assembly,
            typeof(SocialJour.Modules.Lookup.LookupAutofacModule).Assembly,
            typeof(SocialJour.Modules.Lookup.Contracts.IClientLookup).Assembly,
            Assembly.Load("SocialJour.Host"))
        .LoadFilteredDirectory(Path.Combine(RepoRoot, "artifacts", "plugins"), "SocialJour.Adapters.*.dll", SearchOption.AllDirectories)
        .Build();

    private static readonly IObjectProvider<IType> Adapters = Types().That().ResideInNamespaceMatching(@"SocialJour\.Adapters\.(?!Contract).*").As("Adapters");

    private static readonly IObjectProvider<IType> Core = Types().That().ResideInNamespaceMatching(@"SocialJour\.Core(\..*)?").As("Core");

    private static readonly IObjectProvider<IType> Host = Types().That().ResideInNamespaceMatching(@"SocialJour\.Host(\..*)?").As("Host");

    private static IObjectProvider<IType> Module(string name) =>
        Types().That().ResideInNamespaceMatching($@"^SocialJour\.Modules\.{name}(\..*)?$").As(name + " module");

    /// <summary>A module's inside: every namespace of the module but its Contracts, which other modules may use.</summary>
    private static IObjectProvider<IType> ModuleInternals(string name) =>
        Types().That().ResideInNamespaceMatching($@"^SocialJour\.Modules\.{name}(\.(?!Contracts(\.|$)).*)?$").As(name + " module (not its Contracts)");

    /// <summary>The module's Contracts assembly (ADR 0021), where it has one yet.</summary>
    private static Assembly? ContractsAssembly(string module)
    {
        try
        {
            return Assembly.Load("SocialJour.Modules." + module + ".Contracts");
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    public static TheoryData<string> Modules() => [.. ModuleNames];

    /// <summary>The module's one entry interface: I{Module}Module, and the look-up's IClientLookup (ADR 0032: the name it had in the core).</summary>
    private static string EntryOf(string module) => module == "Lookup" ? "IClientLookup" : "I" + module + "Module";

    [Fact]
    public void At_least_one_adapter_plugin_is_inspected() => Assert.NotEmpty(AdapterAssemblyPaths);

    [Fact]
    public void Every_layer_the_rules_name_has_types_so_no_rule_passes_on_an_empty_set()
    {
        Assert.Contains(Adapters.GetObjects(Architecture), t => t.FullName == "SocialJour.Adapters.Lifecare.LifecareAdapter");
        Assert.NotEmpty(Core.GetObjects(Architecture));
        Assert.NotEmpty(Host.GetObjects(Architecture));
        Assert.All(ModuleNames, m => Assert.NotEmpty(Module(m).GetObjects(Architecture)));
        Assert.All(ModuleNames, m => Assert.NotEmpty(ModuleInternals(m).GetObjects(Architecture)));
        Assert.Contains(Module("Intake").GetObjects(Architecture), t => t.FullName == "SocialJour.Modules.Intake.Contracts.CaseOpened");
        Assert.Contains(Adapters.GetObjects(Architecture), t => t.FullName == "SocialJour.Adapters.Lifecare.ILifecareFamilyCareApi");
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_depends_on_no_other_module_except_its_Contracts(string module)
    {
        foreach (var other in ModuleNames.Where(m => m != module))
        {
            Types().That().Are(Module(module)).Should().NotDependOnAny(ModuleInternals(other))
                .Because("modules talk only through each other's Contracts: the public entry, contract records and integration events").Check(Architecture);
        }
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_assembly_references_no_other_module_assembly_but_Contracts(string module)
    {
        foreach (var assembly in new[] { Assembly.Load("SocialJour.Modules." + module), ContractsAssembly(module) }.OfType<Assembly>())
        {
            Assert.Empty(ForeignModuleReferences(assembly, module));
        }
    }

    [Fact]
    public void The_module_reference_rule_catches_a_reference_to_a_module_assembly()
    {
        // Negative control: a billing assembly referencing intake's module assembly (not only its Contracts) is caught.
        Assert.Equal(["SocialJour.Modules.Intake"], ForeignModuleReferences(
            ["SocialJour.Core", "SocialJour.Modules.Billing", "SocialJour.Modules.Intake", "SocialJour.Modules.Intake.Contracts"], "Billing"));
    }

    [Fact]
    public void A_Contracts_assembly_references_nothing_of_ours_but_the_core()
    {
        // The core, and the shared canonical types of the adapter contract (ProtectedIdentity: one tri-state everywhere); and
        // the look-up's Contracts, whose protection rule is the one every contract record computes with (ADR 0032).
        var contracts = ModuleNames.Select(ContractsAssembly).OfType<Assembly>().ToList();
        Assert.Contains(contracts, a => a.GetName().Name == "SocialJour.Modules.Intake.Contracts");
        Assert.Contains(contracts, a => a.GetName().Name == "SocialJour.Modules.Lookup.Contracts");
        foreach (var assembly in contracts)
        {
            var lookupContracts = assembly.GetName().Name == "SocialJour.Modules.Lookup.Contracts";
            var ours = assembly.GetReferencedAssemblies().Select(r => r.Name!).Where(n => n.StartsWith("SocialJour.", StringComparison.Ordinal));
            Assert.All(ours, n => Assert.True(n is "SocialJour.Core" or "SocialJour.Adapters.Contract" || (!lookupContracts && n == "SocialJour.Modules.Lookup.Contracts"),
                $"{assembly.GetName().Name} references {n}"));
        }
    }

    /// <summary>Per module, the ports its Contracts define for other modules to implement.</summary>
    private static readonly Dictionary<string, string[]> Ports = new(StringComparer.Ordinal) { ["Lookup"] = ["IPersonNotices"] };

    [Theory]
    [MemberData(nameof(Modules))]
    public void A_module_exposes_one_public_entry_and_its_Autofac_module(string module)
    {
        var assembly = Assembly.Load("SocialJour.Modules." + module);
        var contractsNamespace = "SocialJour.Modules." + module + ".Contracts";
        var entry = EntryOf(module);
        var contractsAssembly = ContractsAssembly(module);

        // The module assembly: its Autofac module, and its entry unless the entry lives in the Contracts assembly.
        var exported = assembly.GetExportedTypes().Where(t => t.Namespace != contractsNamespace).Select(t => t.Name).Order(StringComparer.Ordinal);
        var expected = contractsAssembly is null ? new[] { module + "AutofacModule", entry } : [module + "AutofacModule"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), exported);

        // Contracts (namespace, and assembly where there is one): the entry interface, then only data — records (contract
        // records and integration events), enums and exceptions, no services — and stateless static classes: a pure rule that
        // contract records compute with (the look-up's ProtectionRule, ADR 0032) or its words, never state.
        var contracts = assembly.GetExportedTypes().Where(t => t.Namespace == contractsNamespace).Concat(contractsAssembly?.GetExportedTypes() ?? []).ToList();
        if (contractsAssembly is not null)
        {
            Assert.All(contractsAssembly.GetExportedTypes(), t => Assert.StartsWith(contractsNamespace, t.Namespace, StringComparison.Ordinal));
            // Besides the entry, only the module's ports: interfaces it needs and another module implements (the look-up's
            // IPersonNotices, implemented by intake, ADR 0033) — never implemented in the module itself.
            var ports = Ports.GetValueOrDefault(module, []);
            Assert.Equal(new[] { entry }.Concat(ports).Order(StringComparer.Ordinal), contracts.Where(t => t.IsInterface).Select(t => t.Name).Order(StringComparer.Ordinal));
            Assert.All(ports, port => Assert.DoesNotContain(assembly.GetTypes(), t => t.GetInterfaces().Any(i => i.Name == port)));
        }

        Assert.All(contracts.Where(t => t.Name != entry && !Ports.GetValueOrDefault(module, []).Contains(t.Name)), t =>
            Assert.True(t.IsEnum || typeof(Exception).IsAssignableFrom(t) || t.GetMethod("<Clone>$") is not null || IsStatelessStaticClass(t),
                $"{t.FullName} is not a record, enum, exception or stateless static class"));
    }

    /// <summary>A static class with no field and no property: pure functions only.</summary>
    private static bool IsStatelessStaticClass(Type t) =>
        t is { IsClass: true, IsAbstract: true, IsSealed: true }
        && t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).All(f => f.IsLiteral) // constants are not state
        && t.GetProperties(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic).Length == 0;

    [Fact]
    public void The_stateless_static_class_allowance_refuses_state()
    {
        // Negative control for the Contracts rule above: a static class with a field (state, or a cache) is not allowed.
        Assert.True(IsStatelessStaticClass(typeof(SocialJour.Modules.Lookup.Contracts.ProtectionRule)));
        Assert.True(IsStatelessStaticClass(typeof(SocialJour.Modules.Intake.Contracts.RegisterCheckAlertLimits))); // constants only
        Assert.False(IsStatelessStaticClass(typeof(StaticClassWithState)));
        Assert.False(IsStatelessStaticClass(typeof(SocialJour.Modules.Lookup.Contracts.LookupResult)));
    }

    [Fact]
    public void Integration_events_are_sealed_records_in_a_Contracts_assembly()
    {
        var events = ModuleNames.Select(ContractsAssembly).OfType<Assembly>().SelectMany(a => a.GetExportedTypes())
            .Where(t => typeof(SocialJour.Core.Events.IIntegrationEvent).IsAssignableFrom(t)).ToList();

        Assert.Contains(events, t => t.Name == "CaseOpened");
        Assert.All(events, t => Assert.True(t.IsSealed && t.GetMethod("<Clone>$") is not null, $"{t.FullName} is not a sealed record"));
    }

    /// <summary>The SocialJour.Modules.* assemblies <paramref name="assembly"/> references that are neither its own module's nor a Contracts assembly.</summary>
    private static List<string> ForeignModuleReferences(Assembly assembly, string module) =>
        ForeignModuleReferences(assembly.GetReferencedAssemblies().Select(r => r.Name!), module);

    private static List<string> ForeignModuleReferences(IEnumerable<string> references, string module) =>
        references
            .Where(n => n.StartsWith("SocialJour.Modules.", StringComparison.Ordinal)
                && n != "SocialJour.Modules." + module && n != "SocialJour.Modules." + module + ".Contracts"
                && !n.EndsWith(".Contracts", StringComparison.Ordinal))
            .ToList();

    /// <summary>What the core kept of the look-up (ADR 0032): storage building blocks and their records, no rule and no look-up.</summary>
    private static readonly string[] CoreLookupBuildingBlocks =
    [
        "AccessKind", "SourceAnswer", "AccessDraft", "AccessRecord", "IAccessLog", "AccessLog",
        "JourCaseInfo", "JourCasePerson", "IJourCaseRegister", "JourCaseRegister", "JourCaseRegisterRow", "JourCaseRegisterPerson", "JourCaseRegisterModel",
        "IRetainedLookups", "IRetainedLookupCleanup", "RetainedLookup", "RetainedState", "RetainedLookups", "RetainedLookupKey",
        "IEmergencyOpenings", "EmergencyOpenings", "StoredEmergencyOpening",
        "IPopulationRegisterLookup", "PopulationRegisterService", "RegisterAnswer", "PopulationRegisterSource", "LookupOptions",
        "FreeText", "TextKind",
    ];

    /// <summary>The look-up's rules and service, which the Lookup module owns (ADR 0032).</summary>
    private static readonly string[] LookupRules = ["NeedToKnow", "ProtectionRule", "ExtractRule", "ClientLookup", "EmergencyOpeningFollowUp", "IClientLookup", "LookupResult"];

    private static readonly IObjectProvider<IType> CoreLookup = Types().That().ResideInNamespace("SocialJour.Core.Lookup").As("The core's look-up building blocks");

    private static readonly IObjectProvider<IType> HostAndOtherModules = Types().That().ResideInNamespaceMatching(@"^SocialJour\.(Host|Modules\.(?!Lookup(\.|$))[A-Za-z]+)(\..*)?$")
        .As("The host and the modules other than Lookup");

    [Fact]
    public void The_look_up_rules_are_found_in_the_Lookup_module_so_the_rules_below_cannot_pass_on_an_empty_set()
    {
        var module = Module("Lookup").GetObjects(Architecture).Select(t => t.Name).ToList();
        Assert.All(LookupRules, r => Assert.Contains(r, module));
        Assert.NotEmpty(ModuleInternals("Lookup").GetObjects(Architecture));
        Assert.Contains(CoreLookup.GetObjects(Architecture), t => t.Name == "IAccessLog");
        var others = HostAndOtherModules.GetObjects(Architecture).Select(t => t.FullName).ToList();
        Assert.Contains(others, n => n.StartsWith("SocialJour.Host.", StringComparison.Ordinal));
        Assert.Contains(others, n => n.StartsWith("SocialJour.Modules.Intake.", StringComparison.Ordinal));
        Assert.DoesNotContain(others, n => n.StartsWith("SocialJour.Modules.Lookup", StringComparison.Ordinal));

        // The host and intake do use the look-up, through its Contracts: the rule below is about how, not whether.
        Assert.Contains(Types().That().Are(Host).And().DependOnAny(typeof(SocialJour.Modules.Lookup.Contracts.IClientLookup)).GetObjects(Architecture),
            t => t.Name == "AccessLogModel");
        Assert.Contains(Types().That().Are(Module("Intake")).And().DependOnAny(typeof(SocialJour.Modules.Lookup.Contracts.IClientLookup)).GetObjects(Architecture),
            t => t.Name == "IdentityCheckService");
    }

    [Fact]
    public void The_host_and_the_other_modules_use_the_look_up_through_its_Contracts_only()
    {
        Types().That().Are(HostAndOtherModules).Should().NotDependOnAny(ModuleInternals("Lookup"))
            .Because("the look-up is a module: the host and the other modules see its Contracts (ADR 0032)").Check(Architecture);

        // And no assembly of theirs references the module's assembly (the host only has it beside it, to discover it).
        foreach (var name in new[] { "SocialJour.Host" }.Concat(ModuleNames.Where(m => m != "Lookup").SelectMany(m => new[] { "SocialJour.Modules." + m, "SocialJour.Modules." + m + ".Contracts" })))
        {
            var references = Assembly.Load(name).GetReferencedAssemblies().Select(r => r.Name).ToList();
            Assert.DoesNotContain("SocialJour.Modules.Lookup", references);
        }
    }

    [Fact]
    public void The_core_keeps_the_look_ups_storage_building_blocks_and_no_look_up_rule()
    {
        var kept = CoreLookup.GetObjects(Architecture).Where(t => !t.Name.StartsWith('<') && !t.FullName.Contains('+', StringComparison.Ordinal)).Select(t => t.Name).ToList();
        Assert.Contains("IAccessLog", kept);
        Assert.All(kept, n => Assert.True(CoreLookupBuildingBlocks.Contains(n), $"SocialJour.Core.Lookup.{n} is not one of the look-up's storage building blocks (ADR 0032)"));
        Assert.All(LookupRules, r => Assert.DoesNotContain(Core.GetObjects(Architecture), t => t.Name == r));
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

/// <summary>A static class with state: the negative control for the Contracts rule's stateless static classes.</summary>
internal static class StaticClassWithState
{
    private static int _count;

    public static int Next() => ++_count;
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

/// <summary>
/// One disclosure policy (docs/security.md, "Audiences"; issue 23): whatever reads figures per municipality or a
/// municipality's access log for an answer goes through <see cref="SocialJour.Core.Security.DisclosurePolicy"/> (or the
/// extract rule it names); no endpoint or page decides alone. A type outside the owning module that calls what reads them
/// must also call the policy.
/// </summary>
public sealed class DisclosurePolicyTests
{
    private static readonly Architecture Architecture = new ArchLoader()
        .LoadAssemblies(
            typeof(SocialJour.Core.CoreAutofacModule).Assembly,
            typeof(SocialJour.Modules.Statistics.StatisticsAutofacModule).Assembly,
            typeof(SocialJour.Modules.Statistics.Contracts.IStatisticsModule).Assembly,
            typeof(SocialJour.Modules.Lookup.LookupAutofacModule).Assembly,
            typeof(SocialJour.Modules.Lookup.Contracts.IClientLookup).Assembly,
            Assembly.Load("SocialJour.Host"))
        .Build();

    /// <summary>
    /// Outside the core, whatever reads access-log entries or their evidence from the core's stores, which return them
    /// unfiltered since ADR 0032 (the extract rule moved out of storage into the Lookup module).
    /// </summary>
    private static readonly IObjectProvider<IType> ReadsAccessEntries = Types().That()
        .CallAny(MethodMembers().That().AreDeclaredIn(typeof(SocialJour.Core.Lookup.IAccessLog)).And().HaveNameStartingWith("ForPeriodAsync"))
        .Or().CallAny(MethodMembers().That().AreDeclaredIn(typeof(SocialJour.Core.Audit.ITransparencyLog)).And().HaveNameStartingWith("AccessEntryAsync"))
        .Or().CallAny(MethodMembers().That().AreDeclaredIn(typeof(SocialJour.Core.Audit.ITransparencyLog)).And().HaveNameStartingWith("AccessEvidenceAsync"))
        .As("Types that read access-log entries or their evidence from the core");

    private static readonly IObjectProvider<IType> OutsideTheCore = Types().That().DoNotResideInNamespaceMatching(@"^SocialJour\.Core(\..*)?$").As("Types outside the core");

    private static readonly IObjectProvider<IType> ExtractRule = Types().That().HaveFullName("SocialJour.Modules.Lookup.ExtractRule").As("The extract rule");

    private static readonly IObjectProvider<IType> ReadsStatistics = Types().That()
        .CallAny(MethodMembers().That().AreDeclaredIn(typeof(SocialJour.Modules.Statistics.Contracts.IStatisticsModule))
            .And().HaveNameStartingWith("ReportAsync").Or().HaveNameStartingWith("ExportAsync"))
        .As("Types that read the statistics report or its files");

    [Fact]
    public void The_endpoints_and_pages_that_read_statistics_are_found_so_the_rule_below_cannot_pass_on_an_empty_set()
    {
        var names = ReadsStatistics.GetObjects(Architecture).Select(t => t.FullName).ToList();
        Assert.Contains(names, n => n.Contains("StatisticsEndpoints", StringComparison.Ordinal));
        Assert.Contains(names, n => n.Contains("StatisticsModel", StringComparison.Ordinal));
    }

    [Fact]
    public void The_readers_of_access_entries_outside_the_core_are_found_so_the_rule_below_cannot_pass_on_an_empty_set()
    {
        Assert.Single(ExtractRule.GetObjects(Architecture));
        var readers = Types().That().Are(ReadsAccessEntries).And().Are(OutsideTheCore).GetObjects(Architecture).Select(t => t.FullName).ToList();
        Assert.Contains(readers, n => n.StartsWith("SocialJour.Modules.Lookup.AccessLogExtracts", StringComparison.Ordinal));
        Assert.DoesNotContain(readers, n => n.StartsWith("SocialJour.Host", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_reader_of_access_entries_outside_the_core_applies_the_extract_rule() =>
        Types().That().Are(ReadsAccessEntries).And().Are(OutsideTheCore).Should().DependOnAny(ExtractRule)
            .Because("the core returns every entry; what a municipality may have is the extract rule's decision (ADR 0032)")
            .Check(Architecture);

    [Fact]
    public void Every_endpoint_and_page_that_reads_statistics_asks_the_disclosure_policy() =>
        Types().That().Are(ReadsStatistics).Should().DependOnAny(typeof(SocialJour.Core.Security.DisclosurePolicy))
            .Because("what a caller may see of the figures is the disclosure policy's decision, not the endpoint's")
            .Check(Architecture);
}
