namespace Sharpness.Interactive.Tests.InProcess;

/// <summary>In-process kernels share the process's current directory and formatter registrations: run them one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class InProcessCollection : ICollectionFixture<InProcessKernel>
{
    public const string Name = "in-process kernel";
}
