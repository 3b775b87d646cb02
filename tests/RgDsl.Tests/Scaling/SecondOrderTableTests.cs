using RgDsl.Scaling;

namespace RgDsl.Tests.Scaling;

/// <summary>
/// The compact text form of CompileTimeScaling's second-order classes: what the generator encodes, the runtime decodes
/// to the same values, bit for bit, whatever the strings hold; a malformed table is refused with what is wrong.
/// </summary>
public class SecondOrderTableTests
{
    private static readonly SecondOrderRow[] Rows =
    [
        new(2, 1, SumDominance.Threshold, 0, "2 + 2*Alpha - 2*Beta", "(2 + 2*Alpha - 2*Beta)/(1 + Alpha)", "[U(k,q) G_k f̄_k f̄_q²]·[U(k,q) G_k f̄_k f̄_q²]", "U", 1, 0),
        new(-1.0 / 3, -0.1 + 0.2, SumDominance.Cutoff, 1e-300, "-1/3", "x|y", "a\nb\\n\\", "U", 12, 2),
        new(double.NaN, -0.0, SumDominance.Logarithmic, double.MaxValue, "2 + 2*Alpha - 2*Beta", "", "", "V", 1, 0),
    ];

    [Fact]
    public void Decoding_gives_back_every_field_exactly()
    {
        var text = SecondOrderTable.Encode(Rows);
        var decoded = SecondOrderTable.Decode(text);
        Assert.Equal(Rows.Length, decoded.Count);
        foreach (var (a, b) in Rows.Zip(decoded))
        {
            Assert.Equal(BitConverter.DoubleToInt64Bits(a.Kp), BitConverter.DoubleToInt64Bits(b.Kp));
            Assert.Equal(a.P == 0 ? 0 : a.P, b.P); // -0 is written as 0
            Assert.Equal(a.Dominance, b.Dominance);
            Assert.Equal(a.Cutoff, b.Cutoff);
            Assert.Equal((a.KpFormula, a.PFormula, a.Diagram, a.Partner, a.DiagramCount, a.FreeSums), (b.KpFormula, b.PFormula, b.Diagram, b.Partner, b.DiagramCount, b.FreeSums));
        }
        // Repeated strings are stored once.
        Assert.Equal(1, CountOf(text, "2 + 2*Alpha - 2*Beta\n"));
    }

    [Fact]
    public void The_public_decoder_builds_second_order_classes_on_first_access()
    {
        var classes = DiagramClassScaling.SecondOrderClasses(SecondOrderTable.Encode(Rows));
        Assert.Equal(3, classes.Count);
        var c = classes[1];
        Assert.Equal((2, DiagramClass.Other, "U", 12, 2, SumDominance.Cutoff), (c.Order, c.Class, c.Partner, c.DiagramCount, c.FreeSums, c.Dominance!.Value));
        Assert.Equal(-1.0 / 3, c.KpExponent);
        Assert.Empty(c.Conditions);
        Assert.Same(classes[0], classes[0]); // decoded once, then kept
    }

    [Theory]
    [InlineData("x", "number of its strings")]
    [InlineData("1\nU\n1|2|0|0|0|0|0|0|1", "10 fields")]
    [InlineData("1\nU\n1|2|0|0|0|0|0|3|1|0", "refers to string 3 of 1")]
    public void A_malformed_table_is_refused_with_the_reason(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => SecondOrderTable.Decode(text));
        Assert.Contains(reason, e.Message);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
