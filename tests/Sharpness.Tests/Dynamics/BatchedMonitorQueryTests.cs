using Sharpness.Dynamics;
using Sharpness.Dynamics.Flat;

namespace Sharpness.Tests.Dynamics;

/// <summary>
/// What the monitors read from a batched stepper — ‖W − W*‖² (computed with the first layer's update when asked for at
/// the iterate before) and ⟨W − W*, v⟩ (computed for all lanes at once and cached per iterate) — against the single-run
/// stepper's own <see cref="GdStepper.DistanceSquared"/> and <see cref="GdStepper.ProjectOffset"/>, bit for bit, at
/// every iterate, in both modes and every lane width, including a lane refilled mid-run (whose cached values must not
/// survive the refill) and iterates at which the distance was not asked for.
/// </summary>
public class BatchedMonitorQueryTests
{
    public static TheoryData<int, bool> WidthsAndModes()
    {
        var data = new TheoryData<int, bool>();
        foreach (var w in BatchedGdStepper.AvailableWidths)
        {
            data.Add(w, false);
            data.Add(w, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(WidthsAndModes))]
    public void Distances_and_projections_of_every_lane_equal_the_single_run_stepper(int width, bool delta)
    {
        var setting = EscapePresets.DepthTwo(3, 3, 5, seed: 1); // 30 parameters, first layer 15: tails in both parts of the fused distance
        var v1 = setting.TopEigenvectorVector;
        var vN = setting.NullDirectionVector;
        double[] Start(int lane) => v1.Select((x, i) => (1e-3 + 1e-4 * lane) * (x + 0.1 * vN[i])).ToArray();
        double Eta(int lane) => 2 * (setting.Rho + 0.03 + 0.01 * lane) / setting.Lambda;

        var batch = BatchedGdStepper.Create(setting.Layout, delta, width);
        var alone = new GdStepper[width];
        void Fill(int lane, int variant)
        {
            batch.Load(lane, setting.MinimizerVector, Start(variant), Eta(variant));
            alone[lane] = GdStepper.Create(setting.Layout, setting.MinimizerVector, delta);
            alone[lane].Start(Start(variant));
        }
        var etas = new double[width];
        for (int l = 0; l < width; l++) { Fill(l, l); etas[l] = Eta(l); }

        static long Bits(double x) => BitConverter.DoubleToInt64Bits(x);
        for (int k = 0; k < 60; k++)
        {
            if (k == 25)
            {
                // Refill the last lane with a new run: its cached distance and projections must go.
                Fill(width - 1, width + 3);
                etas[width - 1] = Eta(width + 3);
            }
            batch.Evaluate();
            for (int l = 0; l < width; l++)
            {
                double loss = alone[l].Evaluate();
                Assert.Equal(Bits(loss), Bits(batch.Losses[l]));
                // Every third iterate nobody asks for the distance (the fused path is skipped at the next step).
                if (k % 3 != 2) Assert.Equal(Bits(alone[l].DistanceSquared()), Bits(batch.DistanceSquared(l)));
                if (k % 2 == 0)
                {
                    Assert.Equal(Bits(alone[l].ProjectOffset(v1)), Bits(batch.ProjectOffset(l, v1)));
                    Assert.Equal(Bits(alone[l].ProjectOffset(vN)), Bits(batch.ProjectOffset(l, vN)));
                }
            }
            batch.Step();
            for (int l = 0; l < width; l++) alone[l].Step(etas[l]);
        }
    }
}
