using Xunit;

namespace RgDsl.Packaging.Tests;

/// <summary>
/// RgDsl, RgDsl.Reporting and the template package, packed once per test run into a temporary feed under one version
/// (<see cref="Version"/>), with a private packages folder that consumers restore into: the built packages never reach
/// the user's global folder, and no older build of the same version can be served from it. The user's global folder
/// serves only as a read-only fallback for the third-party packages. Shared by the tests of
/// <see cref="Collection"/>, which therefore run one after the other.
/// </summary>
public sealed class PackedFeed : IDisposable
{
    /// <summary>The collection whose tests share one packed feed.</summary>
    public const string Collection = "packed feed";

    /// <summary>The version every package is packed with (not the repository's, so nothing collides with a real build).</summary>
    public const string Version = "0.1.0-packagetest";

    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("rgdsl-pack-");

    public PackedFeed()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Root = FindRoot();
        GlobalPackages = GlobalPackagesFolder(Root);
        Feed = Directory.CreateDirectory(Path.Combine(_work.FullName, "feed")).FullName;
        Packages = Directory.CreateDirectory(Path.Combine(_work.FullName, "packages")).FullName;
        // Packing RgDsl.Reporting builds RgDsl (and the generator) with the same version; RgDsl is then packed as
        // built. The template package shares no project with them, so it packs alongside.
        var template = Task.Run(() => Dotnet.Run(Root, $"pack templates/RgDsl.Templates/RgDsl.Templates.csproj -c Release -o \"{Feed}\" -p:Version={Version}"));
        Dotnet.Run(Root, $"pack src/RgDsl.Reporting/RgDsl.Reporting.csproj -c Release -o \"{Feed}\" -p:Version={Version}");
        Dotnet.Run(Root, $"pack src/RgDsl/RgDsl.csproj --no-build -c Release -o \"{Feed}\" -p:Version={Version}");
        template.GetAwaiter().GetResult();
        PackTime = clock.Elapsed;
    }

    /// <summary>How long packing took (logged by the tests, which share it).</summary>
    public TimeSpan PackTime { get; }

    /// <summary>The repository root (where RgDsl.sln is).</summary>
    public string Root { get; }

    /// <summary>The folder of the packed .nupkg files.</summary>
    public string Feed { get; }

    /// <summary>The private packages folder consumers restore into.</summary>
    public string Packages { get; }

    /// <summary>The user's global packages folder, as NuGet resolves it: a read-only fallback that must not change.</summary>
    public string GlobalPackages { get; }

    /// <summary>The packed template package.</summary>
    public string TemplatePackage => Path.Combine(Feed, $"RgDsl.Templates.{Version}.nupkg");

    /// <summary>A new directory for one test's projects, deleted with the feed.</summary>
    public string CreateDirectory(string name) => Directory.CreateDirectory(Path.Combine(_work.FullName, name)).FullName;

    /// <summary>
    /// A NuGet.config that restores into <see cref="Packages"/> with the user's global folder as fallback; with
    /// <paramref name="sources"/>, also the package sources (this feed and nuget.org). Without them it can sit in a
    /// parent directory of a project whose own nuget.config names the sources (NuGet merges the two).
    /// </summary>
    public string NuGetConfig(bool sources)
    {
        var packageSources = sources ? $"""
              <packageSources>
                <add key="local" value="{Feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            """ : "";
        return $"""
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{Packages}" />
              </config>
              <fallbackPackageFolders>
                <clear />
                <add key="user" value="{GlobalPackages}" />
              </fallbackPackageFolders>
            {packageSources}
            </configuration>
            """;
    }

    /// <summary>Whether the user's global packages folder received <paramref name="package"/> at <see cref="Version"/> (it must not).</summary>
    public bool GlobalFolderHas(string package) => Directory.Exists(Path.Combine(GlobalPackages, package.ToLowerInvariant(), Version));

    public void Dispose()
    {
        try { _work.Delete(recursive: true); } catch (IOException) { }
    }

    /// <summary>The user's global packages folder, as NuGet resolves it (NUGET_PACKAGES, NuGet.config, or ~/.nuget/packages).</summary>
    private static string GlobalPackagesFolder(string root)
    {
        var line = Dotnet.Run(root, "nuget locals global-packages --list").Split('\n').First(l => l.Contains("global-packages:", StringComparison.Ordinal));
        return line[(line.IndexOf(':') + 1)..].Trim().TrimEnd('/', '\\');
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "RgDsl.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("RgDsl.sln not found above " + AppContext.BaseDirectory);
    }
}

[CollectionDefinition(PackedFeed.Collection)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>;
