namespace SocialJour.Modules.Billing;

/// <summary>The Billing module's one public entry. Other modules and the host use only this (and its integration events).</summary>
public interface IBillingModule
{
    /// <summary>The module's name, as used for its database file or schema.</summary>
    string Name { get; }

    /// <summary>Whether the module's database answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
