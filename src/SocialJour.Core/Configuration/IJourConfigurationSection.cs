using System.Text.Json;

namespace SocialJour.Core.Configuration;

/// <summary>
/// A module's own top-level section of the jour configuration (e.g. <c>Billing</c>), validated when the configuration is
/// loaded, so that a bad section is refused like any other configuration problem (at start-up, on reload, by
/// <c>socialjour validate</c>). A module registers its implementation in its Autofac module; the core's loader gets every
/// registered one. <see cref="Validate"/> is called only when the section is present: whether a missing section is a
/// problem is the module's to say when it is used.
/// </summary>
public interface IJourConfigurationSection
{
    /// <summary>The section's name in the file, e.g. "Billing".</summary>
    string Name { get; }

    /// <summary>The section's problems, each naming its field in full (e.g. "Billing.PopulationShare"); empty when it is valid.</summary>
    IReadOnlyList<ConfigurationProblem> Validate(JsonElement section, JourConfiguration configuration);
}
