using System.Text;
using DataCharts.Core;
using DataCharts.Core.Datasets;
using DataCharts.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace DataCharts.Web.Infrastructure;

/// <summary>
/// An upload's multipart body read without the framework's form reader, which gives a text field the same limit as a file
/// part (it buffers both up to <see cref="FormOptions.MultipartBodyLengthLimit"/>): here the file part streams to the
/// staging area under <c>DataCharts:MaxUploadBytes</c>, while text fields are held to <see cref="FormOptions.ValueLengthLimit"/>
/// and their number to <see cref="FormOptions.ValueCountLimit"/>. A body that breaks off is a 400 naming the problem.
/// </summary>
public sealed class UploadForm
{
    public const string FileField = "file";

    /// <summary>The only text fields kept (others are read within the limits and dropped, so memory stays bounded).</summary>
    private static readonly string[] KeptFields = ["name", "delimiter", "header", "__RequestVerificationToken"];

    private UploadForm(StagedUpload? file, Dictionary<string, string> fields)
    {
        File = file;
        Fields = fields;
    }

    /// <summary>The file part, staged; null when the form had none.</summary>
    public StagedUpload? File { get; }

    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>Reads the body to its closing boundary. On any failure, a file already staged is deleted.</summary>
    public static async Task<UploadForm> ReadAsync(HttpRequest request, DatasetImports imports, FormOptions limits, CancellationToken ct)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            throw new UserFacingException($"Send the file as multipart/form-data in a field named '{FileField}'.", 415, "Unsupported media type");
        var boundary = HeaderUtilities.RemoveQuotes(media.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) throw new UserFacingException("The multipart body has no boundary.");
        if (boundary.Length > limits.MultipartBoundaryLengthLimit)
            throw new UserFacingException($"The multipart boundary is longer than {limits.MultipartBoundaryLengthLimit} characters.");
        var reader = new MultipartReader(boundary, request.Body)
        {
            HeadersCountLimit = limits.MultipartHeadersCountLimit,
            HeadersLengthLimit = limits.MultipartHeadersLengthLimit,
        };
        StagedUpload? staged = null;
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var parts = 0;
        try
        {
            while (await reader.ReadNextSectionAsync(ct) is { } section)
            {
                if (++parts > limits.ValueCountLimit)
                    throw new UserFacingException($"The form has more than {limits.ValueCountLimit} parts; an upload is the file and a few fields.", 400, "Too many form fields");
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var cd) || !cd.IsFormDisposition() && !cd.IsFileDisposition())
                    throw new UserFacingException($"Part {parts} of the form has no valid Content-Disposition header.");
                var name = HeaderUtilities.RemoveQuotes(cd.Name).Value ?? "";
                if (name.Length > limits.KeyLengthLimit)
                    throw new UserFacingException($"The name of form part {parts} is longer than {limits.KeyLengthLimit} characters.", 400, "Form field name too long");
                if (cd.IsFileDisposition())
                {
                    if (staged is not null || !name.Equals(FileField, StringComparison.OrdinalIgnoreCase)) continue; // the reader skips what is not read
                    var fileName = HeaderUtilities.RemoveQuotes(cd.FileNameStar.HasValue ? cd.FileNameStar : cd.FileName).Value;
                    staged = await imports.StageAsync(section.Body, fileName, ct);
                }
                else
                {
                    var keep = KeptFields.Contains(name, StringComparer.OrdinalIgnoreCase) && !fields.ContainsKey(name);
                    var value = await ReadFieldAsync(section.Body, name, limits.ValueLengthLimit, keep, ct);
                    if (keep) fields[name] = value!;
                }
            }
            return new UploadForm(staged, fields);
        }
        catch (Exception ex)
        {
            if (staged is not null && System.IO.File.Exists(staged.Path)) System.IO.File.Delete(staged.Path);
            if (request.HttpContext.RequestAborted.IsCancellationRequested) throw;
            throw ex switch
            {
                // MultipartReader's words for a body that ends before its closing boundary (and Kestrel's, for one shorter than its Content-Length).
                IOException or BadHttpRequestException { StatusCode: 400 } =>
                    new UserFacingException("The upload ended before its closing boundary; the body was cut off.", 400, "Upload cut off"),
                InvalidDataException => new UserFacingException($"The multipart body could not be read: {ex.Message}", 400, "Malformed upload"),
                _ => ex,
            };
        }
    }

    /// <summary>A text part as UTF-8, refused past <paramref name="limit"/> bytes; null (drained) when not kept.</summary>
    private static async Task<string?> ReadFieldAsync(Stream body, string name, int limit, bool keep, CancellationToken ct)
    {
        using var kept = keep ? new MemoryStream() : null;
        var buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > limit)
                throw new UserFacingException($"The form field '{name}' is longer than {DatasetImports.Format(limit)} ({limit:N0} bytes).", 413, "Form field too large") { Field = name };
            kept?.Write(buffer, 0, n);
        }
        return kept is null ? null : Encoding.UTF8.GetString(kept.GetBuffer(), 0, (int)kept.Length);
    }

    /// <summary>Form limits for every form from the DataCharts options (the framework's reader and <see cref="UploadForm"/>).</summary>
    public static void Configure(FormOptions f, DataChartsOptions o)
    {
        f.ValueLengthLimit = o.MaxFormValueBytes;
        f.ValueCountLimit = o.MaxFormFields;
        f.KeyLengthLimit = 1024;
        // Files never pass through the framework's reader (uploads use UploadForm), so a multipart part is a text field.
        f.MultipartBodyLengthLimit = o.MaxFormValueBytes;
        f.MultipartHeadersLengthLimit = 16 * 1024;
        f.MultipartHeadersCountLimit = 16;
        f.MultipartBoundaryLengthLimit = 128;
    }
}

