using MathNet.Numerics.Integration;

namespace RgDsl.Spectra;

/// <summary>
/// Closed-form sums over a power-law tail (THEORY.md §2.4). For λ(x) = c·x^(−s) and u = λ(x)/t, it sums
/// f(k) = x^(−m)·u^p·(1+u)^(−q) over integer k in [a, b] (b may be infinite) by the Euler–Maclaurin formula with
/// derivative corrections up to f⁽⁵⁾. The integral is done in the variable u: by binomial series where u ≤ 1/4 or
/// u ≥ 4 (exact power integrals, ratio ≤ 1/4 per term) and by 16-point Gauss–Legendre on ln u in between, where
/// the integrand is analytic in a strip of half-width π. Every exponentiation is done in log space so that
/// t down to 1e-300 and ranks up to 1e18 neither overflow nor underflow.
/// </summary>
internal sealed class PowerLawTail
{
    private const double SeriesBoundary = 1.3862943611198906; // ln 4
    private const int MaxSeriesTerms = 80;

    private readonly double _lnC;
    private readonly double _s;
    private readonly double _m;
    private readonly int _p;
    private readonly int _q;
    private readonly Term[][] _derivatives; // φ_n with f⁽ⁿ⁾(x) = x^(−m−n) φ_n(u), for n = 1, 3, 5

    /// <param name="coefficient">c in λ = c·x^(−s).</param>
    /// <param name="exponent">s.</param>
    /// <param name="m">The extra power x^(−m) (0, or the target exponent, or s).</param>
    /// <param name="p">Power of u.</param>
    /// <param name="q">Power of 1/(1+u): 0, 1 or 2.</param>
    public PowerLawTail(double coefficient, double exponent, double m, int p, int q)
    {
        _lnC = Math.Log(coefficient);
        _s = exponent; _m = m; _p = p; _q = q;
        var phi = new[] { new Term(1, p, q) };
        var derivatives = new Term[6][];
        for (var n = 0; n < 5; n++)
        {
            phi = NextDerivative(phi, m + n, exponent);
            derivatives[n + 1] = phi;
        }
        _derivatives = derivatives;
    }

    /// <summary>A term coef·u^P·(1+u)^(−Q).</summary>
    private readonly record struct Term(double Coefficient, int P, int Q);

    // If f⁽ⁿ⁾ = x^(−μ) φ(u) with x du/dx = −s u, then f⁽ⁿ⁺¹⁾ = x^(−μ−1) [−μ φ − s u φ'(u)], and
    // u d/du [u^P (1+u)^(−Q)] = P u^P (1+u)^(−Q) − Q u^(P+1) (1+u)^(−Q−1).
    private static Term[] NextDerivative(Term[] phi, double mu, double s)
    {
        var result = new List<Term>();
        foreach (var term in phi)
        {
            Add(result, new Term(-(mu + s * term.P) * term.Coefficient, term.P, term.Q));
            if (term.Q != 0) Add(result, new Term(s * term.Q * term.Coefficient, term.P + 1, term.Q + 1));
        }
        return result.ToArray();

        static void Add(List<Term> terms, Term term)
        {
            for (var i = 0; i < terms.Count; i++)
                if (terms[i].P == term.P && terms[i].Q == term.Q)
                {
                    terms[i] = terms[i] with { Coefficient = terms[i].Coefficient + term.Coefficient };
                    return;
                }
            terms.Add(term);
        }
    }

    /// <summary>Σ_{k=a}^{b} k^(−m) u_k^p (1+u_k)^(−q) with u_k = c k^(−s)/t; b = <see cref="RgModel.Infinite"/> for ∞.</summary>
    public double Sum(double t, long a, long b)
    {
        if (b < a) return 0;
        var lnT = Math.Log(t);
        var infinite = b == RgModel.Infinite;
        double xa = a, xb = b;
        var sum = Integral(lnT, xa, infinite ? double.PositiveInfinity : xb);
        // Euler–Maclaurin: (f(a)+f(b))/2 + Σ_j B_2j/(2j)! (f^(2j−1)(b) − f^(2j−1)(a)).
        sum += 0.5 * Value(lnT, xa) - (Derivative(lnT, xa, 1) / 12 - Derivative(lnT, xa, 3) / 720 + Derivative(lnT, xa, 5) / 30240);
        if (!infinite)
            sum += 0.5 * Value(lnT, xb) + (Derivative(lnT, xb, 1) / 12 - Derivative(lnT, xb, 3) / 720 + Derivative(lnT, xb, 5) / 30240);
        return sum;
    }

    private double LnU(double lnT, double x) => _lnC - lnT - _s * Math.Log(x);

    private double Value(double lnT, double x)
    {
        var lnU = LnU(lnT, x);
        return Math.Exp(-_m * Math.Log(x) + _p * lnU - _q * Log1PExp(lnU));
    }

    private double Derivative(double lnT, double x, int order)
    {
        var lnX = Math.Log(x);
        var lnU = LnU(lnT, x);
        var lnScale = -(_m + order) * lnX;
        var terms = _derivatives[order];
        double value = 0;
        if (Math.Abs(lnU) < 30)
        {
            // Moderate u: integer powers by multiplication (P ≤ 8, so u^P stays far from overflow).
            var u = Math.Exp(lnU);
            var w = 1 / (1 + u);
            foreach (var term in terms)
                value += term.Coefficient * IntPow(u, term.P) * IntPow(w, term.Q);
            return value * Math.Exp(lnScale);
        }
        var log1pU = Log1PExp(lnU);
        foreach (var term in terms)
            value += term.Coefficient * Math.Exp(lnScale + term.P * lnU - term.Q * log1pU);
        return value;
    }

