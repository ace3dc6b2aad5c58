using System.Text;

namespace Sharpness.Runner.Execution;

/// <summary>What happened to one planned cell.</summary>
public sealed class CellResult(PlannedCell cell)
{
    private readonly List<CellOutput> _outputs = new();

    // The trailing stream output grows in a builder (a flood of Console.WriteLine lines must not copy the whole text
    // once per line); it is written back into _outputs when read.
    private StringBuilder? _stream;
    private bool _streamDirty;

    /// <summary>The cell.</summary>
    public PlannedCell Cell { get; } = cell;

    /// <summary>Outcome.</summary>
    public CellStatus Status { get; set; } = CellStatus.NotRun;

    /// <summary>Wall time of the cell (zero when not run).</summary>
    public TimeSpan Elapsed { get; set; }

    /// <summary>Error text when failed or timed out.</summary>
    public string? Error { get; set; }

    /// <summary>Outputs in arrival order; updates with a known value id replace the earlier output.</summary>
    public IReadOnlyList<CellOutput> Outputs
    {
        get
        {
            Flush();
            return _outputs;
        }
    }

    /// <summary>
    /// Adds an output. Progress such as "Installing packages" arrives as repeated updates with the same value id:
    /// they replace the earlier output instead of piling up. Adjacent stream text of the same kind is merged.
    /// </summary>
    public void AddOutput(CellOutput output, bool isUpdate = false)
    {
        if (output.Kind is OutputKind.Stdout or OutputKind.Stderr
            && _outputs.Count > 0 && _outputs[^1].Kind == output.Kind && _outputs[^1].ValueId is null)
        {
            _stream ??= new StringBuilder(_outputs[^1].PlainText);
            _stream.Append(output.PlainText);
            _streamDirty = true;
            return;
        }
        Flush();
        _stream = null;
        if (output.ValueId is { } id)
        {
            var existing = _outputs.FindIndex(o => o.ValueId == id);
            if (existing >= 0)
            {
                _outputs[existing] = output with { Kind = _outputs[existing].Kind };
                return;
            }
            if (isUpdate) { _outputs.Add(output with { Kind = OutputKind.Display }); return; }
        }
        _outputs.Add(output with { ValueId = output.Kind is OutputKind.Stdout or OutputKind.Stderr ? null : output.ValueId });
    }

    private void Flush()
    {
        if (!_streamDirty || _stream is null) return;
        _outputs[^1] = CellOutput.Text(_outputs[^1].Kind, _stream.ToString());
        _streamDirty = false;
    }

    /// <summary>True when the cell ran and passed.</summary>
    public bool Succeeded => Status == CellStatus.Succeeded;
}
