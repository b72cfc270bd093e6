using System.Text.Json;

namespace SocialJour.Core.Configuration;

/// <summary>
/// What a configuration edit changes compared with the configuration in force: per municipality (by code) the fields,
/// and the other sections by name. Used to say exactly which changes a rejected edit did not apply.
/// </summary>
internal static class ConfigurationDiff
{
    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static IReadOnlyList<PendingChange> Changes(string? inForce, string? edited)
    {
        if (inForce is null || edited is null)
        {
            return [];
        }

        JsonDocument before, after;
        try
        {
            before = JsonDocument.Parse(inForce, Options);
        }
        catch (JsonException)
        {
            return [];
        }

        try
        {
            after = JsonDocument.Parse(edited, Options);
        }
        catch (JsonException)
        {
            before.Dispose();
            return []; // unreadable JSON: the problem itself says where
        }

        using (before)
        using (after)
        {
            if (before.RootElement.ValueKind != JsonValueKind.Object || after.RootElement.ValueKind != JsonValueKind.Object)
            {
                return [];
            }

            var changes = new List<PendingChange>();
            var oldMunicipalities = ByCode(before.RootElement);
            var newMunicipalities = ByCode(after.RootElement);
            foreach (var (code, element) in newMunicipalities)
            {
                var name = element.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                if (!oldMunicipalities.TryGetValue(code, out var old))
                {
                    changes.Add(new PendingChange(code, name, ["ny kommun"]));
                    continue;
                }

                var fields = Fields(old, element, "");
                if (fields.Count > 0)
                {
                    changes.Add(new PendingChange(code, name, fields));
                }
            }

            foreach (var (code, old) in oldMunicipalities.Where(o => !newMunicipalities.ContainsKey(o.Key)))
            {
                changes.Add(new PendingChange(code, old.TryGetProperty("Name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null, ["borttagen"]));
            }

            var sections = Fields(before.RootElement, after.RootElement, "", skip: "Municipalities");
            if (sections.Count > 0)
            {
                changes.Add(new PendingChange(null, null, sections));
            }

            return changes;
        }
    }

    private static Dictionary<string, JsonElement> ByCode(JsonElement root)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.TryGetProperty("Municipalities", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var m in list.EnumerateArray())
            {
                if (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("Code", out var c) && c.ValueKind == JsonValueKind.String)
                {
                    result.TryAdd(c.GetString()!, m);
                }
            }
        }

        return result;
    }

    /// <summary>The changed fields, as paths ("JournalSystem.BaseUrl"): objects are compared property by property, anything else whole.</summary>
    private static List<string> Fields(JsonElement old, JsonElement now, string prefix, string? skip = null)
    {
        var fields = new List<string>();
        var names = old.EnumerateObject().Select(p => p.Name).Concat(now.EnumerateObject().Select(p => p.Name)).Distinct(StringComparer.Ordinal)
            .Where(name => name != skip);
        foreach (var name in names)
        {
            var inOld = old.TryGetProperty(name, out var a);
            var inNew = now.TryGetProperty(name, out var b);
            if (inOld && inNew && a.ValueKind == JsonValueKind.Object && b.ValueKind == JsonValueKind.Object)
            {
                fields.AddRange(Fields(a, b, prefix + name + "."));
            }
            else if (inOld != inNew || !JsonElement.DeepEquals(a, b))
            {
                fields.Add(prefix + name);
            }
        }

        return fields;
    }
}
