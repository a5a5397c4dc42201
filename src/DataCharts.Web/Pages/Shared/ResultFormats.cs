using DataCharts.Core.Agent;
using DataCharts.Core.Datasets;
using DataCharts.Core.Presentation;
using DataCharts.Core.Query;
using DataCharts.Web.Infrastructure;

namespace DataCharts.Web.Pages.Shared;

/// <summary>The format of a result as this reader sees it: the dataset's semantic model for units and labels, the browser's culture (Chinese for a Chinese question).</summary>
public sealed class ResultFormats(SchemaLoader schemas)
{
    public ResultFormat For(HttpContext http, DatasetRecord? dataset, QueryResult result, string? question = null) =>
        ResultFormat.For(result, dataset is null ? null : schemas.Load(dataset).Model, Cultures.ForAnswer(question, ReaderCulture.Of(http)));
}
