namespace SocialJour.Simulator;

internal sealed record SimPerson(string PersonId, string Name, bool? Protected, string Street, string PostalCode, string City, List<SimRecord> Records);

/// <summary>What one municipality's journal system knows about a person.</summary>
internal sealed record SimRecord(
    string MunicipalityCode,
    List<SimInvestigation> Investigations,
    List<SimDecision> Decisions,
    List<SimService> Services,
    List<SimContact> Contacts,
    List<SimWarning> Warnings);

internal sealed record SimInvestigation(long Id, string Type, DateOnly From, DateOnly? To, string Caseworker, string Organization);

internal sealed record SimDecision(long Id, DateOnly Date, DateOnly From, DateOnly? To, string Type, string Reason, string DecisionMaker, string Paragraph);

internal sealed record SimService(long Id, string Type, DateOnly Start, DateOnly? End, string Caseworker, string Paragraph, string Location);

internal sealed record SimContact(long Id, string Name, string Title, string Organization, string Phone, string Email, string TypeOfContact);

internal sealed record SimWarning(string Type, string Text, DateOnly From, DateOnly? To);

/// <summary>
/// The deterministic synthetic population every profile serves. Hand-made showcase people first
/// (documented in the README for the demo), then generated ones from a fixed seed.
/// </summary>
internal static class Population
{
    /// <summary>Skatteverket's test person "Tolvan": the canary every tenant must always find.</summary>
    public const string CanaryPersonId = "191212121212";

    public static readonly string[] DemoMunicipalities = ["0125", "0123", "0191", "0163", "0184", "0183", "0139", "0114"];

    private static readonly string[] Names = ["Alva", "Elias", "Maja", "Noah", "Ella", "Hugo", "Wilma", "Lucas", "Alice", "Oscar", "Saga", "William", "Ebba", "Liam", "Astrid", "Adam", "Selma", "Ali", "Nora", "Omar"];
    private static readonly string[] Surnames = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson", "Hassan", "Lindberg", "Axelsson", "Berg"];
    private static readonly string[] Cities = ["Ekerö", "Järfälla", "Märsta", "Sollentuna", "Solna", "Sundbyberg", "Kungsängen", "Upplands Väsby"];

    public static IReadOnlyList<SimPerson> All { get; } = Build();

    public static SimPerson? Find(string personId) => All.FirstOrDefault(p => p.PersonId == personId);

