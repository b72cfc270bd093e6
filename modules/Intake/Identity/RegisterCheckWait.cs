using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace SocialJour.Modules.Intake.Identity;

/// <summary>
/// How long a contact registration waits for the population register before it answers with the check still running
/// (issue 25 §6: a hanging register held every registration for its whole 3 s timeout). The contact is saved first, whatever
/// the register does; a check that answers later is written to the case then, and the case page shows it. Setting
/// <see cref="Setting"/> (seconds, 0–30; default 1).
/// </summary>
internal sealed record RegisterCheckWait(TimeSpan Wait)
{
    public const string Setting = "SocialJour:Intake:RegisterCheckWaitSeconds";

    public static readonly RegisterCheckWait Default = new(TimeSpan.FromSeconds(1));

    /// <summary>The setting, or the default when it is not given; a value that is not 0–30 seconds stops the start, naming the setting.</summary>
    public static RegisterCheckWait From(IConfiguration configuration)
    {
        var text = configuration[Setting];
        if (string.IsNullOrWhiteSpace(text))
        {
            return Default;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) || double.IsNaN(seconds) || seconds is < 0 or > 30)
        {
            throw new InvalidOperationException($"Inställningen {Setting} ska vara ett antal sekunder från 0 till 30 (nu \"{text}\").");
        }

        return new RegisterCheckWait(TimeSpan.FromSeconds(seconds));
    }
}
