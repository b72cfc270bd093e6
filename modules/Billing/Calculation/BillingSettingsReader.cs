using SocialJour.Core.Configuration;

namespace SocialJour.Modules.Billing.Calculation;

/// <summary>Reads and validates the <c>Billing</c> section of the jour's configuration (docs/operations.md).</summary>
internal static class BillingSettingsReader
{
    /// <summary>The jour's billing settings. Throws <c>SocialJour.Core.ValidationException</c> naming the field when the section is missing or wrong.</summary>
    public static BillingSettings Read(JourConfiguration configuration) => throw new NotImplementedException("Helper A implements the Billing section (issue 13).");
}
