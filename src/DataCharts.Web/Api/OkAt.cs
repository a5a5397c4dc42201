namespace DataCharts.Web.Api;

/// <summary>
/// 200 with the made resource as the body and its address in <c>Content-Location</c>. The predecessor's paths (upload,
/// manual, process, generate, function/apply, chart/create) answer 200 for what they make, because its clients check for
/// 200 (PRODUCT.md §4); Content-Location is how a 200 to a POST says where the returned representation lives (RFC 9110 §8.7).
/// </summary>
public static class OkAt
{
    public static IResult Result<T>(string location, T value) => new Made<T>(location, value);

    private sealed class Made<T>(string location, T value) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.ContentLocation = location;
            return TypedResults.Ok(value).ExecuteAsync(http);
        }
    }
}
