using System.Net;
using System.Text.Json;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>Cleaning a dataset into a new one and exporting a dataset for fine-tuning, through the API and the Data page.</summary>
public sealed class ProcessingApiTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Messy =
        "prompt,reply,age\n" +
        "\"  Hi \",Hello!,30\n" +
        "\"  Hi \",Hello!,30\n" +
        ",,\n" +
        "Bye,See you,abc\n";

    private async Task<string> ImportAsync(HttpClient client, string file, string csv = Messy) =>
        (await client.ImportAsync(file, Files.Utf8(csv))).GetProperty("data_id").GetString()!;

    [Fact]
    public async Task Process_answers_200_with_the_new_dataset_its_counts_columns_and_steps()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "chat.csv");
        var r = await client.PostJsonAsync("/api/data/process", new
        {
            data_id = id,
            name = "Chat clean",
            preprocess_options = new { trim_whitespace = true, drop_empty_rows = true, remove_duplicates = true, cast_types = new { age = "integer" }, fill_nulls = new { age = "zero" } },
        });
        var body = await r.JsonAsync();
        Assert.True(r.StatusCode == HttpStatusCode.OK, body.ToString());
        Assert.Equal(["result_id", "data_id", "name", "source_id", "table", "row_count", "rows_before", "rows_removed", "columns", "steps"],
            body.EnumerateObject().Select(p => p.Name));
        var newId = body.GetProperty("result_id").GetString()!;
        Assert.Equal(newId, body.GetProperty("data_id").GetString());
        Assert.Equal($"/api/data/{newId}", r.Content.Headers.ContentLocation?.OriginalString);
        Assert.Equal(id, body.GetProperty("source_id").GetString());
        Assert.Equal("Chat clean", body.GetProperty("name").GetString());
        Assert.Equal((4, 2, 2), (body.GetProperty("rows_before").GetInt32(), body.GetProperty("row_count").GetInt32(), body.GetProperty("rows_removed").GetInt32()));
        Assert.Equal("""[{"name":"prompt","type":"text"},{"name":"reply","type":"text"},{"name":"age","type":"integer"}]""", body.GetProperty("columns").GetRawText());
        var steps = body.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(["trim_whitespace", "drop_empty_rows", "cast_types", "fill_nulls", "remove_duplicates"], steps.Select(s => s.GetProperty("step").GetString()));
        Assert.All(steps, s => Assert.Equal(["step", "detail", "rows_affected"], s.EnumerateObject().Select(p => p.Name)));
        Assert.Contains("e.g. 'abc'", steps[2].GetProperty("detail").GetString());

        var rows = await (await client.GetAsync($"/api/data/{newId}/tables/chat/rows")).JsonAsync();
        Assert.Equal("""[["Hi","Hello!",30],["Bye","See you",0]]""", rows.GetProperty("rows").GetRawText());
        var source = await (await client.GetAsync($"/api/data/{id}")).JsonAsync();
        Assert.Equal(4, source.GetProperty("tables")[0].GetProperty("row_count").GetInt32());
    }

    [Theory]
    [InlineData("""{"preprocess_options": {"trim_whitespace": true}}""", "data_id")]
    [InlineData("""{"data_id": "{id}", "preprocess_options": {"trim_whitespace": true, "dedupe": true}}""", "Unknown option 'dedupe'")]
    [InlineData("""{"data_id": "{id}", "preprocess_options": {"cast_types": {"agee": "integer"}}}""", "Unknown column 'agee'", "prompt, reply, age")]
    [InlineData("""{"data_id": "{id}", "preprocess_options": {"cast_types": {"age": "money"}}}""", "Unknown type 'money'")]
    [InlineData("""{"data_id": "{id}", "options": {}}""", "Unknown field 'options'")]
    [InlineData("""{"data_id": "{id}", "table": "nope", "preprocess_options": {"trim_whitespace": true}}""", "no table 'nope'")]
    public async Task Process_refusals_are_problem_json_that_name_what_is_wrong(string json, params string[] mentions)
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "refuse.csv");
        var before = await client.DatasetCountAsync();
        var r = await client.PostAsync("/api/data/process", new StringContent(json.Replace("{id}", id), System.Text.Encoding.UTF8, "application/json"));
        var problem = await r.AssertProblemAsync(400, mentions);
        Assert.True(problem.TryGetProperty("field", out _));
        Assert.Equal(before, await client.DatasetCountAsync());
    }

    [Fact]
    public async Task Unknown_datasets_are_404_for_process_and_export()
    {
        using var client = app.CreateClient();
        await (await client.PostJsonAsync("/api/data/process", new { data_id = "ds_0123456789ab", preprocess_options = new { trim_whitespace = true } }))
            .AssertProblemAsync(404, "ds_0123456789ab");
        await (await client.GetAsync("/api/data/ds_0123456789ab/export?format=jsonl")).AssertProblemAsync(404, "ds_0123456789ab");
    }

    [Fact]
    public async Task Jsonl_export_downloads_one_typed_object_per_line_named_after_the_dataset()
    {
        using var client = app.CreateClient();
        var id = (await client.ImportAsync("x.csv", Files.Utf8("q,a,n\nHi,Hello,1\n猫,cat,2.5\n"))).GetProperty("data_id").GetString()!;
        await client.PatchAsync($"/api/data/{id}", JsonContent(new { name = "Pet Words" }));
        var r = await client.GetAsync($"/api/data/{id}/export?format=jsonl");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/x-ndjson", r.Content.Headers.ContentType?.MediaType);
        Assert.Equal("pet-words.jsonl", r.Content.Headers.ContentDisposition?.FileNameStar ?? r.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var lines = (await r.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal(["""{"q":"Hi","a":"Hello","n":1}""", """{"q":"猫","a":"cat","n":2.5}"""], lines);
    }

    [Fact]
    public async Task Alpaca_and_ShareGpt_exports_use_the_picked_columns_and_a_missing_one_is_a_400_naming_it()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "tune.csv", "sys,q,a\nBe brief.,Hi,Hello\n");
        var alpaca = await client.GetAsync($"/api/data/{id}/export?format=alpaca&instruction=q&output=a");
        Assert.Equal("tune-alpaca.jsonl", alpaca.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("""{"instruction":"Hi","input":"","output":"Hello"}""" + "\n", await alpaca.Content.ReadAsStringAsync());

        var share = await client.GetAsync($"/api/data/{id}/export?format=sharegpt&instruction=q&output=a&system=sys&input=");
        Assert.Equal("tune-sharegpt.jsonl", share.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("""{"conversations":[{"from":"system","value":"Be brief."},{"from":"human","value":"Hi"},{"from":"gpt","value":"Hello"}]}""" + "\n",
            await share.Content.ReadAsStringAsync());

        var noOutput = await (await client.GetAsync($"/api/data/{id}/export?format=alpaca&instruction=q")).AssertProblemAsync(400, "output column");
        Assert.Equal("output", noOutput.GetProperty("field").GetString());
        await (await client.GetAsync($"/api/data/{id}/export?format=sharegpt&output=a")).AssertProblemAsync(400, "instruction column");
        await (await client.GetAsync($"/api/data/{id}/export?format=alpaca&instruction=q&output=zzz")).AssertProblemAsync(400, "'zzz'");
        await (await client.GetAsync($"/api/data/{id}/export?format=yaml")).AssertProblemAsync(400, "'yaml'");
    }

    [Fact]
    public async Task Row_formats_export_the_whole_dataset()
    {
        using var client = app.CreateClient();
        var id = await ImportAsync(client, "rowfmt.csv");
        var csv = await client.GetAsync($"/api/data/{id}/export?format=csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal("rowfmt.csv", csv.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(5, (await csv.Content.ReadAsStringAsync()).Trim().Split('\n').Length);
        var parquet = await client.GetAsync($"/api/data/{id}/export?format=parquet");
        Assert.Equal("PAR1"u8.ToArray(), (await parquet.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task The_Data_page_offers_clean_up_and_fine_tuning_export_forms_for_the_dataset()
    {
        using var client = app.Browser();
        var id = await ImportAsync(client, "forms.csv");
        var html = await client.GetStringAsync($"/Data?id={id}");
        Assert.Contains("hx-post=\"/Data?handler=Process\"", html);
        Assert.Contains("name=\"cast[age]\"", html);
        Assert.Contains("name=\"fill[age]\"", html);
        Assert.Contains($"action=\"/api/data/{id}/export\"", html);
        Assert.Contains("<option value=\"sharegpt\">", html);
        Assert.Contains("name=\"instruction\"", html);
    }

    [Fact]
    public async Task The_clean_up_form_makes_a_dataset_and_shows_the_steps_inline_or_the_refusal_in_place()
    {
        using var client = app.Browser();
        var id = await ImportAsync(client, "page.csv");
        var token = await client.TokenAsync($"/Data?id={id}");
        var ok = await client.HtmxPostAsync("/Data?handler=Process", token, new Dictionary<string, string>
        {
            ["id"] = id,
            ["table"] = "page",
            ["trim"] = "true",
            ["dropEmpty"] = "true",
            ["dedupe"] = "true",
            ["cast[age]"] = "integer",
            ["fill[age]"] = "-1",
            ["fill[reply]"] = "",
            ["name"] = "Page <clean>",
        });
        var html = await ok.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("datasets-changed", ok.Headers.GetValues("HX-Trigger").Single());
        Assert.Contains("Page &lt;clean&gt;", html);
        Assert.Contains("2 of 4 rows kept (2 removed)", html);
        Assert.Contains("<code>drop_empty_rows</code>", html);
        Assert.Contains("e.g. &#x27;abc&#x27;", html);
        var made = (await (await client.GetAsync("/api/data")).JsonAsync()).EnumerateArray().Single(d => d.GetProperty("name").GetString() == "Page <clean>");
        var newId = made.GetProperty("data_id").GetString();
        Assert.Contains($"/Data?id={newId}", html);
        var rows = await (await client.GetAsync($"/api/data/{newId}/tables/page/rows")).JsonAsync();
        Assert.Equal(-1, rows.GetProperty("rows")[1][2].GetInt32());

        var bad = await client.HtmxPostAsync("/Data?handler=Process", token, new Dictionary<string, string> { ["id"] = id, ["fill[agee]"] = "1" });
        var alert = await bad.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, bad.StatusCode);
        Assert.Contains("role=\"alert\"", alert);
        Assert.True(alert.Contains("Unknown column &#x27;agee&#x27;"), alert);

        var nothing = await client.HtmxPostAsync("/Data?handler=Process", token, new Dictionary<string, string> { ["id"] = id });
        Assert.Contains("at least one step", await nothing.Content.ReadAsStringAsync());
    }

    private static StringContent JsonContent(object o) => new(JsonSerializer.Serialize(o), System.Text.Encoding.UTF8, "application/json");
}
