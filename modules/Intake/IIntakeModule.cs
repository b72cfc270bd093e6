using SocialJour.Modules.Intake.Contracts;

namespace SocialJour.Modules.Intake;

/// <summary>The Intake module's one public entry. Other modules and the host use only this (and its contract records).</summary>
public interface IIntakeModule
{
    /// <summary>The module's name, as used for its database file or schema.</summary>
    string Name { get; }

    /// <summary>Whether the module's database answers.</summary>
    Task<bool> IsHealthyAsync(CancellationToken cancellationToken);

    /// <summary>Registers a contact and one case per person concerned, in one transaction.</summary>
    Task<RegisteredContact> RegisterContactAsync(ContactRegistration registration, string userId, CancellationToken cancellationToken);

    /// <summary>Open cases, children first, then oldest first.</summary>
    Task<IReadOnlyList<JourCaseView>> OpenCasesAsync(CancellationToken cancellationToken);

    Task<JourCaseView?> FindCaseAsync(string caseId, CancellationToken cancellationToken);

    Task<JourCaseView> CloseCaseAsync(string caseId, string userId, CancellationToken cancellationToken);
}
