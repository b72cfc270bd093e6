using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SocialJour.Adapters.Contract;

namespace SocialJour.Adapters.Combine;

internal sealed class CombineAdapterFactory : IJournalAdapterFactory
{
    public string AdapterName => "Combine";

    public IReadOnlyList<SettingProblem> ValidateSettings(AdapterSettings settings, ISecretResolver secrets)
    {
        var problems = new List<SettingProblem>();
        string? File(string field, string what)
        {
            if (settings.Get(field) is not { Length: > 0 } reference)
            {
                problems.Add(new(field, $"saknas: {what} (file:sökväg)"));
                return null;
            }

            try
            {
                return secrets.ResolveFile(reference);
            }
            catch (InvalidOperationException e)
            {
                problems.Add(new(field, e.Message));
                return null;
            }
        }

        var certificate = File("ClientCertificate", "klientcertifikatet som PKCS#12-fil");
        var ca = File("ServerCa", "CA-certifikatet (PEM) som serverns certifikat ska vara utfärdat av");
        string? password = null;
        if (settings.Get("ClientCertificatePassword") is not { Length: > 0 } passwordReference)
        {
            problems.Add(new("ClientCertificatePassword", "saknas: referens till certifikatets lösenord"));
        }
        else if (secrets.Check(passwordReference) is { } message)
        {
            problems.Add(new("ClientCertificatePassword", message));
        }
        else
        {
            password = secrets.Resolve(passwordReference);
        }

        if (certificate is not null && password is not null)
        {
            try
            {
                using var loaded = X509CertificateLoader.LoadPkcs12FromFile(certificate, password);
                if (!loaded.HasPrivateKey)
                {
                    problems.Add(new("ClientCertificate", "filen saknar privat nyckel"));
                }
                else if (loaded.NotAfter < DateTime.UtcNow)
                {
                    problems.Add(new("ClientCertificate", $"certifikatet gick ut {loaded.NotAfter:yyyy-MM-dd}"));
                }
            }
            catch (CryptographicException)
            {
                problems.Add(new("ClientCertificate", "filen kan inte öppnas med det angivna lösenordet"));
            }
        }

        if (ca is not null)
        {
            try
            {
                using var _ = X509CertificateLoader.LoadCertificateFromFile(ca);
            }
            catch (CryptographicException)
            {
                problems.Add(new("ServerCa", "filen är inget certifikat"));
            }
        }

        return problems;
    }

    public IJournalAdapter Create(AdapterContext context)
    {
        var s = context.Settings;
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(
            context.Secrets.ResolveFile(s.Get("ClientCertificate")!), context.Secrets.Resolve(s.Get("ClientCertificatePassword")!));
        var ca = X509CertificateLoader.LoadCertificateFromFile(context.Secrets.ResolveFile(s.Get("ServerCa")!));
        return new CombineAdapter(s, certificate, ca, context.LoggerFactory, context.TimeProvider);
    }
}
