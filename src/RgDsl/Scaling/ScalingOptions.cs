namespace RgDsl;

/// <summary>
/// Options of the numeric scaling analysis (<see cref="InteractingModel.Scaling"/>). The default ladder of thresholds
/// runs from k_P,max/LadderSpan to k_P,max = M/CutoffRatio, which needs M ≥ 2·20·300 = 12,000 modes; for smaller models
/// it adapts down to M = 80 (span and cutoff ratio shrink towards 4 and 10; the report's Caveat says so). To choose
/// yourself, set <paramref name="MinThreshold"/> and <paramref name="MaxThreshold"/> (2 ≤ min, max &gt; 1.5·min, max ≤ M),
/// or a smaller CutoffRatio and LadderSpan.
/// </summary>
/// <param name="Points">Dataset sizes in the ladder (log-spaced in k_P); at least 3.</param>
/// <param name="MinThreshold">Smallest learnability threshold k_P of the ladder (default MaxThreshold/<paramref name="LadderSpan"/>:
/// high enough that infrared-dominated classes, whose corrections fall like k_P^−β, have converged).</param>
/// <param name="MaxThreshold">Largest k_P (default M/<paramref name="CutoffRatio"/>, so that the cutoff stays far above the threshold).</param>
/// <param name="CutoffRatio">How far the default largest threshold stays below the cutoff M: k_P,max = M/CutoffRatio (default 300).</param>
/// <param name="LadderSpan">The ratio k_P,max/k_P,min of the default ladder (default 20: a little over a decade); above 1.5.</param>
/// <param name="MeasuredOrder">The highest order whose classes are measured (1 or 2): second-order classes are always
/// predicted, and fitted too when this is 2 (every diagram of every pair of vertices is evaluated at each P).</param>
public sealed record ScalingOptions(int Points = 7, double? MinThreshold = null, double? MaxThreshold = null, double CutoffRatio = 300, double LadderSpan = 20,
    int MeasuredOrder = 1);
