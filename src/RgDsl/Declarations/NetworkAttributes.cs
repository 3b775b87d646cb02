namespace RgDsl;

/// <summary>
/// Marks a <c>partial class</c> as a finite-width network (THEORY §6): <see cref="Depth"/> hidden layers of width
/// given by the member marked <see cref="WidthAttribute"/>, the activation, the parameterisation and the prior
/// variances. The data are declared with <see cref="GaussianInputsAttribute"/> and a teacher
/// (<see cref="LinearTeacherAttribute"/> or a <see cref="TeacherAttribute"/> method), or with an
/// <see cref="InputsAttribute"/> member; the ridge κ (the likelihood variance) with <see cref="RidgeAttribute"/>.
/// The generator checks the declaration and emits the theory (<c>Predict</c>), the network itself (<c>Sample</c>,
/// <c>Train</c>) and the rest of <see cref="IRgModel"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class RgNetworkAttribute : Attribute
{
    /// <summary>The number of hidden layers L, 1 to 4.</summary>
    public int Depth { get; set; } = 1;
    /// <summary>The activation φ of every hidden layer.</summary>
    public Activation Activation { get; set; } = Activation.Relu;
    /// <summary>Standard (lazy) or mean-field (feature-learning) scaling.</summary>
    public Parameterisation Parameterisation { get; set; } = Parameterisation.Standard;
    /// <summary>σ_w², the prior variance of every hidden weight.</summary>
    public double WeightVariance { get; set; } = 1;
    /// <summary>σ_a², the prior variance of every readout weight.</summary>
    public double ReadoutVariance { get; set; } = 1;
}

/// <summary>The width N of every hidden layer: an <c>int</c> property; its initializer is the declared default.</summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class WidthAttribute : Attribute { }

/// <summary>
/// Gaussian inputs x ~ N(0, Σ) with Σ diagonal, Σ_jj ∝ j^−(1+a) and tr Σ = d (THEORY §6.4). Needs a teacher:
/// <see cref="LinearTeacherAttribute"/> or a <see cref="TeacherAttribute"/> method.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class GaussianInputsAttribute : Attribute
{
    /// <summary>d, the input dimension (≥ 1).</summary>
    public int Dimension { get; set; } = 16;
    /// <summary>a, the exponent of the input covariance spectrum (&gt; −1).</summary>
    public double Exponent { get; set; } = 0.5;
}

/// <summary>A linear teacher y = Σ_j c_j x_j/√Σ_jj with power c_j² ∝ j^−(1+b) in input direction j, of total power <see cref="Power"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class LinearTeacherAttribute : Attribute
{
    /// <summary>b, the exponent of the teacher's power per input direction.</summary>
    public double Exponent { get; set; } = 0.5;
    /// <summary>The total power Σ_j c_j² (&gt; 0).</summary>
    public double Power { get; set; } = 1;
}

/// <summary>The target function for <see cref="GaussianInputsAttribute"/> inputs: a method <c>double Name(double[] x)</c>.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TeacherAttribute : Attribute { }

/// <summary>
/// The data of a network as a <c>RgDsl.Networks.Data.NetworkData</c> (a dataset such as MNIST with its targets, or any
/// distribution): a parameterless method or a property returning it. It replaces <see cref="GaussianInputsAttribute"/>
/// and a teacher.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
public sealed class InputsAttribute : Attribute { }

/// <summary>
/// Declares the activation φ of every hidden layer as a method <c>double Name(double z)</c>, in place of a built-in
/// <c>[RgNetwork(Activation = ...)]</c> (naming both is an error). The method may be an instance method, which can read
/// the network's [Parameter]s (e.g. <c>[Activation] double Phi(double z) => z + Epsilon * z * z * z;</c>), or static (it
/// then cannot read them: C# refuses instance members in a static method, CS0120). φ should depend on its argument and
/// the [Parameter]s only: the theory is cached per parameter values.
/// <para>
/// A polynomial in z whose coefficients are constants and [Parameter]s is read exactly by the generator: its NNGP
/// kernel is then a finite Hermite series at every depth, in closed form. The reading is checked against the method at
/// probe points when the model is built; where they differ, and for any other φ, the method is evaluated numerically
/// (Gauss–Hermite quadrature and Mehler's series, as for tanh). φ must be finite, not constant, and grow slower than
/// e^(z²/4q) at pre-activation variance q, so that the kernel's Gaussian integrals exist.
/// </para>
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class ActivationAttribute : Attribute { }
