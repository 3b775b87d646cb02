using System.Reflection;
using System.Text;

namespace RgDsl.Sweeps.Execution;

/// <summary>How to start this program again: for local shards, and in the Slurm script and the Kubernetes manifest.</summary>
public static class ProgramCommand
{
    /// <summary>
    /// The running program: its apphost (<c>bin/Release/net10.0/MyApp</c>), or <c>dotnet MyApp.dll</c> when it was
    /// started through the dotnet host.
    /// </summary>
    public static IReadOnlyList<string> Current()
    {
        var process = Environment.ProcessPath ?? throw new InvalidOperationException("the path of the running program is unknown; pass the command explicitly (--command).");
        var name = Path.GetFileNameWithoutExtension(process);
        if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            var entry = Assembly.GetEntryAssembly()?.Location;
            if (string.IsNullOrEmpty(entry)) throw new InvalidOperationException("the entry assembly of the running program is unknown; pass the command explicitly (--command).");
            return [process, entry];
        }
        return [process];
    }

    /// <summary>
    /// The index of the program's own file in <paramref name="command"/>: the first word, or after a <c>dotnet</c> host
    /// the first word ending in <c>.dll</c> (else the word after the host). The words after it are the program's arguments.
    /// </summary>
    /// <exception cref="ArgumentException">An empty command, or a <c>dotnet</c> host with nothing after it.</exception>
    public static int ProgramIndex(IReadOnlyList<string> command)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0) throw new ArgumentException("the command is empty.", nameof(command));
        if (!Path.GetFileNameWithoutExtension(command[0]).Equals("dotnet", StringComparison.OrdinalIgnoreCase)) return 0;
        if (command.Count < 2) throw new ArgumentException("the command is the dotnet host alone; name the program's .dll after it.", nameof(command));
        for (var i = 1; i < command.Count; i++)
            if (command[i].EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) return i;
        return 1;
    }

    /// <summary>
    /// The same command for a container that mounts a volume at <paramref name="mount"/> with the program published to
    /// <c>&lt;mount&gt;/app</c>: <c>dotnet &lt;mount&gt;/app/&lt;program&gt;.dll</c> followed by the program's arguments.
    /// </summary>
    public static IReadOnlyList<string> OnVolume(IReadOnlyList<string> command, string mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        var index = ProgramIndex(command);
        var name = Path.GetFileName(command[index]);
        var dll = name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) ? name : name + ".dll";
        return new[] { "dotnet", mount.TrimEnd('/') + "/app/" + dll }.Concat(command.Skip(index + 1)).ToList();
    }

    /// <summary>Splits a command given as one string on blanks, honouring single and double quotes (no other shell syntax).</summary>
    /// <exception cref="ArgumentException">An unterminated quote, or an empty command.</exception>
    public static IReadOnlyList<string> Split(string command)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char quote = '\0';
        foreach (var c in command)
        {
            if (quote != '\0')
            {
                if (c == quote) quote = '\0';
                else word.Append(c);
            }
            else if (c is '\'' or '"') { quote = c; inWord = true; }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) { words.Add(word.ToString()); word.Clear(); inWord = false; }
            }
            else { word.Append(c); inWord = true; }
        }
        if (quote != '\0') throw new ArgumentException($"the command has an unterminated {quote} quote: {command}", nameof(command));
        if (inWord) words.Add(word.ToString());
        if (words.Count == 0) throw new ArgumentException("the command is empty.", nameof(command));
        return words;
    }

    /// <summary>A POSIX shell word: bare when safe, otherwise single-quoted.</summary>
    public static string ShellQuote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || "/._-+=:,@%".Contains(c)) ? word : "'" + word.Replace("'", "'\\''") + "'";
}
