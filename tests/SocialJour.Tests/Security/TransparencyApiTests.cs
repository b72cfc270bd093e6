using System.Net;
using System.Text.Json;
using SocialJour.Core.Audit;

namespace SocialJour.Tests;

/// <summary>The transparency API as the unit manager uses it to hand heads and proofs to a municipality.</summary>
public sealed partial class HostTests
{
    [Fact]
    public async Task An_access_log_extract_carries_a_signed_head_that_verifies_with_the_published_public_key()
    {
        using var erik = await As("erik");
        Assert.Equal(HttpStatusCode.OK, (await erik.PostAsync("/api/transparency/access/sth", null)).StatusCode); // a GET signs nothing
        Assert.Equal(HttpStatusCode.OK, (await erik.PostAsync("/api/transparency/audit/sth", null)).StatusCode);

        var extract = await erik.GetAsync("/api/access-log?municipality=0191&from=2026-01-01&to=2030-12-31");
        var keyPem = await erik.GetStringAsync("/api/transparency/public-key");
        var handedOver = await erik.PostAsync("/api/access-log/head?municipality=0191", null);

        Assert.Equal(HttpStatusCode.OK, extract.StatusCode);
        using var key = TreeHeadKey.FromPem(keyPem);
        Assert.False(key.CanSign); // only the public half is served
        var head = SignedTreeHead.Parse(Assert.Single(extract.Headers.GetValues("SocialJour-Tree-Head")), out _)!;
        Assert.Null(key.Check(head));
        var auditHead = SignedTreeHead.Parse(Assert.Single(extract.Headers.GetValues(TransparencyLogs.AuditHeadHeader)), out _)!; // and the audit log's (issue 23 3c)
        Assert.Equal((TransparencyLogs.Audit, null), (auditHead.Log, key.Check(auditHead)));
        var given = SignedTreeHead.Parse(await handedOver.Content.ReadAsStringAsync(), out _)!;
        Assert.Null(key.Check(given));
        Assert.True(given.TreeSize >= head.TreeSize);
    }

    [Fact]
    public async Task Proof_requests_are_for_unit_managers_and_IT_and_bad_numbers_get_a_Swedish_problem_naming_the_field()
    {
        using var anna = await As("anna");
        using var ida = await As("ida");

        var forbidden = await anna.GetAsync("/api/transparency/access/sth");
        var badSequence = await ida.GetAsync("/api/transparency/access/proof/inclusion?sequence=abc&treeSize=1");
        var unknownLog = await ida.GetAsync("/api/transparency/other/sth");
        var tooLarge = await ida.GetAsync("/api/transparency/audit/proof/consistency?from=1&to=999999");
        var consistency = await ida.GetAsync("/api/transparency/audit/proof/consistency?from=1&to=1");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badSequence.StatusCode);
        var problem = JsonDocument.Parse(await badSequence.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("sequence", problem.GetProperty("field").GetString());
        Assert.Contains("ska vara ett heltal", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknownLog.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, tooLarge.StatusCode);
        Assert.Equal(HttpStatusCode.OK, consistency.StatusCode);
    }
}
