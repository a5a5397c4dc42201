using System.Text;
using System.Text.Json;
using DataCharts.Core.Ask;
using DataCharts.Core.Datasets;
using DataCharts.Core.Processing;
using DataCharts.Core.Tests.Support;

namespace DataCharts.Core.Tests.Processing;

/// <summary>Whole-table exports for curating training data: JSON Lines with types, Alpaca and ShareGPT shapes, large tables streamed.</summary>
public sealed class DatasetExportTests(ProcessFixture f) : IClassFixture<ProcessFixture>
{
    private const string Pairs =
        "prompt,context,answer,persona,n\n" +
        "Say hi,,Hi!,You are terse.,1\n" +
        "Translate,猫,cat,,2\n" +
        "\"Quote \"\"this\"\"\",\"line one\nline two\",ok,Be kind.,\n";

    private DatasetExport Export => new(f.T.Engine, new ResultExport(f.T.Paths, f.Runner));

    private async Task<DatasetRecord> Publish(string name, string csv) =>
        await f.Catalog.PublishAsync(await f.T.ImportAsync(f.T.File(name, csv)), CancellationToken.None);

    private async Task<List<JsonElement>> Lines(DatasetExportPlan plan)
    {
        using var ms = new MemoryStream();
        await Export.WriteAsync(plan, ms, CancellationToken.None);
        var text = Encoding.UTF8.GetString(ms.ToArray());
        Assert.EndsWith("\n", text);
        return text.TrimEnd('\n').Split('\n').Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }

    [Fact]
    public async Task Jsonl_has_one_object_per_line_with_every_column_and_its_json_type()
    {
        var plan = DatasetExport.Plan(f.Orders, null, "jsonl", new());
        Assert.Equal("orders.jsonl", plan.FileName);
        Assert.Equal("application/x-ndjson", plan.ContentType);
        var lines = await Lines(plan);
        Assert.Equal(5, lines.Count);
        var first = lines[0];
        Assert.Equal(["order_id", "order_date", "region", "channel", "customer", "revenue"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Number, first.GetProperty("order_id").ValueKind);
        Assert.Equal("2024-01-15", first.GetProperty("order_date").GetString());
        Assert.Equal(100, first.GetProperty("revenue").GetDouble());
        Assert.Equal("'; DROP TABLE orders; --", lines[3].GetProperty("customer").GetString());
    }

    [Fact]
    public async Task Alpaca_lines_hold_exactly_instruction_input_and_output_from_the_picked_columns()
    {
        var d = await Publish("pairs.csv", Pairs);
        var plan = DatasetExport.Plan(d, null, "alpaca", new(Instruction: "PROMPT", Input: "context", Output: "answer"));
        Assert.Equal("pairs-alpaca.jsonl", plan.FileName);
        var lines = await Lines(plan);
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(["instruction", "input", "output"], l.EnumerateObject().Select(p => p.Name)));
        Assert.Equal(("Say hi", "", "Hi!"), (lines[0].GetProperty("instruction").GetString(), lines[0].GetProperty("input").GetString(), lines[0].GetProperty("output").GetString()));
        Assert.Equal("猫", lines[1].GetProperty("input").GetString());
        Assert.Equal("Quote \"this\"", lines[2].GetProperty("instruction").GetString());
        Assert.Equal("line one\nline two", lines[2].GetProperty("input").GetString());

        var noInput = await Lines(DatasetExport.Plan(d, null, "alpaca", new(Instruction: "prompt", Output: "n")));
        Assert.Equal("", noInput[1].GetProperty("input").GetString());
        Assert.Equal("2", noInput[1].GetProperty("output").GetString()); // numbers become text
        Assert.Equal("", noInput[2].GetProperty("output").GetString()); // null becomes empty
    }

