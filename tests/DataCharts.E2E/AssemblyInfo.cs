using DataCharts.E2E.Infrastructure;

// One app and one browser for the whole run; tests share the app's dataset list, so they run one at a time.
[assembly: AssemblyFixture(typeof(E2EFixture))]
[assembly: CollectionBehavior(DisableTestParallelization = true)]
