using MathNet.Numerics.LinearAlgebra;
using Microsoft.DotNet.Interactive.Formatting;
using Sharpness.Dynamics;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Model;
using Sharpness.Checks;
using Sharpness.Verification;
using Plotly.NET;
using Sharpness.Views;
using Sharpness.Views.Charts;
using Sharpness.Views.Formatting;

namespace Sharpness.Interactive.Formatting;

/// <summary>Registers every formatter of the kit (text/html plus text/plain, HTML preferred).</summary>
/// <remarks>Touches Plotly.NET types: call only after the FSharp.Core redirect is installed (Kit.Load does).</remarks>
internal static class KitFormatters
{
    /// <summary>True when the kit's formatters are the ones currently in force.</summary>
    public static bool AreRegistered() =>
        Formatter.GetPreferredFormatterFor(typeof(GenericChart), HtmlFormatter.MimeType) is KitFormatter<GenericChart>;

    public static void RegisterAll()
    {
        Register<GenericChart>(ChartHtml.Fragment, ChartText);
        Register<DeepFactorization>(FactorizationFormatter.Html, FactorizationFormatter.Text);
        Register<SharpnessResult>(SharpnessResultFormatter.Html, SharpnessResultFormatter.Text);
        Register<Spectrum>(SpectrumFormatter.Html, SpectrumFormatter.Text);
        Register<HessianSpectrum>(SpectrumFormatter.Html, SpectrumFormatter.Text);
        Register<FlatnessVerdict>(FlatnessFormatter.Html, FlatnessFormatter.Text);
        Register<SharpnessBounds>(FlatnessFormatter.Html, FlatnessFormatter.Text);
        Register<EscapeRun>(DynamicsFormatter.Html, DynamicsFormatter.Text);
        Register<IReadOnlyList<EscapeRun>>(DynamicsFormatter.Html, DynamicsFormatter.Text);
        Register<EscapeSetting>(DynamicsFormatter.Html, DynamicsFormatter.Text);
        Register<CheckResult>(CheckFormatter.Html, CheckFormatter.Text);
        Register<Sharpness.Measures.SharpnessMeasures>(MeasuresFormatter.Html, MeasuresFormatter.Text);
        Register<Sharpness.Measures.MeasureComparison>(MeasuresFormatter.Html, MeasuresFormatter.Text);
        Register<TableView>(TableView.Html, TableView.Text);
        Register<Matrix<double>>(MatrixFormatter.Html, MatrixFormatter.Text);
        Register<Vector<double>>(MatrixFormatter.Html, MatrixFormatter.Text);
        ProgressView.Register();
    }

    private static void Register<T>(Func<T, string> html, Func<T, string> plain)
    {
        Formatter.Register(new KitFormatter<T>(HtmlFormatter.MimeType, html));
        Formatter.Register(new KitFormatter<T>(PlainTextFormatter.MimeType, plain));
        Formatter.SetPreferredMimeTypesFor(typeof(T), HtmlFormatter.MimeType, PlainTextFormatter.MimeType);
    }

    private static string ChartText(GenericChart chart)
    {
        var info = FigureInfo.Of(chart);
        return $"Chart \"{info.Title}\": {info.Traces.Count} trace(s) [{string.Join(", ", info.Traces.Select(t => t.Name ?? t.Type))}]";
    }
}
