using SocialJour.Core;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// A deviation has one of the annual report's categories (or is a complaint), a description that is words
/// (<see cref="TextKind.Account"/>), and did not happen in the future (a few minutes of clock difference allowed). It is
/// closed only once its follow-up (what was found and done) is documented.
/// </summary>
internal static class DeviationRule
{
    /// <summary>How far ahead of the server's clock a reported time may be (a client's clock may run a little fast).</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public static (DeviationCategory Category, string Description, DateTimeOffset OccurredAt) Check(DeviationInput input, DateTimeOffset now)
    {
        if (input.Category is not { } category || !Enum.IsDefined(category))
        {
            throw new ValidationException("category", "Ange kategori: obesvarat SOS-samtal, fel kommun, personförväxling, tekniskt, handläggning eller klagomål.");
        }

        var description = FreeText.Required("description", "Beskrivningen", input.Description, TextKind.Account, "Beskriv vad som hände (minst 10 tecken).");

        if (input.OccurredAt > now + ClockSkew)
        {
            throw new ValidationException("occurredAt", "Tidpunkten kan inte ligga i framtiden.");
        }

        return (category, description, input.OccurredAt ?? now);
    }

    public static string CheckFollowUp(string? followUp) => FreeText.Required("followUp", "Uppföljningen", followUp, TextKind.Account,
        "Beskriv uppföljningen: vad som utretts och vilka åtgärder som vidtagits (minst 10 tecken).");

    public static void CheckClosable(string? followUp)
    {
        if (followUp is null)
        {
            throw new ValidationException("followUp", "En avvikelse stängs först när uppföljningen är dokumenterad.");
        }
    }
}

/// <summary>
/// Who sees which deviations, one rule for the page and the API: unit managers see every deviation with its follow-up;
/// a social worker sees the deviations they reported and whether they are open or closed, but not the unit manager's
/// follow-up notes, nor other people's reports.
/// </summary>
internal static class DeviationVisibility
{
    public static IReadOnlyList<DeviationView> Visible(IEnumerable<DeviationView> deviations, string? userName, bool seesAll) => seesAll
        ? deviations.ToList()
        : deviations
            .Where(d => userName is not null && string.Equals(d.ReportedBy, userName, StringComparison.OrdinalIgnoreCase))
            .Select(d => d with { FollowUp = null, FollowedUpBy = null })
            .ToList();
}
