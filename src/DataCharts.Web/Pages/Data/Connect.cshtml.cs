using System.Text.Json;
using DataCharts.Core;
using DataCharts.Core.Connections;
using DataCharts.Core.Datasets;
using DataCharts.Core.Jobs;
using Htmx;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataCharts.Web.Pages.Data;

/// <summary>
/// "Connect a database" on the Data page: test a PostgreSQL or MySQL/MariaDB connection, save it as a live data source,
/// read a saved source's tables again, and import a copy of one of its tables. The form sits in the Data page (Partials/_ConnectForm); this page answers its
/// fragments, and shows the form on its own for a browser without script. The password is read from the form and never
/// written back into any page.
/// </summary>
public sealed class ConnectModel(ConnectionCatalog connections, DatasetCatalog catalog, DatasetReader reader, CopyImports copies, JobRunner jobs) : PageModel
{
    /// <summary>The form as the page shows it (the whole page without htmx).</summary>
    public ConnectFormView View { get; private set; } = ConnectFormView.Empty;

    public IActionResult OnGet() => Request.IsHtmx() ? Partial("Partials/_ConnectForm", View) : Page();

    /// <summary>Fragment for #connect-result: connects and says what it found (version, warnings), or why it could not.</summary>
    public async Task<IActionResult> OnPostTestAsync(ConnectForm form, CancellationToken ct)
    {
        ConnectCheckView result;
        try
        {
            result = ConnectCheckView.From(await ConnectionProbe.TestAsync(form.ToSettings(), ct));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            result = new ConnectCheckView(false, ex.Message, null, []);
        }
        if (Request.IsHtmx()) return Partial("Partials/_ConnectCheck", result);
        View = ConnectFormView.Failed(form, null, null) with { Result = result };
        return Page();
    }

    /// <summary>
    /// Fragment for #connect-form: tests the connection, then saves it as a data source; the list is told and the new source
    /// opens. On failure the form comes back with what was typed (the password left out) and the message beside the field.
    /// </summary>
    public async Task<IActionResult> OnPostSaveAsync(ConnectForm form, CancellationToken ct)
    {
        try
        {
            var settings = form.ToSettings();
            var check = await ConnectionProbe.TestAsync(settings, ct);
            if (!check.Ok) return Failed(form, check.Message, null);
            var d = await connections.AddAsync(settings, form.Name, ct);
            if (!Request.IsHtmx()) return Redirect(Url.Page("/Data/Index", new { id = d.Id })!);
            Response.Htmx(h => h.WithTrigger("datasets-changed", timing: HtmxTriggerTiming.AfterSettle).PushUrl(Url.Page("/Data/Index", new { id = d.Id })!));
            var saved = ConnectCheckView.From(check) with { Message = $"Connected \"{d.Name}\": {Tables(d.Tables.Count)} from {d.SourceFileName}." };
            return Partial("Partials/_ConnectSaved", new ConnectSavedView(ConnectFormView.Empty with { Result = saved }, await DetailView.LoadAsync(catalog, reader, d.Id, null, ct)));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            return Failed(form, ex.Message, ConnectForm.FieldOf(ex.Field));
        }
    }

    /// <summary>Fragment for #dataset-detail: the source's tables and columns read from the server again, or why not.</summary>
    public async Task<IActionResult> OnPostRefreshAsync(string id, string? table, CancellationToken ct)
    {
        try
        {
            var d = await connections.RefreshAsync(id, ct);
            if (!Request.IsHtmx()) return Redirect(Url.Page("/Data/Index", new { id, table })!);
            Response.Htmx(h => h.WithTrigger("datasets-changed"));
            var shown = d.Tables.Any(t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase)) ? table : null;
            var detail = await DetailView.LoadAsync(catalog, reader, id, shown, ct);
            return Partial("Partials/_DatasetDetail", detail with { Notice = $"Read the tables again from the server: {Tables(d.Tables.Count)}." });
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            // The server may be down: the detail still shows what was read before (without a preview, which needs the server).
            var d = await catalog.GetAsync(id, ct);
            var t = DatasetReader.Table(d, d.Tables.Any(x => string.Equals(x.Name, table, StringComparison.OrdinalIgnoreCase)) ? table : null);
            return Partial("Partials/_DatasetDetail", new DetailView(d, t, null, $"Could not read the tables again: {ex.Message}"));
        }
    }

    /// <summary>
    /// Fragment for the table's #copy-N status: starts "Import a copy" of one table as a job and follows its progress
    /// (a plain post goes back to the source; the Jobs menu shows the job).
    /// </summary>
    public async Task<IActionResult> OnPostCopyAsync(string id, string table, int slot, CancellationToken ct)
    {
        try
        {
            var jobId = await copies.StartAsync(jobs, id, new CopyRequest(table, null, null), ct);
            if (!Request.IsHtmx()) return Redirect(Url.Page("/Data/Index", new { id, table })!);
            return Partial("Partials/_CopyProgress", new CopyProgressView(jobId, $"Copy of \"{table}\"", slot));
        }
        catch (UserFacingException ex) when (ex is not NotFoundException)
        {
            return Partial("Partials/_Alert", new AlertView(ex.Message, null, null));
        }
    }

    /// <summary>Called when the copy job ends: a link to the new dataset (and the list told), or the job's error in place.</summary>
    public async Task<IActionResult> OnGetCopyResultAsync(string jobId, int slot, CancellationToken ct)
    {
        var job = await jobs.GetAsync(jobId, ct) ?? throw new NotFoundException($"No copy job '{jobId}'.");
        if (!job.IsFinished) return Partial("Partials/_CopyProgress", new CopyProgressView(jobId, job.Title, slot));
        if (job.Status != JobStatus.Completed || job.ResultJson is null)
            return Partial("Partials/_Alert", new AlertView(job.Error ?? "The copy was cancelled; nothing was kept.", null, null));
        var result = JsonSerializer.Deserialize<JsonElement>(job.ResultJson);
        Response.Htmx(h => h.WithTrigger("datasets-changed"));
        return Partial("Partials/_CopyDone", new CopyDoneView(result.GetProperty("data_id").GetString()!, result.GetProperty("name").GetString()!,
            result.GetProperty("rows").GetInt64()));
    }

    private static string Tables(int n) => n == 1 ? "1 table" : $"{n:N0} tables";

    private IActionResult Failed(ConnectForm form, string message, string? field)
    {
        View = ConnectFormView.Failed(form, message, field);
        return Request.IsHtmx() ? Partial("Partials/_ConnectForm", View) : Page();
    }
}

