using System.Runtime.ExceptionServices;

namespace RgDsl.Networks.Linear;

/// <summary>A piece of work that a <see cref="WorkerTeam"/> splits into <c>parts</c> disjoint parts.</summary>
internal interface IPartitionedWork
{
    /// <summary>Does part <paramref name="part"/> of <paramref name="parts"/>; parts run concurrently.</summary>
    void Execute(int part, int parts);
}

/// <summary>
/// A fixed team of threads (the caller plus <c>Size − 1</c> dedicated workers) that runs one
/// <see cref="IPartitionedWork"/> at a time. Unlike <c>Parallel.For</c> it allocates nothing per call, which the
/// samplers need (zero allocation per step), and its workers stay warm between the many small products of a step.
/// A team of size 1 runs everything on the calling thread and owns no thread.
/// </summary>
internal sealed class WorkerTeam : IDisposable
{
    private readonly Thread[] _workers;
    private readonly ManualResetEventSlim[] _start;
    private readonly ManualResetEventSlim[] _done;
    private IPartitionedWork? _work;
    private Exception? _failure;
    private volatile bool _disposed;

    /// <summary>A team of <paramref name="size"/> threads including the caller.</summary>
    public WorkerTeam(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size), size, "a team needs at least one thread.");
        Size = size;
        _workers = new Thread[size - 1];
        _start = new ManualResetEventSlim[size - 1];
        _done = new ManualResetEventSlim[size - 1];
        for (var w = 0; w < size - 1; w++)
        {
            // Spin briefly before blocking: a step issues several products back to back.
            _start[w] = new ManualResetEventSlim(false, 2000);
            _done[w] = new ManualResetEventSlim(false, 2000);
            var part = w + 1;
            _workers[w] = new Thread(() => WorkerLoop(part)) { IsBackground = true, Name = $"RgDsl network worker {part}" };
            _workers[w].Start();
        }
    }

    /// <summary>A team with one thread (the caller).</summary>
    public static WorkerTeam Single() => new(1);

    /// <summary>The number of threads, including the caller.</summary>
    public int Size { get; }

    /// <summary>Runs all parts of <paramref name="work"/> and returns when every part is done.</summary>
    public void Run(IPartitionedWork work)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Size == 1) { work.Execute(0, 1); return; }
        _work = work;
        _failure = null;
        for (var w = 0; w < _workers.Length; w++) { _done[w].Reset(); _start[w].Set(); }
        Exception? own = null;
        try { work.Execute(0, Size); }
        catch (Exception e) { own = e; }
        for (var w = 0; w < _workers.Length; w++) _done[w].Wait();
        _work = null;
        if (own is not null) ExceptionDispatchInfo.Capture(own).Throw();
        if (_failure is not null) ExceptionDispatchInfo.Capture(_failure).Throw();
    }

    private void WorkerLoop(int part)
    {
        var index = part - 1;
        while (true)
        {
            _start[index].Wait();
            _start[index].Reset();
            if (_disposed) { _done[index].Set(); return; }
            try { _work!.Execute(part, Size); }
            catch (Exception e) { _failure = e; }
            _done[index].Set();
        }
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        for (var w = 0; w < _workers.Length; w++) _start[w].Set();
        foreach (var t in _workers) t.Join();
        foreach (var e in _start) e.Dispose();
        foreach (var e in _done) e.Dispose();
    }

    /// <summary>The half-open range of <paramref name="count"/> items (in blocks of <paramref name="granule"/>) owned by a part.</summary>
    public static (int Start, int End) Share(int count, int part, int parts, int granule = 1)
    {
        var blocks = (count + granule - 1) / granule;
        var start = (int)((long)blocks * part / parts) * granule;
        var end = (int)((long)blocks * (part + 1) / parts) * granule;
        return (Math.Min(start, count), Math.Min(end, count));
    }
}
