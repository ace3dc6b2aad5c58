// A .NET 10 file-based app: the kit without a notebook host.
//   dotnet pack Sharpness.Notebooks.sln -c Release -o artifacts/packages     (once, from the repository root)
//   dotnet run notebooks/sharpness-app.cs [-- OUTPUT.html]                     (default: artifacts/sharpness-app.html)
// It computes the exact sharpness along a family of zero-loss points of one target, checks the flattest against
// the closed form N‖M‖₂^(2−2/N) and the dense Hessian, and writes an offline chart page (plotly.js inlined).
// Packages come from ../artifacts/packages (the property below); point elsewhere with
//   dotnet run --property:RestoreAdditionalProjectSources=/abs/packages notebooks/sharpness-app.cs
#:package Sharpness@0.1.0-preview.1
#:package Sharpness.Views@0.1.0-preview.1
#:property RestoreAdditionalProjectSources=$(MSBuildProjectDirectory)/../artifacts/packages
#:property ManagePackageVersionsCentrally=false
#:property PublishAot=false

using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using Sharpness.Exact;
using Sharpness.Flatness;
using Sharpness.Model;
using Sharpness.Verification;
using Sharpness.Views.Charts;

// Depth N = 3, target M = diag(8, 1): ‖M‖₂ = 8, so the flattest zero-loss point has λ = 3·8^(4/3) = 48 (theory §2.7),
// attained by the balanced factors W₁ = W₂ = W₃ = diag(2, 1). Rescaling W₁ by t and W₃ by 1/t keeps the product.
var d = Matrix<double>.Build.DenseOfDiagonalArray([2.0, 1.0]);
DeepFactorization Point(double t) => new(t * d, d, d / t);

var ts = Enumerable.Range(0, 41).Select(i => Math.Pow(2, (i - 20) / 20.0)).ToArray();   // t from 1/2 to 2
var sharpness = ts.Select(t => ExactSharpness.Of(Point(t)).Value).ToArray();

var balanced = Point(1);
double lambda = ExactSharpness.Of(balanced).Value;
double closedForm = MinimalSharpness.Of(balanced);
double dense = HessianSpectrum.Of(FactorizationLoss.AtOwnProduct(balanced)).Largest;

string Show(double x) => x.ToString("R", CultureInfo.InvariantCulture);
Console.WriteLine($"lambda = {Show(lambda)}");
Console.WriteLine($"closed form N*|M|^(2-2/N) = {Show(closedForm)}, dense Hessian = {Show(dense)}");
if (Math.Abs(lambda - closedForm) > 1e-9 * closedForm || Math.Abs(lambda - dense) > 1e-9 * closedForm)
{
    Console.Error.WriteLine("sharpness-app: the exact sharpness disagrees with the closed form or the dense Hessian");
    return 1;
}

string output = args.Length > 0 ? args[0] : Path.Combine("artifacts", "sharpness-app.html");
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
var chart = Charts.SharpnessAlongFamily(ts, sharpness, minimalSharpness: closedForm, parameterName: "t",
    title: "λmax along W₁ = t·D, W₂ = D, W₃ = D/t (product diag(8, 1))");
File.WriteAllText(output, ChartHtml.Page([chart], $"Exact sharpness: λ = {Show(lambda)} at the balanced point"));
Console.WriteLine($"chart: {Path.GetFullPath(output)}");
return 0;
