namespace RgDsl.Generators.Tests;

/// <summary>Model declarations used by several tests.</summary>
internal static class ModelSources
{
    public const string FiniteWidthNet = """
        using System;
        using RgDsl;

        namespace Demo;

        [RgModel(Modes = 100_000)]
        public partial class FiniteWidthNet
        {
            [Parameter] public double Alpha { get; init; } = 1.0;
            [Parameter] public double Beta  { get; init; } = 1.0;
            [Parameter] public double Width { get; init; } = 512;

            [Spectrum]    public double Eigenvalue(long k)  => Math.Pow(k, -(1 + Alpha));
            [Target]      public double TargetPower(long k) => Math.Pow(k, -(1 + Beta));
            [Ridge]       public double Kappa => 1e-3;
            [LabelNoise]  public double Noise => 0.0;
            [Multiplicity] public long Degeneracy(long k) => 1;

            [Perturbation(Legs.PairLocal)]
            public double KernelFluctuation(long k, long q) => -1.0 / Width / (Eigenvalue(k) * Eigenvalue(q));

            [Perturbation(Legs.ModeLocal)]
            public double SelfInteraction(long k) => 1e-4;
        }
        """;

    public const string InfinitePowerLaw = """
        using System;
        using RgDsl;

        namespace Demo;

        [RgModel(Modes = RgModel.Infinite)]
        public partial class InfinitePowerLaw
        {
            [Parameter] public double Alpha { get; init; } = 1.5;
            [Parameter] public double Scale { get; init; } = 2.0;

            [Spectrum] public double Eigenvalue(long k) => Scale * Math.Pow(k, -1 - Alpha);
            [Target] public double TargetPower(long k) => Eigenvalue(k) / Scale;
            [Ridge] public double Kappa => 1e-4;
            [LabelNoise] public double Noise => 1e-3;
        }
        """;

    public const string ExponentialSpectrum = """
        using System;
        using RgDsl;

        [RgModel(Modes = 300)]
        internal partial class ExponentialSpectrum
        {
            [Parameter] public double Rate { get; set; } = 0.05;

            [Spectrum] public double Eigenvalue(long k) => Math.Exp(-Rate * k);
            [Ridge] public double Kappa() => 1e-2;
            [Multiplicity] public long Degeneracy(long k) => k <= 10 ? 2 : 1;
        }
        """;
}