    private static double IntPow(double x, int n)
    {
        var result = 1.0;
        for (var i = 0; i < n; i++) result *= x;
        return result;
    }

    /// <summary>∫_{x1}^{x2} x^(−m) g(u) dx = (τ^(1−m)/s) ∫_{u2}^{u1} u^(p+α−1) (1+u)^(−q) du, τ = (c/t)^(1/s), α = (m−1)/s.</summary>
    private double Integral(double lnT, double x1, double x2)
    {
        var lnTau = (_lnC - lnT) / _s;
        var lnPrefactor = (1 - _m) * lnTau - Math.Log(_s);
        var power = _p + (_m - 1) / _s; // exponent b of u^(b−1)
        var lnU1 = LnU(lnT, x1);
        var lnU2 = double.IsPositiveInfinity(x2) ? double.NegativeInfinity : LnU(lnT, x2);
        if (_q == 0) return PowerIntegral(power, lnU2, lnU1, lnPrefactor);

        double total = 0;
        // Small u: (1+u)^(−q) = Σ_j (−1)^j C(q+j−1, j) u^j.
        var smallHi = Math.Min(lnU1, -SeriesBoundary);
        if (lnU2 < smallHi) total += Series(power, +1, lnU2, smallHi, lnPrefactor);
        // Large u: (1+u)^(−q) = u^(−q) Σ_j (−1)^j C(q+j−1, j) u^(−j).
        var largeLo = Math.Max(lnU2, SeriesBoundary);
        if (largeLo < lnU1) total += Series(power - _q, -1, largeLo, lnU1, lnPrefactor);
        // Between: Gauss–Legendre in v = ln u.
        var midLo = Math.Max(lnU2, -SeriesBoundary);
        var midHi = Math.Min(lnU1, SeriesBoundary);
        if (midLo < midHi) total += GaussLegendre(power, midLo, midHi, lnPrefactor);
        return total;
    }

    private double Series(double power, int direction, double lnLo, double lnHi, double lnPrefactor)
    {
        // Term j is ∫ u^(b_j − 1) du with b_j = power + direction·j; u^(b_j) at each end is carried as a running
        // product (one multiplication by u^direction per term) instead of an exp per term.
        var lowerIsZero = double.IsNegativeInfinity(lnLo);
        var stepHi = Math.Exp(direction * lnHi);
        var stepLo = lowerIsZero ? 0 : Math.Exp(direction * lnLo);
        var endHi = Math.Exp(lnPrefactor + power * lnHi);
        var endLo = lowerIsZero ? 0 : Math.Exp(lnPrefactor + power * lnLo);
        var d = lnHi - lnLo;
        double total = 0, binomial = 1; // C(q+j−1, j)
        for (var j = 0; j < MaxSeriesTerms; j++)
        {
            if (j > 0)
            {
                binomial *= (double)(_q + j - 1) / j;
                endHi *= stepHi;
                endLo *= stepLo;
            }
            if (binomial == 0) break;
            var b = power + direction * j;
            double integral;
            if (lowerIsZero)
            {
                if (b <= 0) throw new InvalidOperationException("divergent power-law tail: the sum over modes does not converge.");
                integral = endHi / b;
            }
            else
            {
                integral = Math.Abs(b * d) < 1e-4 ? PowerIntegral(b, lnLo, lnHi, lnPrefactor) : (endHi - endLo) / b;
            }
            var term = (j % 2 == 0 ? 1 : -1) * binomial * integral;
            total += term;
            if (j >= 2 && Math.Abs(term) <= 1e-18 * Math.Abs(total)) break;
        }
        return total;
    }

    private double GaussLegendre(double power, double lnLo, double lnHi, double lnPrefactor)
    {
        var half = 0.5 * (lnHi - lnLo);
        var mid = 0.5 * (lnHi + lnLo);
        double total = 0;
        var nodes = GaussLegendre16.Nodes;
        var weights = GaussLegendre16.Weights;
        for (var i = 0; i < nodes.Length; i++)
        {
            var v = mid + half * nodes[i];
            total += weights[i] * Math.Exp(lnPrefactor + power * v - _q * Log1PExp(v));
        }
        return total * half;
    }

    /// <summary>e^(lnPrefactor) ∫ u^(b−1) du over [e^lnLo, e^lnHi], stable for b near 0 and lnLo = −∞.</summary>
    internal static double PowerIntegral(double b, double lnLo, double lnHi, double lnPrefactor)
    {
        if (double.IsNegativeInfinity(lnLo))
        {
            if (b <= 0) throw new InvalidOperationException("divergent power-law tail: the sum over modes does not converge.");
            return Math.Exp(lnPrefactor + b * lnHi) / b;
        }
        var d = lnHi - lnLo;
        var z = b * d;
        if (Math.Abs(z) < 1e-4)
            return Math.Exp(lnPrefactor + b * lnLo) * d * (1 + z / 2 * (1 + z / 3 * (1 + z / 4)));
        return (Math.Exp(lnPrefactor + b * lnHi) - Math.Exp(lnPrefactor + b * lnLo)) / b;
    }

    /// <summary>ln(1 + e^v) without overflow or loss for large |v|.</summary>
    internal static double Log1PExp(double v) => v > 35 ? v + Math.Exp(-v) : v < -35 ? Math.Exp(v) : Math.Log(1 + Math.Exp(v));
}

/// <summary>The 16-point Gauss–Legendre rule on [−1, 1]: MathNet's tabulated nodes and weights.</summary>
internal static class GaussLegendre16
{
    private static readonly GaussLegendreRule Rule = new(-1, 1, 16);

    /// <summary>The nodes in (−1, 1).</summary>
    public static readonly double[] Nodes = Rule.Abscissas;

    /// <summary>The weights of the nodes.</summary>
    public static readonly double[] Weights = Rule.Weights;
}
