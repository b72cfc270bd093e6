using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SocialJour.Simulator;

/// <summary>A received message: envelope recipients and the raw message.</summary>
internal sealed record SmtpMessage(string From, IReadOnlyList<string> To, string Data);

/// <summary>
/// A municipality's mail server, for the "secure e-mail" report channel: a minimal SMTP receiver on loopback that
/// requires STARTTLS (the simulator's demo certificate) before it accepts a message. Received messages: GET /_sim/smtp.
/// Port from the setting SmtpPort (default 2525; 0 picks a free port, see <see cref="Port"/>).
/// </summary>
internal sealed class SmtpSink(IConfiguration configuration, ILogger<SmtpSink> logger) : BackgroundService
{
    private readonly TaskCompletionSource<int> _port = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<SmtpMessage> Received { get; } = new();

    public Task<int> Port => _port.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = new TcpListener(IPAddress.Loopback, int.Parse(configuration["SmtpPort"] ?? "2525", System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            // The journal-system simulator must not die because the mail port is taken.
            logger.LogError("SMTP sink not started: {Error}", e.SocketErrorCode);
            _port.TrySetException(e);
            return;
        }

        _port.TrySetResult(((IPEndPoint)listener.LocalEndpoint).Port);
        using var certificate = X509CertificateLoader.LoadPkcs12FromFile(Path.Combine(AppContext.BaseDirectory, "certs", "server.pfx"), "demo-simulator-server");
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(stoppingToken);
                _ = Task.Run(() => ServeAsync(client, certificate, stoppingToken), stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task ServeAsync(TcpClient client, X509Certificate2 certificate, CancellationToken ct)
    {
        using (client)
        {
            Stream stream = client.GetStream();
            var tls = false;
            var (reader, writer) = Open(stream);
            await writer.WriteLineAsync("220 smtp.simulator ESMTP");
            string from = "";
            var to = new List<string>();
            try
            {
                while (await reader.ReadLineAsync(ct) is { } line)
                {
                    var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                    switch (verb)
                    {
                        case "EHLO":
                        case "HELO":
                            await writer.WriteLineAsync(tls ? "250-smtp.simulator\r\n250 8BITMIME" : "250-smtp.simulator\r\n250 STARTTLS");
                            break;
                        case "STARTTLS":
                            await writer.WriteLineAsync("220 Ready to start TLS");
                            var ssl = new SslStream(stream);
                            await ssl.AuthenticateAsServerAsync(certificate, false, false);
                            stream = ssl;
                            (reader, writer) = Open(stream);
                            tls = true;
                            break;
                        case "MAIL" when !tls:
                        case "RCPT" when !tls:
                        case "DATA" when !tls:
                            await writer.WriteLineAsync("530 Must issue a STARTTLS command first");
                            break;
                        case "MAIL":
                            from = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(' ', '<', '>');
                            to.Clear();
                            await writer.WriteLineAsync("250 OK");
                            break;
                        case "RCPT":
                            to.Add(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(' ', '<', '>'));
                            await writer.WriteLineAsync("250 OK");
                            break;
                        case "DATA":
                            await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                            var data = new StringBuilder();
                            while (await reader.ReadLineAsync(ct) is { } d && d != ".")
                            {
                                data.Append(d.StartsWith("..", StringComparison.Ordinal) ? d[1..] : d).Append("\r\n");
                            }

                            var id = Guid.NewGuid().ToString("N");
                            Received.Enqueue(new SmtpMessage(from, [.. to], data.ToString()));
                            await writer.WriteLineAsync($"250 OK queued as {id}");
                            break;
                        case "QUIT":
                            await writer.WriteLineAsync("221 Bye");
                            return;
                        case "RSET":
                        case "NOOP":
                            await writer.WriteLineAsync("250 OK");
                            break;
                        default:
                            await writer.WriteLineAsync("502 Command not implemented");
                            break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
            {
                logger.LogDebug("SMTP session ended: {Type}", e.GetType().Name);
            }
        }
    }

    private static (StreamReader Reader, StreamWriter Writer) Open(Stream stream) =>
        (new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true), new StreamWriter(stream, new UTF8Encoding(false), 1024, leaveOpen: true) { NewLine = "\r\n", AutoFlush = true });
}
