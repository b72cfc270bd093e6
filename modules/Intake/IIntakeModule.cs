namespace SocialJour.Modules.Intake;

/// <summary>The Intake module's one public entry. Other modules and the host use only this (and its integration events).</summary>
public interface IIntakeModule
{
    /// <summary>The module's name, as used for its database file or schema.</summary>
    string Name { get; }

    /// <summary>Whether the module's database answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);
}
