using System.Net;
using DataCharts.Web.Tests.Support;

namespace DataCharts.Web.Tests.Data;

/// <summary>The filter builder on the Data page: live counts per row and in total, inline errors, rows added and removed, save as a dataset.</summary>
public sealed class FilterPageTests(AppFactory app) : IClassFixture<AppFactory>
{
    private const string Sales = "id,region,amount\n1,North,10\n2,north,250\n3,South,75\n4,East,\n5,North,40\n";

    private async Task<(HttpClient Client, string Id, string Token)> OpenAsync(string file)
    {
        var client = app.CreateClient();
        var id = (await client.ImportAsync(file, Files.Utf8(Sales))).GetProperty("data_id").GetString()!;
        return (client, id, await client.TokenAsync($"/Data?id={id}"));
    }

    private static Dictionary<string, string> Form(string id, params (string Field, string Op, string Value)[] rows)
    {
        var form = new Dictionary<string, string> { ["Id"] = id, ["Combine"] = "AND" };
        for (var i = 0; i < rows.Length; i++)
        {
            form[$"Conditions[{i}].Field"] = rows[i].Field;
            form[$"Conditions[{i}].Operation"] = rows[i].Op;
            form[$"Conditions[{i}].Value"] = rows[i].Value;
        }
        return form;
    }

    [Fact]
    public async Task The_data_page_offers_a_filter_builder_over_the_tables_columns()
    {
        var (client, id, _) = await OpenAsync("fp_page.csv");
        using var _c = client;
        var html = await client.GetStringAsync($"/Data?id={id}");
        Assert.Contains("id=\"filter-form\"", html);
        Assert.Contains("<option value=\"amount\"", html);
        Assert.Contains("<option value=\"not_in_range\"", html);
        Assert.Contains("Save as new dataset", html);
    }

    [Fact]
    public async Task Changing_a_condition_returns_live_counts_for_the_filter_and_for_each_row()
    {
        var (client, id, token) = await OpenAsync("fp_live.csv");
        using var _c = client;
        var r = await client.HtmxPostAsync("/Data?handler=Filter", token, Form(id, ("region", "equals", "north"), ("amount", "greater_than", "30")));
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("2 of 5 rows match", html);
        Assert.Contains("(60% rejected)", html);
        Assert.Matches("id=\"filter-row-status-0\"[^>]*hx-swap-oob=\"true\"[^>]*>\\s*<span class=\"muted\">3 match", html);
        Assert.Matches("id=\"filter-row-status-1\"[^>]*hx-swap-oob=\"true\"[^>]*>\\s*<span class=\"muted\">3 match", html);
        Assert.Contains("<td class=\"num\">250</td>", html);
        Assert.DoesNotContain("<td class=\"num\">75</td>", html);
    }

    [Fact]
    public async Task A_wrong_value_shows_an_inline_error_beside_its_row()
    {
        var (client, id, token) = await OpenAsync("fp_error.csv");
        using var _c = client;
        var r = await client.HtmxPostAsync("/Data?handler=Filter", token, Form(id, ("region", "equals", "north"), ("amount", "greater_than", "lots")));
        var html = await r.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Matches("id=\"filter-row-status-1\"[^>]*>\\s*<span class=\"filter-error\" role=\"alert\">Row 2 \\(field &#x27;amount&#x27;\\), greater_than: &#x27;lots&#x27; is not a number", html);
        Assert.DoesNotContain("rows match", html);
    }

    [Fact]
    public async Task Rows_can_be_added_and_removed_without_losing_the_others()
    {
        var (client, id, token) = await OpenAsync("fp_rows.csv");
        using var _c = client;
        var form = Form(id, ("region", "starts_with", "s"));
        form["add"] = "1";
        var added = await (await client.HtmxPostAsync("/Data?handler=FilterBuilder", token, form)).Content.ReadAsStringAsync();
        Assert.Contains("id=\"filter-field-1\"", added);
        Assert.Contains("1 of 5 rows match", added);

        var two = Form(id, ("region", "starts_with", "s"), ("amount", "less_than", "50"));
        two["remove"] = "0";
        var removed = await (await client.HtmxPostAsync("/Data?handler=FilterBuilder", token, two)).Content.ReadAsStringAsync();
        Assert.DoesNotContain("id=\"filter-field-1\"", removed);
        Assert.Contains("<option value=\"amount\" selected=\"selected\">", removed);
        Assert.Contains("2 of 5 rows match", removed);
    }

    [Fact]
    public async Task Save_as_new_dataset_links_to_a_dataset_of_the_matching_rows()
    {
        var (client, id, token) = await OpenAsync("fp_save.csv");
        using var _c = client;
        var form = Form(id, ("amount", "in_range", "20"));
        form["Conditions[0].Value2"] = "100";
        form["SaveName"] = "Mid amounts";
        var r = await client.HtmxPostAsync("/Data?handler=FilterSave", token, form);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("datasets-changed", r.Headers.GetValues("HX-Trigger").Single());
        var link = System.Text.RegularExpressions.Regex.Match(html, "Saved 2 rows as\\s*<a href=\"/Data\\?id=(ds_[0-9a-f]+)\">Mid amounts</a>");
        Assert.True(link.Success, html);
        var saved = await (await client.GetAsync($"/api/data/{link.Groups[1].Value}")).JsonAsync();
        Assert.Equal(2, saved.GetProperty("tables")[0].GetProperty("row_count").GetInt32());
    }
}
