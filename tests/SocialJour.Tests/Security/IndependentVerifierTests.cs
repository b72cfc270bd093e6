using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using SocialJour.Core.Audit;

namespace SocialJour.Tests.Security;

/// <summary>
/// The access log as a member municipality receives and checks it (issue 23, 2a, 2b, 3d, 3e): its own client, bound to
/// it; only the entries of its extract, only its own salt; GETs that write nothing; evidence it checks against any head it
/// holds with a verifier in a second language (tools/verify_access_extract.py, docs/transparency.md), not with our code.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class IndependentVerifierTests(HostFixture host)
{
    private const string Python = "/usr/bin/python3";
    private const string Child = "20100315-2384";

    private static string Verifier => Path.Combine(TestPaths.RepoRoot, "tools", "verify_access_extract.py");

    private static string Period
    {
        get
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            return $"from={today.AddDays(-1):yyyy-MM-dd}&to={today.AddDays(1):yyyy-MM-dd}";
        }
    }

    [Fact]
    public async Task A_municipality_verifies_its_evidence_extract_with_the_Python_verifier_and_one_changed_byte_or_a_wrong_salt_fails_it()
    {
        var (sequence, found, _) = await LookUpAsync();
        await SignHeadAsync();
        using var client = await LogClient(found);
        using var dir = new TempDir();

        var extract = await client.GetAsync($"/api/access-log?{Period}&format=evidence");
        Assert.Equal(HttpStatusCode.OK, extract.StatusCode);
        var evidence = JsonNode.Parse(await extract.Content.ReadAsStringAsync())!;
        var entry = evidence["entries"]!.AsArray().Single(e => (long)e!["entry"]!["sequence"]! == sequence)!;
        Assert.Equal(found, (string)evidence["municipality"]!);
        Assert.All(entry["entry"]!["sources"]!.AsArray(), s => Assert.Equal((string)s!["municipalityCode"]! == found, s["salt"] is not null));
        await File.WriteAllTextAsync(dir.File("extract.json"), evidence.ToJsonString());
        await File.WriteAllTextAsync(dir.File("heads.jsonl"), await client.GetStringAsync("/api/access-log/head") + "\n");
        await File.WriteAllTextAsync(dir.File("public-key.pem"), await client.GetStringAsync("/api/transparency/public-key"));

        var (ok, okOutput) = await RunVerifier(dir, "extract.json");
        Assert.True(ok == 0, okOutput);
        Assert.Contains($"OK: {evidence["entries"]!.AsArray().Count} poster i kommun {found}s utdrag", okOutput, StringComparison.Ordinal);

        // One byte of one field changed: the leaf no longer hashes to the audit path's root.
        var purpose = (string)entry["entry"]!["purpose"]!;
        entry["entry"]!["purpose"] = (char)(purpose[0] ^ 1) + purpose[1..];
        await File.WriteAllTextAsync(dir.File("changed.json"), evidence.ToJsonString());
        entry["entry"]!["purpose"] = purpose;
        var (changed, changedOutput) = await RunVerifier(dir, "changed.json");
        Assert.Equal(1, changed);
        Assert.Contains($"post {sequence}", changedOutput, StringComparison.Ordinal);

        // A wrong salt does not open the municipality's commitment.
        var own = entry["entry"]!["sources"]!.AsArray().Single(s => (string)s!["municipalityCode"]! == found)!;
        var salt = (string)own["salt"]!;
        own["salt"] = (salt[0] == '0' ? "1" : "0") + salt[1..];
        await File.WriteAllTextAsync(dir.File("wrong-salt.json"), evidence.ToJsonString());
        var (wrongSalt, wrongSaltOutput) = await RunVerifier(dir, "wrong-salt.json");
        Assert.Equal(1, wrongSalt);
        Assert.Contains($"post {sequence}", wrongSaltOutput, StringComparison.Ordinal);

        // The redaction boundary is inside the signature (tree-head v2, issue 23 3a): a v1 head the municipality held from
        // before still verifies; a boundary that moves back as the log grows (an earlier head saying more was deleted) fails.
        var current = SignedTreeHead.Parse((await File.ReadAllLinesAsync(dir.File("heads.jsonl")))[0], out _)!;
        Assert.NotNull(current.RedactedUpTo);
        using var key = TreeHeadKey.FromPem(await File.ReadAllTextAsync(TestPaths.DemoSigningKey));
        using var ecdsa = System.Security.Cryptography.ECDsa.Create();
        ecdsa.ImportFromPem(await File.ReadAllTextAsync(TestPaths.DemoSigningKey));
        var v1 = new SignedTreeHead(TransparencyLogs.Access, 1, new string('0', 64), current.Timestamp - 60_000, key.KeyId, "");
        v1 = v1 with { Signature = Convert.ToBase64String(ecdsa.SignData(v1.SignedBytes(), System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.DSASignatureFormat.Rfc3279DerSequence)) };
        await File.WriteAllLinesAsync(dir.File("heads.jsonl"), [v1.ToJson(), current.ToJson()]);
        var (withV1, withV1Output) = await RunVerifier(dir, "extract.json");
        Assert.True(withV1 == 0, withV1Output);

        var movedBack = key.Sign(TransparencyLogs.Access, 1, new byte[32], current.SignedAt.AddMinutes(-1), redactedUpTo: 1);
        await File.WriteAllLinesAsync(dir.File("heads.jsonl"), [movedBack.ToJson(), current.ToJson()]);
        var (back, backOutput) = await RunVerifier(dir, "extract.json");
        Assert.Equal(1, back);
        Assert.Contains("lägre gallringsgräns", backOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_entries_endpoint_serves_only_an_entry_of_the_municipalitys_extract_with_only_its_own_salt_and_binds_a_client_to_its_municipality()
    {
        var (sequence, found, notFound) = await LookUpAsync();
        await SignHeadAsync();
        using var ida = await HostClients.LoggedIn(host, "ida");

        // Merely asked (answer "no records"): not in that municipality's extract, so not served, to IT or to its client.
        Assert.Equal(HttpStatusCode.NotFound, (await ida.GetAsync($"/api/transparency/access/entries/{sequence}?municipality={notFound}")).StatusCode);
        using var own = await LogClient(found);
        using var other = await LogClient(notFound);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/transparency/access/entries/{sequence}")).StatusCode);

        // Another municipality's entry, extract or head: 403 for a bound client.
        var foreign = await other.GetAsync($"/api/transparency/access/entries/{sequence}?municipality={found}");
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Contains($"bunden till kommun {notFound}", (await HostClients.Json(foreign)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/access-log?municipality={found}&{Period}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/access-log?municipality={found}&{Period}&format=evidence")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync($"/api/access-log/head?municipality={found}")).StatusCode);

        // In the extract: served, with the municipality's own salt only, and the same fields the extract gives that audience.
        foreach (var (caller, url) in new[] { (ida, $"/api/transparency/access/entries/{sequence}?municipality={found}"), (own, $"/api/transparency/access/entries/{sequence}") })
        {
            var response = await caller.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var proof = await response.Content.ReadFromJsonAsync<AccessEntryProof>(new JsonSerializerOptions(JsonSerializerDefaults.Web));
            Assert.Equal(found, Assert.Single(proof!.Entry.Sources, s => s.Salt is not null).MunicipalityCode);
            Assert.All(proof.Entry.Sources.Where(s => s.MunicipalityCode != found), s => Assert.Null(s.Status));
            var extract = await HostClients.Json(await caller.GetAsync($"/api/access-log?municipality={found}&{Period}"));
            var listed = extract.EnumerateArray().Single(e => e.GetProperty("sequence").GetInt64() == sequence);
            Assert.Equal(listed.GetProperty("personId").GetString(), proof.Entry.PersonId);
            using var key = TreeHeadKey.FromPem(await caller.GetStringAsync("/api/transparency/public-key"));
            Assert.Null(TransparencyVerifier.CheckEntry(proof, key));
        }
    }

    [Fact]
    public async Task A_client_with_the_access_log_scope_but_no_municipality_is_refused_the_access_log_with_a_Swedish_problem()
    {
        using var client = await ClientWith("integration", "socialjour.monitoring socialjour.statistics socialjour.billing socialjour.accesslog");

        var extract = await client.GetAsync($"/api/access-log?municipality=0191&{Period}");

        Assert.Equal(HttpStatusCode.Forbidden, extract.StatusCode);
        Assert.Contains("socialjour_municipality", (await HostClients.Json(extract)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/transparency/access/sth")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/access-log/head?municipality=0191")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/municipalities")).StatusCode); // its other scopes still work
    }

    [Fact]
    public async Task Reading_heads_writes_nothing_and_handing_one_over_is_a_post_for_staff()
    {
        var transparency = host.Factory.Services.GetRequiredService<ITransparencyLog>();
        var audit = host.Factory.Services.GetRequiredService<IAuditLog>();
        var signed = await SignHeadAsync();
        var (_, found, _) = await LookUpAsync(); // the log is now longer than the latest head
        using var client = await LogClient(found);
        using var erik = await HostClients.LoggedIn(host, "erik");
        var published = transparency.PublishedHeads().Count;
        var lastAudit = (await audit.RecentAsync(1)).Single().Sequence;

        var read = new[]
        {
            await client.GetAsync("/api/access-log/head"),
            await client.GetAsync("/api/transparency/access/sth"),
            await erik.GetAsync($"/api/access-log/head?municipality={found}"),
            await erik.GetAsync("/api/transparency/access/sth"),
        };

        foreach (var response in read)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(signed, SignedTreeHead.Parse(await response.Content.ReadAsStringAsync(), out _));
        }

        Assert.Equal(signed, await transparency.LatestHeadAsync(TransparencyLogs.Access, CancellationToken.None));
        Assert.Equal(published, transparency.PublishedHeads().Count);
        Assert.DoesNotContain(await audit.RecentAsync(50), e => e.Sequence > lastAudit && e.Action == "transparency.head-handed-over");

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/access-log/head", null)).StatusCode);
        var handed = await erik.PostAsync($"/api/access-log/head?municipality={found}", null);
        Assert.Equal(HttpStatusCode.OK, handed.StatusCode);
        var given = SignedTreeHead.Parse(await handed.Content.ReadAsStringAsync(), out _)!;
        Assert.True(given.TreeSize > signed.TreeSize);
        Assert.Contains(transparency.PublishedHeads(), h => h == given);
        Assert.Contains(await audit.RecentAsync(50), e => e.Action == "transparency.head-handed-over" && e.Subject == found && e.Actor == "erik");
    }

    [Fact]
    public async Task An_entry_and_an_evidence_extract_are_proven_against_an_earlier_head_the_municipality_holds()
    {
        var (first, found, _) = await LookUpAsync();
        var earlier = await SignHeadAsync();
        var (second, _, _) = await LookUpAsync();
        var later = await SignHeadAsync();
        using var client = await LogClient(found);
        using var key = TreeHeadKey.FromPem(await client.GetStringAsync("/api/transparency/public-key"));

        var response = await client.GetAsync($"/api/transparency/access/entries/{first}?treeSize={earlier.TreeSize}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var proof = (await response.Content.ReadFromJsonAsync<AccessEntryProof>(new JsonSerializerOptions(JsonSerializerDefaults.Web)))!;
        Assert.Equal(earlier, proof.Head);
        Assert.Null(TransparencyVerifier.CheckEntry(proof, key, earlier));
        Assert.Equal(earlier, SignedTreeHead.Parse(await client.GetStringAsync($"/api/transparency/access/sth?treeSize={earlier.TreeSize}"), out _));
        var tooEarly = await client.GetAsync($"/api/transparency/access/entries/{second}?treeSize={earlier.TreeSize}");
        Assert.Equal(HttpStatusCode.BadRequest, tooEarly.StatusCode);
        Assert.Equal("treeSize", (await HostClients.Json(tooEarly)).GetProperty("field").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/transparency/access/entries/{first}?treeSize={later.TreeSize + 1000}")).StatusCode);

        // The evidence extract against the earlier head: the later entry waits for a later head; the verifier accepts it
        // against the heads the municipality holds, and refuses an extract whose head it does not hold.
        using var dir = new TempDir();
        var evidence = JsonNode.Parse(await client.GetStringAsync($"/api/access-log?{Period}&format=evidence&treeSize={earlier.TreeSize}"))!;
        Assert.Contains(evidence["entries"]!.AsArray(), e => (long)e!["entry"]!["sequence"]! == first);
        Assert.DoesNotContain(evidence["entries"]!.AsArray(), e => (long)e!["entry"]!["sequence"]! == second);
        Assert.Contains(evidence["notYetCovered"]!.AsArray(), s => (long)s! == second);
        await File.WriteAllTextAsync(dir.File("extract.json"), evidence.ToJsonString());
        await File.WriteAllTextAsync(dir.File("public-key.pem"), key.PublicKeyPem);
        await File.WriteAllTextAsync(dir.File("heads.jsonl"), earlier.ToJson() + "\n" + later.ToJson() + "\n");
        var (ok, output) = await RunVerifier(dir, "extract.json");
        Assert.True(ok == 0, output);
        await File.WriteAllTextAsync(dir.File("heads.jsonl"), later.ToJson() + "\n");
        var (unheld, unheldOutput) = await RunVerifier(dir, "extract.json");
        Assert.Equal(1, unheld);
        Assert.Contains("treeSize", unheldOutput, StringComparison.Ordinal);
    }

    /// <summary>A look-up of the child through the API; its access-log sequence, a municipality that knows her and one that does not.</summary>
    private async Task<(long Sequence, string Found, string NotFound)> LookUpAsync()
    {
        using var anna = await HostClients.LoggedIn(host, "anna");
        var created = await anna.PostAsJsonAsync("/api/contacts", new
        {
            channel = "SosAlarm",
            duplicateReason = "Testerna delar värd och personer", // ignored unless the person has a current case
            caller = "SOS Alarm",
            situation = "Oro för barn, kontroll av tidigare insatser",
            persons = new object[] { new { identityNumber = Child, municipalityCode = "0191", category = "ChildrenAndYouth" } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var caseId = (await HostClients.Json(created)).GetProperty("cases")[0].GetProperty("id").GetString();
        var looked = await anna.PostAsJsonAsync("/api/lookups", new { identityNumber = Child, jourCaseId = caseId, purpose = "Skyddsbedömning" });
        Assert.Equal(HttpStatusCode.OK, looked.StatusCode);
        var result = await HostClients.Json(looked);
        var sources = result.GetProperty("sources").EnumerateArray()
            .Select(s => (Code: s.GetProperty("municipalityCode").GetString()!, Status: s.GetProperty("status").GetString())).ToList();
        return (result.GetProperty("accessLogSequence").GetInt64(), sources.First(s => s.Status == "Found").Code, sources.First(s => s.Status == "NotFound").Code);
    }

    private async Task<SignedTreeHead> SignHeadAsync()
    {
        using var erik = await HostClients.LoggedIn(host, "erik");
        var response = await erik.PostAsync("/api/transparency/access/sth", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return SignedTreeHead.Parse(await response.Content.ReadAsStringAsync(), out _)!;
    }

    private Task<HttpClient> LogClient(string municipality) => ClientWith("kommunlogg-" + municipality, "socialjour.accesslog");

    private async Task<HttpClient> ClientWith(string clientId, string scope)
    {
        using var idp = new HttpClient();
        using var response = await idp.PostAsync(new Uri(host.Simulator.BaseUrl, "connect/token"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = $"demo-{clientId}-secret",
            ["scope"] = scope,
        }));
        var token = (await HostClients.Json(response)).GetProperty("access_token").GetString()!;
        var client = HostClients.Anonymous(host, cookies: false);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Runs the verifier as a municipality would: the evidence file, the heads it holds, the public key.</summary>
    private static async Task<(int Code, string Output)> RunVerifier(TempDir dir, string evidence)
    {
        var start = new ProcessStartInfo(Python) { WorkingDirectory = dir.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Verifier, "--evidence", dir.File(evidence), "--heads", dir.File("heads.jsonl"), "--key", dir.File("public-key.pem") })
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2)); // a hang, not a slow machine
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the verifier did not exit within 2 minutes");
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