    private static List<SimPerson> Build()
    {
        var people = new List<SimPerson>
        {
            new(CanaryPersonId, "Tolvan Tolvansson", false, "Testgatan 12", "12345", "Teststad", [.. DemoMunicipalities.Select(EmptyRecord)]),

            // A 14-year-old placed under LVU in Sigtuna, earlier known in Järfälla: police assistance is lawful.
            new("201003152384", "Maja Lindberg", false, "Stationsvägen 4", "19530", "Märsta",
            [
                new("0191",
                    [new(7001, "Utredning barn och unga", new DateOnly(2026, 2, 1), null, "Karin Ek", "IFO Barn och unga Sigtuna")],
                    [new(7101, new DateOnly(2026, 3, 2), new DateOnly(2026, 3, 2), null, "Vård enligt LVU", "Omedelbart omhändertagande prövat och fastställt", "Socialnämnden", "LVU 2 §")],
                    [new(7201, "Placering HVB", new DateOnly(2026, 3, 3), null, "Karin Ek", "LVU 2 §", "HVB Björkhagen, Norrtälje")],
                    [new(7301, "Karin Ek", "Socialsekreterare", "IFO Barn och unga Sigtuna", "08-591 260 00", "karin.ek@sigtuna.example", "Handläggare")],
                    [new("Rymningsrisk", "Har avvikit från placeringen två gånger", new DateOnly(2026, 6, 1), null)]),
                new("0123",
                    [],
                    [new(7102, new DateOnly(2024, 9, 10), new DateOnly(2024, 9, 10), new DateOnly(2025, 3, 1), "Öppenvårdsinsats", "Stödsamtal", "Enhetschef", "4 kap. 1 § SoL")],
                    [], [], []),
            ]),

            // A 15-year-old placed under SoL (voluntary): police assistance has no legal basis (the 2017 deviation).
            new("201107222380", "Ebba Hassan", false, "Björkvägen 9", "17741", "Järfälla",
            [
                new("0123",
                    [],
                    [new(7103, new DateOnly(2026, 1, 15), new DateOnly(2026, 1, 20), null, "Placering i familjehem", "Frivillig placering med vårdnadshavarnas samtycke", "Socialnämnden", "4 kap. 1 § SoL")],
                    [new(7202, "Placering i familjehem", new DateOnly(2026, 1, 20), null, "Lars Berg", "4 kap. 1 § SoL", "Familjehem i Enköping")],
                    [new(7302, "Lars Berg", "Socialsekreterare", "Järfälla kommun, Barn och unga", "08-580 285 00", "lars.berg@jarfalla.example", "Handläggare")],
                    []),
            ]),

            // An adult with protected identity, known for domestic violence in Solna and Sundbyberg.
            new("198511302385", "Sara Nilsson", true, "Hemliga gatan 12", "17165", "Solna",
            [
                new("0184",
                    [new(7002, "Utredning våld i nära relation", new DateOnly(2026, 9, 1), null, "Anna Holm", "Solna Vuxen")],
                    [new(7104, new DateOnly(2026, 9, 2), new DateOnly(2026, 9, 2), new DateOnly(2026, 12, 31), "Skyddat boende", "Våld i nära relation", "Enhetschef", "4 kap. 1 § SoL")],
                    [new(7203, "Placering skyddat boende", new DateOnly(2026, 9, 2), null, "Anna Holm", "4 kap. 1 § SoL", "Skyddat boende (adress skyddad)")],
                    [new(7303, "Anna Holm", "Socialsekreterare", "Solna Vuxen", "08-746 10 00", "anna.holm@solna.example", "Handläggare")],
                    [new("Kontaktförbud", "Kontaktförbud gäller mot f.d. partner", new DateOnly(2026, 9, 5), new DateOnly(2027, 9, 5))]),
                new("0183", [], [], [], [], [new("Hot", "Hot mot personal har förekommit vid hembesök", new DateOnly(2025, 5, 1), null)]),
            ]),

            // An adult cared for under LVM in Upplands Väsby.
            new("197806142399", "Johan Karlsson", false, "Centralvägen 2", "19430", "Upplands Väsby",
            [
                new("0114",
                    [],
                    [new(7105, new DateOnly(2026, 10, 1), new DateOnly(2026, 10, 1), null, "Omedelbart omhändertagande", "Missbruk, akut fara för hälsan", "Ordföranden", "LVM 13 §")],
                    [new(7204, "Placering LVM-hem (SiS)", new DateOnly(2026, 10, 1), null, "Per Åberg", "LVM 13 §", "LVM-hemmet Runnagården")],
                    [new(7304, "Per Åberg", "Socialsekreterare", "Upplands Väsby Vuxen", "08-590 970 00", "per.aberg@upplandsvasby.example", "Handläggare")],
                    []),
            ]),

            // Protected-identity status not recorded at all: must be treated as protected.
            new("200604082388", "Liam Persson", null, "Ängsvägen 3", "17831", "Ekerö",
            [
                new("0125",
                    [new(7003, "Utredning barn och unga", new DateOnly(2026, 8, 1), null, "Eva Lund", "Ekerö IFO")],
                    [], [],
                    [new(7305, "Eva Lund", "Socialsekreterare", "Ekerö IFO", "08-124 571 00", "eva.lund@ekero.example", "Handläggare")],
                    []),
            ]),

            // Not protected in Sundbyberg's journal, but protected in the population register since (NavetProfile):
            // the look-up must hide her address.
            new("201205062381", "Elin Berg", false, "Vinkelvägen 4", "17268", "Sundbyberg",
            [
                new("0183",
                    [new(7007, "Utredning barn och unga", new DateOnly(2026, 10, 1), null, "Mona Ek", "Sundbyberg IFO")],
                    [], [],
                    [new(7306, "Mona Ek", "Socialsekreterare", "Sundbyberg IFO", "08-706 80 00", "mona.ek@sundbyberg.example", "Handläggare")],
                    []),
            ]),
        };

        // Long history in Sollentuna: more than one page in every paged profile.
        people.Add(new("199203172383", "Omar Axelsson", false, "Malmvägen 8", "19160", "Sollentuna",
        [
            new("0163",
                [new(7004, "Utredning vuxen", new DateOnly(2026, 5, 1), null, "Nils Ek", "Sollentuna Vuxen"), new(7005, "Utredning våld i nära relation", new DateOnly(2026, 9, 1), null, "Nils Ek", "Sollentuna Vuxen"), new(7006, "Utredning ekonomiskt bistånd", new DateOnly(2026, 10, 1), null, "Ulla Sten", "Sollentuna Försörjning")],
                [.. Enumerable.Range(0, 7).Select(i => new SimDecision(7110 + i, new DateOnly(2026, 1 + i, 5), new DateOnly(2026, 1 + i, 5), new DateOnly(2026, 1 + i, 28), "Ekonomiskt bistånd", "Försörjningsstöd", "Ulla Sten", "4 kap. 1 § SoL"))],
                [new(7210, "Placering HVB", new DateOnly(2025, 2, 1), new DateOnly(2025, 6, 30), "Nils Ek", "LVM 4 §", "HVB Vägen ut, Uppsala"), new(7211, "Placering HVB", new DateOnly(2025, 7, 1), new DateOnly(2025, 12, 31), "Nils Ek", "4 kap. 1 § SoL", "HVB Vägen ut, Uppsala"), new(7212, "Placering stödboende", new DateOnly(2026, 1, 1), null, "Nils Ek", "4 kap. 1 § SoL", "Stödboende Sollentuna")],
                [new(7310, "Nils Ek", "Socialsekreterare", "Sollentuna Vuxen", "08-579 210 00", "nils.ek@sollentuna.example", "Handläggare"), new(7311, "Ulla Sten", "Socialsekreterare", "Sollentuna Försörjning", "08-579 210 01", "ulla.sten@sollentuna.example", "Handläggare")],
                [new("Hot", "Hot mot personal vid besök 2026-04", new DateOnly(2026, 4, 10), null), new("Våld", "Våld i nära relation, utövare", new DateOnly(2026, 9, 1), null), new("Kontaktförbud", "Kontaktförbud mot f.d. partner", new DateOnly(2026, 9, 5), new DateOnly(2027, 9, 5))]),
        ]));

        var random = new Random(20261122);
        long id = 10000;
        for (var i = 0; i < 200; i++)
        {
            var year = random.Next(1940, 2022);
            var month = random.Next(1, 13);
            var day = random.Next(1, DateTime.DaysInMonth(year, month) + 1);
            var serial = random.Next(100, 999);
            var nine = $"{year % 100:00}{month:00}{day:00}{serial:000}";
            var pid = $"{year:0000}{month:00}{day:00}{serial:000}{CheckDigit(nine)}";
            if (people.Any(p => p.PersonId == pid))
            {
                continue;
            }

            var name = $"{Names[random.Next(Names.Length)]} {Surnames[random.Next(Surnames.Length)]}";
            var isProtected = random.Next(20) == 0;
            var records = new List<SimRecord>();
            var count = random.Next(1, 4) == 1 ? 2 : 1;
            foreach (var code in DemoMunicipalities.OrderBy(_ => random.Next()).Take(count))
            {
                var child = year >= 2008;
                var basis = child ? (random.Next(3) == 0 ? "LVU 2 §" : "4 kap. 1 § SoL") : (random.Next(5) == 0 ? "LVM 4 §" : "4 kap. 1 § SoL");
                var from = new DateOnly(2025, 1, 1).AddDays(random.Next(600));
                var caseworker = $"{Names[random.Next(Names.Length)]} {Surnames[random.Next(Surnames.Length)]}";
                var services = random.Next(2) == 0
                    ? new List<SimService> { new(id++, child ? "Placering i familjehem" : "Placering HVB", from, null, caseworker, basis, "Boende i " + Cities[random.Next(Cities.Length)]) }
                    : [];
                records.Add(new SimRecord(code,
                    random.Next(2) == 0 ? [new(id++, child ? "Utredning barn och unga" : "Utredning vuxen", from, null, caseworker, "IFO")] : [],
                    [new(id++, from, from, null, child ? "Bistånd barn och unga" : "Ekonomiskt bistånd", "Bistånd", "Socialsekreterare", basis)],
                    services,
                    [new(id++, caseworker, "Socialsekreterare", "IFO", "08-000 00 00", "handlaggare@kommun.example", "Handläggare")],
                    random.Next(10) == 0 ? [new("Hot", "Hot mot personal", from, null)] : []));
            }

            people.Add(new SimPerson(pid, name, isProtected, $"Gatan {random.Next(1, 90)}", $"1{random.Next(1000, 9999)}", Cities[random.Next(Cities.Length)], records));
        }

        return people;
    }

    private static SimRecord EmptyRecord(string code) => new(code, [], [], [], [], []);

    private static char CheckDigit(string nine)
    {
        for (var c = '0'; c <= '9'; c++)
        {
            var s = nine + c;
            var sum = 0;
            for (var i = 0; i < 10; i++)
            {
                var d = (s[i] - '0') * (i % 2 == 0 ? 2 : 1);
                sum += d > 9 ? d - 9 : d;
            }

            if (sum % 10 == 0)
            {
                return c;
            }
        }

        throw new InvalidOperationException();
    }
}