/// <summary>
/// The "Connect a database" form as posted. Field names are the form's: <c>kind</c>, <c>host</c>, <c>port</c>,
/// <c>database</c>, <c>username</c>, <c>password</c>, <c>tls</c>, <c>schemas</c> (comma-separated), <c>name</c>.
/// </summary>
public sealed class ConnectForm
{
    public string? Kind { get; set; } = "postgresql";
    public string? Host { get; set; }
    /// <summary>Text, so a blank port means the kind's default and a word is a message rather than a binding error.</summary>
    public string? Port { get; set; }
    public string? Database { get; set; }
    public string? Username { get; set; }
    public string? Password { get; set; }
    public string? Tls { get; set; } = "prefer";
    public string? Schemas { get; set; }
    public string? Name { get; set; }

    public bool IsMySql => string.Equals(Kind, "mysql", StringComparison.OrdinalIgnoreCase) || string.Equals(Kind, "mariadb", StringComparison.OrdinalIgnoreCase);

    /// <summary>The settings the form describes, checked field by field (a <see cref="UserFacingException"/> naming the field).</summary>
    public ConnectionSettings ToSettings()
    {
        var kind = ConnectionSettings.ParseKind(Kind);
        int? port = null;
        if (!string.IsNullOrWhiteSpace(Port))
            port = int.TryParse(Port.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var typed) ? typed
                : throw new UserFacingException("The port must be a number between 1 and 65535 (PostgreSQL listens on 5432, MySQL and MariaDB on 3306).") { Field = "port" };
        // Schemas are PostgreSQL's; a MySQL form keeps none (the database is its schema).
        var schemas = kind == ConnectionKind.PostgreSql ? (Schemas ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
        return ConnectionSettings.From(Kind, Host, port, Database, Username, Password, Tls, schemas);
    }

    /// <summary>The form field a core message names (the API calls the TLS mode <c>ssl_mode</c>).</summary>
    public static string? FieldOf(string? field) => field switch
    {
        null => null,
        "ssl_mode" => "tls",
        _ => field,
    };

    /// <summary>A copy without the password: what a page may show again.</summary>
    public ConnectForm WithoutPassword() => new()
    {
        Kind = Kind,
        Host = Host,
        Port = Port,
        Database = Database,
        Username = Username,
        Tls = Tls,
        Schemas = Schemas,
        Name = Name,
    };
}

/// <summary>
/// The form as rendered: what was typed (never the password), the message of a failed save and the field it is about,
/// whether a password had been typed (so the field asks for it again), and a test's or a save's result.
/// </summary>
public sealed record ConnectFormView(ConnectForm Form, string? Error, string? ErrorField, bool AskPasswordAgain, ConnectCheckView? Result)
{
    public static ConnectFormView Empty => new(new ConnectForm(), null, null, false, null);

    public static ConnectFormView Failed(ConnectForm form, string? message, string? field) =>
        new(form.WithoutPassword(), message, field, !string.IsNullOrEmpty(form.Password), null);

    /// <summary>The message for <paramref name="field"/>, when the failure is about it.</summary>
    public string? ErrorFor(string field) => ErrorField == field ? Error : null;
}

/// <summary>What a connection test found, for #connect-result; a warning may carry a SQL recipe shown as code.</summary>
public sealed record ConnectCheckView(bool Ok, string Message, string? ServerVersion, IReadOnlyList<ConnectWarning> Warnings)
{
    public static ConnectCheckView From(ConnectionCheck check) => new(check.Ok, check.Message, check.ServerVersion, check.Warnings.Select(ConnectWarning.Parse).ToList());
}

/// <summary>One warning: its words, and the SQL to run (one statement a line) when it shows how to make a read-only role.</summary>
public sealed record ConnectWarning(string Text, string? Sql)
{
    /// <summary>Splits "To create a read-only role (…): CREATE …; GRANT …;" into its sentence and its statements.</summary>
    public static ConnectWarning Parse(string warning)
    {
        var at = warning.IndexOf("): CREATE ", StringComparison.Ordinal);
        if (at < 0) return new ConnectWarning(warning, null);
        var statements = warning[(at + 3)..].Split("; ", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.EndsWith(';') ? s : s + ";");
        return new ConnectWarning(warning[..(at + 2)], string.Join('\n', statements));
    }
}

/// <summary>A saved connection: the fresh form with the success message, and the new source's detail (swapped out of band).</summary>
public sealed record ConnectSavedView(ConnectFormView Form, DetailView Detail);

/// <summary>A running "Import a copy" job, shown in the status slot of its table's row (#copy-<see cref="Slot"/>).</summary>
public sealed record CopyProgressView(string JobId, string Title, int Slot);

/// <summary>A finished copy: the new dataset and how many rows it holds.</summary>
public sealed record CopyDoneView(string DataId, string Name, long Rows);
