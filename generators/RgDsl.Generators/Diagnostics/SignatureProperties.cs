namespace RgDsl.Generators.Diagnostics;

/// <summary>
/// Keys of the properties a signature diagnostic (RG0014, RG0075, RG0077) carries for its code fix. Linked into
/// RgDsl.CodeFixes, so the generator and the fix read one set of names.
/// </summary>
internal static class SignatureProperties
{
    /// <summary>The mode indices the weight must take, in order, separated by single spaces (e.g. "k q").</summary>
    public const string Indices = "RgDsl.Indices";
}
