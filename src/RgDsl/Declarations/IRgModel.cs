namespace RgDsl;

/// <summary>
/// What every RgDsl model offers, whether generated from a declaration or built at run time
/// (<see cref="GaussianModel"/>). Runners find models through this interface.
/// </summary>
public interface IRgModel
{
    /// <summary>The model's name (the class name for generated models).</summary>
    string Name { get; }

    /// <summary>The learning curve at dataset size P.</summary>
    LearningCurvePoint Predict(double datasetSize, Approximation approximation = Approximation.Auto);

    /// <summary>Predictions at several P with local exponents.</summary>
    LearningCurve LearningCurve(params double[] datasetSizes);

    /// <summary>The Gaussian Wilsonian ridge flow at dataset size P.</summary>
    RgFlow Flow(double datasetSize, FlowOptions? options = null);

    /// <summary>Kernel ridge regression on a Gaussian design at dataset size P.</summary>
    SimulationResult Simulate(double datasetSize, SimulationOptions options);

    /// <summary>A readable description of the model.</summary>
    string Describe();
}
