namespace DataCharts.Core.Connections;

/// <summary>
/// A live database named in configuration (<c>DataCharts:Connections</c>, e.g. <c>DataCharts__Connections__0__Host</c>),
/// so a deployment such as docker compose comes up with its database already connected. The keys are those of
/// <c>POST /api/connections</c>; the password stays in configuration and, once added, is kept encrypted like any other.
/// </summary>
public sealed class ConfiguredConnection
{
    /// <summary>The data source's name; the database's name when empty. A data source of this name already there is left alone.</summary>
    public string? Name { get; set; }

    /// <summary><c>postgresql</c> (the default) or <c>mysql</c>.</summary>
    public string Kind { get; set; } = "postgresql";

    public string Host { get; set; } = "";

    /// <summary>The kind's usual port (5432, 3306) when not set.</summary>
    public int? Port { get; set; }

    public string Database { get; set; } = "";

    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary><c>disable</c>, <c>prefer</c> (the default) or <c>require</c>.</summary>
    public string SslMode { get; set; } = "prefer";

    /// <summary>PostgreSQL schemas to show (public when none); each entry may also list several, comma-separated.</summary>
    public List<string> Schemas { get; set; } = [];

    /// <summary>The name the data source gets.</summary>
    public string DisplayName => string.IsNullOrWhiteSpace(Name) ? Database.Trim() : Name.Trim();

    /// <summary>
    /// The settings to connect with, checked as the API checks them (a <see cref="UserFacingException"/> naming the field).
    /// <paramref name="schemaList"/> is a comma-separated value given in place of a list (one environment variable).
    /// </summary>
    public ConnectionSettings ToSettings(string? schemaList = null)
    {
        var schemas = Schemas.Append(schemaList ?? "").SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        return ConnectionSettings.From(Kind, Host, Port, Database, Username, Password, SslMode, schemas);
    }

    /// <summary>Where it points, without the password (for logs).</summary>
    public override string ToString() => $"{DisplayName} ({Kind} {Username}@{Host}{(Port is { } p ? $":{p}" : "")}/{Database})";
}
