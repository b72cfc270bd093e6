using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Lifecare;

/// <summary>Maps Lifecare's FamilyCare resources to the canonical client history.</summary>
internal static class LifecareMapping
{
    public static ClientHistory ToHistory(
        PersonRecord person,
        List<LcWarning>? warnings,
        List<LcInvestigation> investigations,
        List<LcDecision> decisions,
        List<LcService> services,
        List<LcContact> contacts,
        Func<DateTimeOffset?, DateOnly?> toDate)
    {
        var openCases = investigations
            .Select(i => new OpenCase(i.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), i.Type ?? "Utredning", toDate(i.FromDate), toDate(i.ToDate), i.Caseworker, i.Organization))
            .ToList();
        var mappedDecisions = decisions
            .Select(d => new Decision(d.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), d.Type ?? "Beslut", d.Reason,
                LegalBases.FromProvision(d.Paragraph, d.Type, d.Reason), toDate(d.Date), toDate(d.FromDate), toDate(d.ToDate), d.DecisionMaker))
            .ToList();
        var placements = services
            .Where(s => IsPlacement(s.Type))
            .Select(s => new Placement(s.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Type!, LegalBases.FromProvision(s.Paragraph, s.Type, null),
                toDate(s.StartDate), toDate(s.EndDate), s.Location))
            .ToList();
        var caseworkers = AdapterCalls.MergeCaseworkers(contacts
            .Where(c => c.TypeOfContact is "Handläggare" or "Socialsekreterare" && c.Name is not null)
            .Select(c => new Caseworker(c.Name!, c.EmploymentTitle, c.OrganizationName, c.Phone, c.Email)),
            investigations.Select(i => i.Caseworker).Concat(services.Select(s => s.Caseworker)));

        var mappedWarnings = (warnings ?? [])
            .Select(w => new Warning(w.Type ?? "Varning", w.Text ?? "", toDate(w.FromDate), toDate(w.ToDate)))
            .ToList();
        return new ClientHistory(person, openCases, mappedDecisions, placements, caseworkers, mappedWarnings);
    }

    private static bool IsPlacement(string? type) =>
        type is not null && (type.Contains("Placering", StringComparison.OrdinalIgnoreCase) || type.Contains("HVB", StringComparison.Ordinal)
            || type.Contains("familjehem", StringComparison.OrdinalIgnoreCase) || type.Contains("SiS", StringComparison.Ordinal));
}
