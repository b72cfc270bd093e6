using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using SocialJour.Core;
using SocialJour.Core.Events;
using SocialJour.Core.Configuration;
using SocialJour.Core.Lookup;
using SocialJour.Modules.Assessment.Contracts;

namespace SocialJour.Modules.Assessment;

/// <summary>
/// The report outbox. A report is addressed to the case's municipality when written; delivery re-checks that the case
/// still belongs there (the wrong-municipality deviation) and uses only that municipality's configured channels:
/// the primary up to <see cref="RetrySchedule.AttemptsPerChannel"/> times with growing waits (<see cref="RetrySchedule"/>), then the fallback, then failed.
/// Each attempt holds a lease on the report in the database (<see cref="ReportClaims"/>), so two hosts never deliver the same
/// report at once and the CaseMoved subscriber waits for it (ADR 0016). Every delivery carries the report's idempotency key, so a receiver
/// recognises a second delivery after a crash. Municipalities are served in parallel, each attempt with its channel's time limit.
/// </summary>
internal sealed class ReportDelivery(
    Func<AssessmentDbContext> contexts,
    AssessedCases cases,
    IMunicipalityRegistry registry,
    IOutbox<AssessmentDbContext> outbox,
    ReportClaims claims,
    TimeProvider time,
    ILogger<ReportDelivery> logger) : IDisposable
{
    /// <summary>
    /// A report due this little after a round starts is taken in that round: a retry is due at failure + wait, and the
    /// failure came a few milliseconds after the round that made it started, so without this it would wait one round more.
    /// </summary>
    public static readonly TimeSpan DueTolerance = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a delivery holds its lease: one attempt, so longer than any channel's time limit (20 s) plus saving the outcome.
    /// A host killed in the middle of a delivery holds its reports this long; then another host delivers them (ADR 0028).
    /// </summary>
    public static readonly TimeSpan DeliveryLease = TimeSpan.FromSeconds(45);

    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan }; // each attempt has its channel's limit
    private readonly string _holder = $"delivery:{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The time limit of one attempt on a channel: a hanging receiver fails the attempt, it does not hold the outbox.</summary>
    public static TimeSpan TimeoutOf(ReportChannelKind kind) => kind switch
    {
        ReportChannelKind.EService => TimeSpan.FromSeconds(10),
        ReportChannelKind.SecureEmail => TimeSpan.FromSeconds(20),
        _ => TimeSpan.FromSeconds(10),
    };

    /// <summary>The key a receiver de-duplicates on (<see cref="ReportText.IdempotencyKey"/>).</summary>
    public static string IdempotencyKey(ReportRow r) => ReportText.IdempotencyKey(r.CaseId, r.Id, r.WrittenAt, r.MunicipalityCode, r.Text);

    /// <summary>
    /// Delivers every due report: one municipality's reports one after another (in the order written), different
    /// municipalities in parallel, so a hanging or failing channel only delays its own municipality.
    /// </summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow() + DueTolerance;
        List<(long Id, string Municipality)> due;
        await using (var db = contexts())
        {
            var queued = nameof(ReportStatus.Queued);
            due = (await db.Reports.AsNoTracking().Where(r => r.Status == queued && r.NextAttemptAt <= now)
                .OrderBy(r => r.Id).Select(r => new { r.Id, r.MunicipalityCode }).ToListAsync(cancellationToken))
                .Select(r => (r.Id, r.MunicipalityCode)).ToList();
        }

        var perMunicipality = await Task.WhenAll(due.GroupBy(d => d.Municipality).Select(g => Task.Run(async () =>
        {
            var delivered = 0;
            foreach (var (id, _) in g)
            {
                if (await DeliverClaimedAsync(id, cancellationToken))
                {
                    delivered++;
                }
            }

            return delivered;
        }, cancellationToken)));
        return perMunicipality.Sum();
    }

    public void Dispose() => _http.Dispose();

    private async Task<bool> DeliverClaimedAsync(long id, CancellationToken cancellationToken)
    {
        var holder = $"{_holder}:{Guid.NewGuid():N}";
        if (!await claims.TryClaimAsync(id, holder, DeliveryLease, cancellationToken))
        {
            return false; // another host is delivering it, or the case is being moved
        }

        try
        {
            await using var db = contexts();
            var report = await db.Reports.SingleAsync(r => r.Id == id, cancellationToken);
            if (report.Status != nameof(ReportStatus.Queued) || report.NextAttemptAt > time.GetUtcNow() + DueTolerance)
            {
                return false; // delivered (or rescheduled) by someone else between the query and the claim
            }

            var delivered = await DeliverOneAsync(report, cancellationToken);
            var now = time.GetUtcNow();
            if (delivered)
            {
                // The status, its audit entry and the event in one transaction.
                db.Audit("system", "report.delivered", report.CaseId, $"{report.MunicipalityCode} {report.Channel} {report.Receipt}");
                db.Publish(new ReportDelivered(report.Id, report.CaseId, report.MunicipalityCode, report.Channel ?? "", report.Receipt ?? "", report.DeliveredAt ?? now));
            }
            else if (report.Status == nameof(ReportStatus.Failed))
            {
                db.Publish(new ReportFailed(report.Id, report.CaseId, report.MunicipalityCode, report.LastError ?? "Alla kanaler misslyckades.", now));
            }

            await outbox.SaveAndDispatchAsync(db, CancellationToken.None);
            return delivered;
        }
        finally
        {
            await claims.ReleaseAsync(id, holder);
        }
    }

    private async Task<bool> DeliverOneAsync(ReportRow report, CancellationToken cancellationToken)
    {
        // The case's municipality now, from intake: a case that moved since the report was written is not sent to either
        // municipality; the report stays queued for the CaseMoved subscriber (ReportCaseMoved), which stops it.
        var jourCase = await cases.FindOrNullAsync(report.CaseId, cancellationToken);
        if (jourCase is null || jourCase.MunicipalityCode != report.MunicipalityCode)
        {
            logger.LogWarning("Report {Id} held back: its case is no longer in {Municipality}", report.Id, report.MunicipalityCode);
            return false;
        }

        var routing = registry.Current.Find(report.MunicipalityCode)?.Reports;
        if (routing is null)
        {
            report.LastError = $"Kommun {report.MunicipalityCode} har ingen rapportkanal längre";
            report.NextAttemptAt = time.GetUtcNow().AddMinutes(5);
            return false;
        }

        var onFallback = RetrySchedule.OnFallback(report.Attempts);
        var channel = onFallback ? routing.Fallback : routing.Primary;
        if (channel is null)
        {
            report.Status = nameof(ReportStatus.Failed);
            return false;
        }

        report.Attempts++;
        var limit = TimeoutOf(channel.Kind);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(limit);
        try
        {
            report.Receipt = channel.Kind switch
            {
                ReportChannelKind.FileDrop => await DropAsync(report, channel.Target, attempt.Token),
                ReportChannelKind.EService => await PostAsync(report, channel.Target, attempt.Token),
                _ => await MailAsync(report, channel, attempt.Token),
            };
            report.Status = nameof(ReportStatus.Delivered);
            report.DeliveredAt = time.GetUtcNow();
            report.Channel = ChannelText(channel.Kind) + (onFallback ? " (reservkanal)" : "");
            report.LastError = null;
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or OperationCanceledException or JsonException or InvalidOperationException
            or System.Net.Sockets.SocketException or System.Security.Authentication.AuthenticationException or MailKit.ProtocolException or MailKit.Net.Smtp.SmtpCommandException or MailKit.Security.SslHandshakeException)
        {
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                report.Attempts--; // the host is stopping: not an attempt that failed
                throw;
            }

            report.LastError = e is OperationCanceledException
                ? $"{channel.Kind}: inget svar inom {limit.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s"
                : $"{channel.Kind}: {e.GetType().Name}";
            // Counted from the failure, not from when the round started (RetrySchedule).
            if (RetrySchedule.NextAttemptAfterFailure(report.Attempts, routing.Fallback is not null, time.GetUtcNow()) is { } next)
            {
                report.NextAttemptAt = next;
            }
            else
            {
                report.Status = nameof(ReportStatus.Failed);
                logger.LogError("Report {Id} to {Municipality} failed on every channel", report.Id, report.MunicipalityCode);
            }

            return false;
        }
    }

    /// <summary>Writes the report to a temporary name and renames it, so the municipality never collects half a file.</summary>
    private async Task<string> DropAsync(ReportRow report, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var name = $"{IdempotencyKey(report)}.txt"; // the same name on every attempt: a second delivery rewrites the same file
        var content = Encoding.UTF8.GetBytes(Render(report));
        var temporary = Path.Combine(directory, "." + name + ".tmp");
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, Path.Combine(directory, name), overwrite: true);
        return $"FIL {name} SHA-256 {Convert.ToHexStringLower(SHA256.HashData(content))[..16]}";
    }

    /// <summary>Sends the report by e-mail; STARTTLS is required and the server's certificate is checked (pinned to the configured CA when given).</summary>
    private async Task<string> MailAsync(ReportRow report, ReportChannel channel, CancellationToken cancellationToken)
    {
        var message = new MimeKit.MimeMessage();
        message.From.Add(MimeKit.MailboxAddress.Parse(channel.From!));
        message.To.Add(MimeKit.MailboxAddress.Parse(channel.To!));
        message.Subject = $"Rapport från socialjouren, ärende {report.CaseId} ({report.MunicipalityCode})";
        message.MessageId = IdempotencyKey(report) + "@socialjour"; // the same for every attempt: the receiver can discard a second copy
        message.Body = new MimeKit.TextPart("plain") { Text = Render(report) };
        var separator = channel.Target.LastIndexOf(':');
        using var smtp = new MailKit.Net.Smtp.SmtpClient { Timeout = 15000 };
        if (channel.ServerCaPath is { } caPath)
        {
            var ca = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(caPath);
            smtp.ServerCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || errors.HasFlag(System.Net.Security.SslPolicyErrors.RemoteCertificateNameMismatch))
                {
                    return false;
                }

                using var chain = new System.Security.Cryptography.X509Certificates.X509Chain();
                chain.ChainPolicy.TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck;
                using var server = new System.Security.Cryptography.X509Certificates.X509Certificate2(certificate);
                return chain.Build(server);
            };
        }

        await smtp.ConnectAsync(channel.Target[..separator], int.Parse(channel.Target[(separator + 1)..], CultureInfo.InvariantCulture), MailKit.Security.SecureSocketOptions.StartTls, cancellationToken);
        var response = await smtp.SendAsync(message, cancellationToken);
        await smtp.DisconnectAsync(true, cancellationToken);
        return $"E-POST {message.MessageId}: {response}";
    }

    private async Task<string> PostAsync(ReportRow report, string url, CancellationToken cancellationToken)
    {
        var key = IdempotencyKey(report);
        using var request = new HttpRequestMessage(HttpMethod.Post, url);
        request.Headers.Add("Idempotency-Key", key);
        request.Content = JsonContent.Create(new
        {
            reportId = report.Id,
            idempotencyKey = key,
            caseId = report.CaseId,
            municipalityCode = report.MunicipalityCode,
            writtenAt = report.WrittenAt,
            dueAt = report.DueAt,
            text = report.Text,
            identityNumber = report.PersonId,
            name = report.PersonName,
            protectedPerson = report.ProtectedPerson,
            document = Render(report),
        });
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var duplicate = body.TryGetProperty("duplicate", out var d) && d.ValueKind == JsonValueKind.True;
        return body.TryGetProperty("receipt", out var r) && r.GetString() is { Length: > 0 } receipt
            ? duplicate ? receipt + " (redan mottagen: dubblett)" : receipt
            : throw new InvalidOperationException("e-tjänsten svarade utan kvitto");
    }

    private string Render(ReportRow r) => r.Document is { } document
        ? document + $"\r\nRapport-id: {IdempotencyKey(r)}\r\n"
        : ReportText.Render(registry.Current.Jour.Name, registry.Current.Find(r.MunicipalityCode)?.Name ?? r.MunicipalityCode, r.MunicipalityCode, r.CaseId, IdempotencyKey(r), r.WrittenAt, r.WrittenBy, r.Text);

    /// <summary>How the case page and the handover name the channel a report went through.</summary>
    internal static string ChannelText(ReportChannelKind kind) => kind switch
    {
        ReportChannelKind.EService => "e-tjänst",
        ReportChannelKind.SecureEmail => "säker e-post",
        _ => "filkatalog",
    };

    internal static ReportView ToView(ReportRow r) => new(r.Id, r.CaseId, r.MunicipalityCode, r.Text, r.WrittenBy, r.WrittenAt, r.DueAt,
        Enum.Parse<ReportStatus>(r.Status), r.Attempts, r.Channel, r.Receipt, r.DeliveredAt, r.LastError, r.Document);
}