    [Fact]
    public async Task ShareGpt_lines_are_conversations_with_a_system_turn_when_a_system_column_is_picked()
    {
        var d = await Publish("chats.csv", Pairs);
        var plan = DatasetExport.Plan(d, null, "sharegpt", new(Instruction: "prompt", Input: "context", Output: "answer", System: "persona"));
        Assert.Equal("chats-sharegpt.jsonl", plan.FileName);
        var lines = await Lines(plan);
        Assert.Equal(3, lines.Count);
        Assert.Equal("""{"conversations":[{"from":"system","value":"You are terse."},{"from":"human","value":"Say hi"},{"from":"gpt","value":"Hi!"}]}""",
            lines[0].GetRawText());
        Assert.Equal("""{"conversations":[{"from":"system","value":""},{"from":"human","value":"Translate\n\n猫"},{"from":"gpt","value":"cat"}]}""",
            JsonSerializer.Serialize(lines[1], new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var withoutSystem = await Lines(DatasetExport.Plan(d, null, "sharegpt", new(Instruction: "prompt", Output: "answer")));
        Assert.Equal(["human", "gpt"], withoutSystem[1].GetProperty("conversations").EnumerateArray().Select(t => t.GetProperty("from").GetString()));
        Assert.Equal("Translate", withoutSystem[1].GetProperty("conversations")[0].GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("alpaca", null, "answer", "instruction")]
    [InlineData("alpaca", "prompt", null, "output")]
    [InlineData("sharegpt", null, "answer", "instruction")]
    [InlineData("sharegpt", "prompt", "", "output")]
    public void A_training_format_without_its_instruction_or_output_column_is_refused_naming_it(string format, string? instruction, string? output, string missing)
    {
        var d = new DatasetRecord { Id = "ds_000000000001", Name = "x", Tables = [new() { Name = "t", Columns = [new() { Name = "prompt" }, new() { Name = "answer" }] }] };
        var ex = Assert.Throws<UserFacingException>(() => DatasetExport.Plan(d, null, format, new(Instruction: instruction, Output: output)));
        Assert.Equal(400, ex.Status);
        Assert.Equal(missing, ex.Field);
        Assert.Contains($"needs the {missing} column", ex.Message);
        Assert.Contains("prompt, answer", ex.Message);
    }

    [Fact]
    public void An_unknown_column_or_format_is_refused_naming_it()
    {
        var unknown = Assert.Throws<UserFacingException>(() => DatasetExport.Plan(f.Orders, null, "alpaca", new(Instruction: "region", Output: "nope")));
        Assert.Contains("'nope'", unknown.Message);
        Assert.Equal("output", unknown.Field);
        var format = Assert.Throws<UserFacingException>(() => DatasetExport.Plan(f.Orders, null, "yaml", new()));
        Assert.Contains("'yaml'", format.Message);
    }

    [Fact]
    public async Task A_hundred_thousand_row_table_exports_every_row()
    {
        var columns = new DerivedColumn[] { new("q", ColumnType.Text), new("a", ColumnType.Text), new("i", ColumnType.Integer) };
        var rows = Enumerable.Range(0, 100_000).Select(i => new object?[] { $"question {i}", $"answer {i}", (long)i });
        var big = await f.Derived.CreateFromRowsAsync("Big set", "rows", columns, rows);
        var plan = DatasetExport.Plan(big, null, "alpaca", new(Instruction: "q", Output: "a"));
        var counter = new CountingStream();
        await Export.WriteAsync(plan, counter, CancellationToken.None);
        Assert.Equal(100_000, counter.Lines);
        Assert.True(counter.Writes > 10, "the file went out in many small writes, not one buffer"); // streamed as rows are read
        Assert.EndsWith("{\"instruction\":\"question 99999\",\"input\":\"\",\"output\":\"answer 99999\"}\n", counter.Tail);
    }

    [Fact]
    public async Task Row_formats_export_the_whole_table_through_the_row_exporter()
    {
        var plan = DatasetExport.Plan(f.Orders, null, "csv", new());
        Assert.Equal("orders.csv", plan.FileName);
        using var ms = new MemoryStream();
        await Export.WriteAsync(plan, ms, CancellationToken.None);
        var csv = Encoding.UTF8.GetString(ms.ToArray()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, csv.Length);
        Assert.StartsWith("order_id,order_date", csv[0]);
        Assert.Contains("'; DROP TABLE orders; --", csv[4]);
    }

    /// <summary>A sink that only counts what it is given (lines, writes) and keeps the last bytes.</summary>
    private sealed class CountingStream : Stream
    {
        private readonly StringBuilder tail = new();
        public long Lines { get; private set; }
        public int Writes { get; private set; }
        public string Tail => tail.ToString();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Take(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Take(buffer.Span);
            return ValueTask.CompletedTask;
        }

        private void Take(ReadOnlySpan<byte> bytes)
        {
            Writes++;
            Lines += bytes.Count((byte)'\n');
            tail.Append(Encoding.UTF8.GetString(bytes[Math.Max(0, bytes.Length - 200)..]));
            if (tail.Length > 400) tail.Remove(0, tail.Length - 400);
        }
    }
}
