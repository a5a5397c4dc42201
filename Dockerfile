# syntax=docker/dockerfile:1
# Build: the SDK image restores and publishes; the runtime image holds only the app, fonts for CJK chart labels and curl for the health check.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props DataCharts.Web.sln ./
COPY src/DataCharts.Core/DataCharts.Core.csproj src/DataCharts.Core/
COPY src/DataCharts.Web/DataCharts.Web.csproj src/DataCharts.Web/
RUN dotnet restore src/DataCharts.Web/DataCharts.Web.csproj
COPY src/ src/
COPY wwwroot/ wwwroot/
COPY pages/ pages/
RUN dotnet publish src/DataCharts.Web/DataCharts.Web.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends fonts-noto-cjk curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
RUN mkdir -p /data && chown "$APP_UID" /data
ENV ASPNETCORE_URLS=http://+:8080 \
    DataCharts__DataDir=/data \
    DataCharts__PagesDir=/app/pages
VOLUME ["/data"]
EXPOSE 8080
USER $APP_UID
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD curl -fsS http://localhost:8080/health || exit 1
ENTRYPOINT ["dotnet", "DataCharts.Web.dll"]
