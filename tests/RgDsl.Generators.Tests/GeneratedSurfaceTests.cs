using System.ComponentModel;
using System.Reflection;

namespace RgDsl.Generators.Tests;

/// <summary>
/// What the generated code costs and shows: no member nothing calls, no allocation on reading ParameterValues, and the
/// runtime's generator-support members hidden from IntelliSense (public, because generated code calls them).
/// </summary>
public class GeneratedSurfaceTests
{
    [Theory]
    // Closed-form power laws: the spectrum never calls the methods through the mode-function structs, so none is emitted.
    [InlineData(nameof(ModelSources.InfinitePowerLaw), ModelSources.InfinitePowerLaw, "Demo.InfinitePowerLaw.RgModel.g.cs", false)]
    [InlineData(nameof(ModelSources.FiniteWidthNet), ModelSources.FiniteWidthNet, "Demo.FiniteWidthNet.RgModel.g.cs", false)]
    // A tabulated spectrum calls them.
    [InlineData(nameof(ModelSources.ExponentialSpectrum), ModelSources.ExponentialSpectrum, "ExponentialSpectrum.RgModel.g.cs", true)]
    public void Mode_function_structs_are_emitted_only_when_the_spectrum_calls_them(string name, string source, string file, bool tabulated)
    {
        var generated = GeneratorHarness.Run(source).Sources[file];
        foreach (var @struct in new[] { "__RgEigenvalue", "__RgTarget", "__RgMultiplicity" })
        {
            var declared = generated.Contains("struct " + @struct + " ");
            Assert.True(declared == generated.Contains("new " + @struct + "(this)"), $"{name}: {@struct} declared {declared} but used {!declared}");
        }
        Assert.Equal(tabulated, generated.Contains("struct __RgEigenvalue "));
    }

    [Fact]
    public void ParameterValues_is_a_snapshot_that_a_read_does_not_allocate()
    {
        var model = Activator.CreateInstance(GeneratorHarness.Load(ModelSources.ExponentialSpectrum).GetType("ExponentialSpectrum")!)!;
        var property = model.GetType().GetProperty("ParameterValues")!;
        var rate = model.GetType().GetProperty("Rate")!;
        IReadOnlyDictionary<string, double> Read() => (IReadOnlyDictionary<string, double>)property.GetValue(model)!;

        var first = Read();
        Assert.Equal(0.05, first["Rate"]);
        var getter = property.GetGetMethod()!.CreateDelegate<Func<IReadOnlyDictionary<string, double>>>(model);
        getter();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) getter();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Same(first, Read());

        rate.SetValue(model, 0.2);
        var second = Read();
        Assert.Equal(0.2, second["Rate"]);
        Assert.Equal(0.05, first["Rate"]); // the earlier snapshot keeps its values
        Assert.False(first is IDictionary<string, double> { IsReadOnly: false }, "a snapshot the caller could change");
    }

    [Fact]
    public void Generator_support_members_are_hidden_from_IntelliSense()
    {
        static bool Hidden(MemberInfo member) => member.GetCustomAttribute<EditorBrowsableAttribute>()?.State == EditorBrowsableState.Never;
        Assert.True(Hidden(typeof(ClosedFormGuard)));
        Assert.True(Hidden(typeof(DiagramClassScaling).GetMethod(nameof(DiagramClassScaling.SecondOrderClasses), [typeof(string)])!));
        Assert.True(Hidden(typeof(DiagramClassScaling).GetMethod(nameof(DiagramClassScaling.SecondOrderClass))!));
        // What users call stays visible.
        Assert.False(Hidden(typeof(DiagramClassScaling)));
        Assert.False(Hidden(typeof(GaussianModel)));
    }
}