/// <summary>
/// Marks a Razor page whose <see cref="Handler"/> takes an upload: <see cref="UploadFormMiddleware"/> reads the body with
/// <see cref="UploadForm"/> before the page's antiforgery check and model binding, which then see its text fields.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class StreamedUploadAttribute(string handler) : Attribute
{
    public string Handler { get; } = handler;
}

/// <summary>
/// The upload a <see cref="UploadFormMiddleware"/> staged (deleted after the response unless a handler took it), or why the
/// body could not be used, for the page to show in place.
/// </summary>
public sealed class StagedUploadFeature(StagedUpload? upload, UserFacingException? error)
{
    public StagedUpload? Upload { get; } = upload;

    public UserFacingException? Error { get; } = error;

    /// <summary>Set once an import job owns the staged file.</summary>
    public bool Taken { get; set; }
}

/// <summary>Reads the multipart body of a <see cref="StreamedUploadAttribute"/> page's upload handler (after authorization).</summary>
public sealed class UploadFormMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context, DatasetImports imports, IOptions<FormOptions> limits)
    {
        var r = context.Request;
        if (HttpMethods.IsPost(r.Method) && r.HasFormContentType && context.GetEndpoint()?.Metadata.GetMetadata<StreamedUploadAttribute>() is { } upload &&
            string.Equals(r.Query["handler"], upload.Handler, StringComparison.OrdinalIgnoreCase))
        {
            StagedUploadFeature staged;
            IReadOnlyDictionary<string, string> fields;
            try
            {
                var form = await UploadForm.ReadAsync(r, imports, limits.Value, context.RequestAborted);
                (staged, fields) = (new StagedUploadFeature(form.File, null), form.Fields);
            }
            catch (UserFacingException ex)
            {
                (staged, fields) = (new StagedUploadFeature(null, ex), new Dictionary<string, string>());
            }
            context.Features.Set(staged);
            // The body is spent: the page's antiforgery check and model binding read these fields instead.
            context.Features.Set<IFormFeature>(new FormFeature(new FormCollection(fields.ToDictionary(kv => kv.Key, kv => new StringValues(kv.Value)))));
            try
            {
                await next(context);
            }
            finally
            {
                // Before the response ends, so whoever reads it finds no leftover (a refused token, an error in the handler).
                if (!staged.Taken && staged.Upload is { } u && System.IO.File.Exists(u.Path)) System.IO.File.Delete(u.Path);
            }
            return;
        }
        await next(context);
    }
}

/// <summary>
/// A page form the framework's reader refused (a field past <see cref="FormOptions.ValueLengthLimit"/>, too many fields)
/// binds nothing and would run its handler with empty values ("The content is empty."); it is answered as what it is.
/// </summary>
public sealed class FormLimitsPageFilter : Microsoft.AspNetCore.Mvc.Filters.IPageFilter
{
    public void OnPageHandlerExecuting(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context)
    {
        // MVC keeps the reader's refusal as a model error on the empty key, as its message ("Failed to read the request form. …").
        if (!context.ModelState.TryGetValue("", out var entry)) return;
        var reason = entry.Errors.Select(e => e.Exception?.Message ?? e.ErrorMessage).FirstOrDefault(m => m.Contains("request form", StringComparison.OrdinalIgnoreCase));
        if (reason is null) return;
        var limits = context.HttpContext.RequestServices.GetRequiredService<IOptions<FormOptions>>().Value;
        var ex = reason.Contains("length limit", StringComparison.OrdinalIgnoreCase) && reason.Contains("value", StringComparison.OrdinalIgnoreCase)
            ? new UserFacingException($"A field of the form is longer than {DatasetImports.Format(limits.ValueLengthLimit)} ({limits.ValueLengthLimit:N0} bytes); " +
                                      "for more data, upload it as a file.", 413, "Form field too large")
            : reason.Contains("count limit", StringComparison.OrdinalIgnoreCase)
                ? new UserFacingException($"The form has more than {limits.ValueCountLimit} fields.", 400, "Too many form fields")
                : new UserFacingException($"The form could not be read: {reason}", 400, "Malformed form");
        context.Result = new Microsoft.AspNetCore.Mvc.ObjectResult(ErrorResponses.Problem(ex, context.HttpContext))
        {
            StatusCode = ex.Status,
            ContentTypes = { "application/problem+json" },
        };
    }

    public void OnPageHandlerExecuted(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutedContext context) { }

    public void OnPageHandlerSelected(Microsoft.AspNetCore.Mvc.Filters.PageHandlerSelectedContext context) { }
}

/// <summary>Registration of the form limits: options for every form, and the page filter that answers a refused form.</summary>
public static class FormLimitsExtensions
{
    public static IServiceCollection AddFormLimits(this IServiceCollection services)
    {
        services.AddOptions<FormOptions>().Configure<IOptions<DataChartsOptions>>((f, o) => UploadForm.Configure(f, o.Value));
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o => o.Filters.Add(new FormLimitsPageFilter()));
        return services;
    }
}
