using SocialJour.Modules.Statistics.Contracts;

namespace SocialJour.Modules.Statistics.Report;

/// <summary>A municipality row of the report: its code, name and label ("Namn", "Namn (ansluten 2021-03-18)", "Namn (ej medlem)").</summary>
internal sealed record MunicipalityRow(string Code, string Name, string Label);

/// <summary>
/// Builds the report's tables (docs/statistics.md, under their keys) from the periods' aggregates: the key figures for every
/// period, the others for the chosen period. Cells go through <see cref="Suppression"/>.
/// </summary>
internal sealed class ReportTables(
    IReadOnlyList<PeriodFacts> periods,
    IReadOnlyList<MunicipalityRow> municipalities,
    Suppression cells,
    StatisticsSettings settings,
    bool municipalityView)
{
    public const string KeyFigures = "key-figures";
    public const string ContactsByChannel = "contacts-by-channel";
    public const string ByMunicipality = "by-municipality";
    public const string CasesByCategory = "cases-by-category";
    public const string CasesByChannel = "cases-by-channel";
    public const string JourModeKey = "jour-mode";
    public const string ResponseTargets = "response-targets";
    public const string CommissionsKey = "commissions";
    public const string DeviationsKey = "deviations";
    public const string ComplaintsKey = "complaints";
    public const string LookupsKey = "lookups";

    // The chosen period's aggregates keyed for the tables (a national jour has ~50 000 case groups: no scan per cell).
    private readonly Dictionary<string, long> _minutes = Tally(periods[^1].Minutes, m => m.Municipality, m => m.Minutes);

    private PeriodFacts Chosen => periods[^1];

    public IReadOnlyList<StatisticsTable> All() =>
    [
        KeyFigureTable(), ContactsByChannelTable(), ByMunicipalityTable(), CasesByCategoryTable(), CasesByChannelTable(), JourModeTable(),
        ResponseTargetTable(), CommissionTable(), DeviationTable(), ComplaintTable(), LookupTable(),
    ];

    /// <summary>The standby SOS calls beyond the contract's allowance for the period (never negative).</summary>
    public long SosBeyondContract(PeriodFacts p) => Math.Max(0, p.SosCalls(StatisticsText.Standby) - ReportPeriods.SosAllowance(p.Period, settings.SosCallsPerYear));

    /// <summary>The jour-mode table's note: the SOS contract line (the jour's own report only).</summary>
    public string? SosContractLine()
    {
        if (municipalityView)
        {
            return null;
        }

        var p = Chosen;
        var allowance = ReportPeriods.SosAllowance(p.Period, settings.SosCallsPerYear);
        var standby = p.SosCalls(StatisticsText.Standby);
        var perPeriod = ReportPeriods.Days(p.Period.From, p.Period.To) == (DateTime.IsLeapYear(p.Period.From.Year) ? 366 : 365) && p.Period.From.DayOfYear == 1
            ? ""
            : $", för perioden {StatisticsText.Count(allowance)}";
        return $"Avtalet med SOS Alarm omfattar {StatisticsText.Count(settings.SosCallsPerYear)} samtal per år under beredskap{perPeriod}. " +
            $"Under perioden kom {StatisticsText.Count(standby)} SOS-samtal under beredskap, {StatisticsText.Count(SosBeyondContract(p))} utöver avtalet.";
    }

    private StatisticsTable KeyFigureTable()
    {
        StatisticsRow Row(string key, string label, Func<PeriodFacts, StatisticsCell> cell) => new(key, label, periods.Select(cell).ToList());
        StatisticsCell Compliance(PeriodFacts p, string kind)
        {
            var r = p.Responses.FirstOrDefault(x => x.Kind == kind);
            return cells.Percent(r?.Met ?? 0, r?.Measured ?? 0, total: true);
        }

        var rows = new List<StatisticsRow>
        {
            Row("contacts", "Kontakter", p => cells.Count(p.ContactTotal, total: true)),
            Row("cases", "Ärenden", p => cells.Count(p.CaseTotal, total: true)),
            Row("child-cases", "Ärenden som rör barn och unga", p => cells.Count(p.ChildCases, total: true)),
            Row("child-share", "Andel barn och unga", p => cells.Percent(p.ChildCases, p.CaseTotal, total: true)),
            Row("sos-calls", "SOS-samtal", p => cells.Count(p.SosCalls(), total: true)),
            Row("sos-cases", "Ärenden från SOS-samtal", p => cells.Count(p.CaseTotals.Sos, total: true)),
            Row("standby-contacts", "Kontakter under beredskap", p => cells.Count(p.Contacts.Where(c => c.Mode == StatisticsText.Standby).Sum(c => c.Count), total: true)),
            Row("standby-sos-calls", "SOS-samtal under beredskap", p => cells.Count(p.SosCalls(StatisticsText.Standby), total: true)),
            Row("sos-beyond-contract", "SOS-samtal utöver avtalet", p => municipalityView ? Suppression.Nothing : cells.Count(SosBeyondContract(p), total: true)),
            Row("hours", "Timmar", p => Suppression.Hours(p.MinutesTotal)),
            Row("callback-compliance", "Återuppringning inom 30 minuter", p => Compliance(p, "Callback")),
            Row("onsite-compliance", "På plats inom 2 timmar", p => Compliance(p, "OnSite")),
            Row("commissions", "Uppdrag", p => cells.Count(p.CommissionTotal, total: true)),
            Row("deviations", "Avvikelser", p => cells.Count(p.DeviationTotal, total: true)),
            Row("complaints", "Klagomål", p => cells.Count(p.ComplaintTotal, total: true)),
            Row("lookups", "Slagningar", p => cells.Count(p.LookupTotal, total: true)),
        };
        return new StatisticsTable(KeyFigures, "Nyckeltal", "Mått", periods.Select(p => p.Period.Label).ToList(), rows, null, null);
    }

    private StatisticsTable ContactsByChannelTable()
    {
        var p = Chosen;
        var rows = StatisticsText.Channels.Select(ch => new StatisticsRow(ch, StatisticsText.Channel(ch),
        [
            cells.Count(p.Contacts.Where(c => c.Channel == ch).Sum(c => c.Count)),
            cells.Count(p.CasesOfChannel(ch)),
        ])).ToList();
        var total = TotalRow([cells.Count(p.ContactTotal, total: true), cells.Count(p.CaseTotal, total: true)]);
        return new StatisticsTable(ContactsByChannel, "Kontakter och ärenden per kanal", "Kanal", ["Kontakter", "Ärenden"], rows, total,
            "Ett SOS-samtal med flera personer är en kontakt men flera ärenden.");
    }

    private StatisticsTable ByMunicipalityTable()
    {
        var p = Chosen;
        var rows = municipalities.Select(m =>
        {
            var child = p.CasesOf(m.Code, child: true);
            var cases = child + p.CasesOf(m.Code, child: false);
            return new StatisticsRow(m.Code, m.Label,
            [
                cells.Count(p.ContactsByMunicipality.GetValueOrDefault(m.Code)),
                cells.Count(cases),
                cells.Count(child),
                cells.Percent(child, cases),
                Suppression.Hours(_minutes.GetValueOrDefault(m.Code)),
            ]);
        }).ToList();
        var total = TotalRow(
        [
            cells.Count(p.ContactTotal, total: true),
            cells.Count(p.CaseTotal, total: true),
            cells.Count(p.ChildCases, total: true),
            cells.Percent(p.ChildCases, p.CaseTotal, total: true),
            Suppression.Hours(p.MinutesTotal),
        ]);
        return new StatisticsTable(ByMunicipality, "Kontakter, ärenden och timmar per kommun", "Kommun",
            ["Kontakter", "Ärenden", "Barn och unga", "Andel barn och unga", "Timmar"], rows, total,
            "Ett ärende räknas i den kommun där det slutade. En kontakt räknas i varje kommun där den har ett ärende, så kommunernas kontakter kan bli fler än totalen.");
    }

    private StatisticsTable CasesByCategoryTable() => MunicipalityMatrix(CasesByCategory, "Ärenden per kategori och kommun",
        StatisticsText.Categories, StatisticsText.Category, Chosen.CasesByCategory, null);

    private StatisticsTable CasesByChannelTable() => MunicipalityMatrix(CasesByChannel, "Ärenden per kanal och kommun",
        StatisticsText.Channels, StatisticsText.Channel, Chosen.CasesByChannel, null);

    private StatisticsTable JourModeTable()
    {
        // Totalt is every mode: a contact or time in office hours (Closed, the municipalities' own time) is in the total only.
        var p = Chosen;
        long Contacts(string? mode) => p.Contacts.Where(c => mode is null || c.Mode == mode).Sum(c => c.Count);
        long Cases(string? mode) => p.CasesOfMode(mode);
        long Minutes(string? mode) => p.Minutes.Where(m => mode is null || m.Mode == mode).Sum(m => m.Minutes);
        StatisticsRow CountRow(string key, string label, Func<string?, long> of) =>
            new(key, label, [cells.Count(of(StatisticsText.Open), total: true), cells.Count(of(StatisticsText.Standby), total: true), cells.Count(of(null), total: true)]);

        var rows = new List<StatisticsRow>
        {
            CountRow("contacts", "Kontakter", Contacts),
            CountRow("cases", "Ärenden", Cases),
            CountRow("sos-calls", "SOS-samtal", mode => mode is null ? p.SosCalls() : p.SosCalls(mode)),
            new("hours", "Timmar", [Suppression.Hours(Minutes(StatisticsText.Open)), Suppression.Hours(Minutes(StatisticsText.Standby)), Suppression.Hours(Minutes(null))]),
        };
        var officeHours = Contacts(null) + Cases(null) + Minutes(null) > Contacts(StatisticsText.Open) + Contacts(StatisticsText.Standby) + Cases(StatisticsText.Open) + Cases(StatisticsText.Standby) + Minutes(StatisticsText.Open) + Minutes(StatisticsText.Standby)
            ? "Totalt omfattar även det som registrerats på kontorstid."
            : null;
        var note = string.Join(" ", new[] { SosContractLine(), officeHours }.OfType<string>());
        return new StatisticsTable(JourModeKey, "Öppettid och beredskap", "Mått", ["Öppettid", "Beredskap", "Totalt"], rows, null, note.Length == 0 ? null : note);
    }

    private StatisticsTable ResponseTargetTable()
    {
        var p = Chosen;
        List<StatisticsCell> Cells(long measured, long met, bool total) =>
            [cells.Count(measured, total), cells.Count(met, total), cells.Count(measured - met, total), cells.Percent(met, measured, total)];

        var rows = StatisticsText.ResponseKinds.Select(kind =>
        {
            var r = p.Responses.FirstOrDefault(x => x.Kind == kind);
            return new StatisticsRow(kind, StatisticsText.ResponseTarget(kind), Cells(r?.Measured ?? 0, r?.Met ?? 0, false));
        }).ToList();
        var total = TotalRow(Cells(p.Responses.Sum(r => r.Measured), p.Responses.Sum(r => r.Met), true));
        return new StatisticsTable(ResponseTargets, "Återuppringning och besök inom tid", "Mål", ["Mätta", "Inom tid", "Brister", "Andel inom tid"], rows, total,
            "Ett mål räknas på dagen det skulle vara uppfyllt. Det är mätt när steget registrerats eller tidsgränsen passerats; inom tid när steget gjordes senast då.");
    }

    private StatisticsTable CommissionTable() => MunicipalityMatrix(CommissionsKey, "Uppdrag per slag och kommun",
        StatisticsText.CommissionKinds, StatisticsText.CommissionKind, Chosen.Commissions, "Uppdrag räknas på dagen de beställdes.");

    private StatisticsTable DeviationTable()
    {
        var p = Chosen;
        var rows = StatisticsText.DeviationCategories.Select(category => new StatisticsRow(category, StatisticsText.Deviation(category),
            [cells.Count(p.Deviations.Where(d => d.Category == category).Sum(d => (long)d.Count))])).ToList();
        return new StatisticsTable(DeviationsKey, "Avvikelser per kategori", "Kategori", ["Antal"], rows, TotalRow([cells.Count(p.DeviationTotal, total: true)]),
            "Avvikelser räknas på dagen de inträffade. Klagomål redovisas för sig.");
    }

    private StatisticsTable ComplaintTable()
    {
        var complaints = Chosen.Deviations.Where(d => d.Category == StatisticsText.Complaint).ToList();
        var rows = municipalities.Select(m => new StatisticsRow(m.Code, m.Label, [cells.Count(complaints.Where(d => d.Municipality == m.Code).Sum(d => (long)d.Count))])).ToList();
        if (!municipalityView)
        {
            rows.Add(new StatisticsRow("none", StatisticsText.NoMunicipality, [cells.Count(complaints.Where(d => d.Municipality is null).Sum(d => (long)d.Count))]));
        }

        return new StatisticsTable(ComplaintsKey, "Klagomål per kommun", "Kommun", ["Antal"], rows, TotalRow([cells.Count(Chosen.ComplaintTotal, total: true)]), null);
    }

    private StatisticsTable LookupTable() => MunicipalityMatrix(LookupsKey, "Slagningar per kommun och svar",
        StatisticsText.LookupStatuses, StatisticsText.LookupStatus, Chosen.Lookups,
        "En slagning räknas en gång per tillfrågad kommun, med det svar kommunens journalsystem gav. \"Okänd status\": loggad innan svaret sparades.");

    /// <summary>A table of the municipalities by <paramref name="columns"/>, from counts keyed by (municipality, column); the total row is every municipality's.</summary>
    private StatisticsTable MunicipalityMatrix(string key, string title, IReadOnlyList<string> columns, Func<string, string> columnLabel,
        IReadOnlyDictionary<(string Municipality, string Item), long> counts, string? note)
    {
        var rows = municipalities.Select(m => new StatisticsRow(m.Code, m.Label, columns.Select(c => cells.Count(counts.GetValueOrDefault((m.Code, c)))).ToList())).ToList();
        var columnTotals = Tally(counts, kv => kv.Key.Item, kv => kv.Value);
        var total = TotalRow(columns.Select(c => cells.Count(columnTotals.GetValueOrDefault(c), total: true)).ToList());
        return new StatisticsTable(key, title, "Kommun", columns.Select(columnLabel).ToList(), rows, total, note);
    }

    private static Dictionary<TKey, long> Tally<T, TKey>(IEnumerable<T> items, Func<T, TKey> key, Func<T, long> value)
        where TKey : notnull
    {
        var tally = new Dictionary<TKey, long>();
        foreach (var item in items)
        {
            var k = key(item);
            tally[k] = tally.GetValueOrDefault(k) + value(item);
        }

        return tally;
    }

    private static StatisticsRow TotalRow(IReadOnlyList<StatisticsCell> cells) => new("total", StatisticsText.Total, cells);
}
