package org.keras4j.framework.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.metrics.MetricTesting.TOL;
import static org.keras4j.framework.metrics.MetricTesting.mat;
import static org.keras4j.framework.metrics.MetricTesting.roundTrip;
import static org.keras4j.framework.metrics.MetricTesting.vec;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Mean and the error metrics: weighted running means across batches, RMSE, reset, configs. */
class MeanTest {

    @Test
    void weightedRunningMeanAcrossBatches() {
        Mean m = new Mean();
        assertEquals(0.0, m.result(), TOL); // nothing seen: divide_no_nan gives 0
        m.updateState(vec(1, 3, 5, 7), null);
        assertEquals(4.0, m.result(), TOL);
        m.resetState();
        // batch 1: total 1 + 3 = 4, count 2
        m.updateState(vec(1, 3, 5, 7), vec(1, 1, 0, 0));
        assertEquals(2.0, m.result(), TOL);
        // batch 2: per-sample means [3, 7], weights [0.5, 1]: total += 1.5 + 7, count += 1.5
        m.updateState(mat(new double[] {2, 4}, new double[] {6, 8}), vec(0.5, 1));
        assertEquals(12.5 / 3.5, m.result(), TOL);
        // a scalar value without weights counts as one sample: (12.5 + 10) / 4.5
        m.updateState(Nd4j.scalar(10.0), null);
        assertEquals(22.5 / 4.5, m.result(), TOL);
    }

    @Test
    void weightsOfShapeBatchByOneAndPerElement() {
        Mean m = new Mean();
        // values (2, 1) with weights (2,): weights gain an axis; total 2*1 + 1*4 = 6, count 3
        m.updateState(mat(new double[] {1}, new double[] {4}), vec(2, 1));
        assertEquals(2.0, m.result(), TOL);
        m.resetState();
        // per-element weights (2, 2): per sample mean(v*w) = [(1*1 + 3*0)/2, (5*1 + 7*1)/2] = [0.5, 6],
        // per sample mean(w) = [0.5, 1]: (0.5 + 6) / 1.5
        m.updateState(mat(new double[] {1, 3}, new double[] {5, 7}), mat(new double[] {1, 0}, new double[] {1, 1}));
        assertEquals(6.5 / 1.5, m.result(), TOL);
        assertThrows(IllegalArgumentException.class, () -> new Mean().updateState(vec(1, 2, 3), vec(1, 2)));
        assertThrows(UnsupportedOperationException.class, () -> new Mean().updateState(vec(1), vec(1), null));
    }

    @Test
    void meanSquaredAndAbsoluteErrors() {
        MeanSquaredError mse = new MeanSquaredError();
        assertEquals("mean_squared_error", mse.name());
        // Keras's docstring example: squared errors [[1, 0], [0, 0]] -> per sample [0.5, 0] -> 0.25
        mse.updateState(mat(new double[] {0, 1}, new double[] {0, 0}), mat(new double[] {1, 1}, new double[] {0, 0}), null);
        assertEquals(0.25, mse.result(), TOL);
        mse.resetState();
        // labels (3,) against predictions (3, 1): errors [0, 1, 2] -> squares [0, 1, 4]; weights [1, 1, 2] -> 9 / 4
        mse.updateState(vec(1, 2, 3), mat(new double[] {1}, new double[] {1}, new double[] {1}), vec(1, 1, 2));
        assertEquals(9.0 / 4, mse.result(), TOL);

        MeanAbsoluteError mae = new MeanAbsoluteError();
        // per-sample mean |e| = [0.5, 0], weights [1, 0] -> 0.5
        mae.updateState(mat(new double[] {0, 1}, new double[] {0, 0}), mat(new double[] {1, 1}, new double[] {0, 0}), vec(1, 0));
        assertEquals(0.5, mae.result(), TOL);
        // second batch, int labels: |[2, -1]| mean 1.5 for one sample, weight 1 -> (0.5 + 1.5) / 2
        mae.updateState(Nd4j.createFromArray(new int[][] {{3, 0}}), mat(new double[] {5, 1}), vec(1));
        assertEquals(1.0, mae.result(), TOL);
    }

    @Test
    void rootMeanSquaredErrorPoolsSquaresOverAllBatches() {
        RootMeanSquaredError rmse = new RootMeanSquaredError();
        // batch 1: squared errors [[1, 0], [0, 0]] -> per sample [0.5, 0]: total 0.5, count 2
        rmse.updateState(mat(new double[] {0, 1}, new double[] {0, 0}), mat(new double[] {1, 1}, new double[] {0, 0}), null);
        assertEquals(0.5, rmse.result(), TOL); // sqrt(0.25)
        // batch 2: squared errors [[4, 0]] -> per sample [2]: total 2.5, count 3
        rmse.updateState(mat(new double[] {2, 2}), mat(new double[] {0, 2}), null);
        assertEquals(Math.sqrt(2.5 / 3), rmse.result(), TOL); // 0.9129, not (0.5 + sqrt(2)) / 2 = 0.9571
        rmse.resetState();
        assertEquals(0.0, rmse.result(), TOL);
        // Keras's docstring example with weights [1, 0]: sqrt(0.5 / 1)
        rmse.updateState(mat(new double[] {0, 1}, new double[] {0, 0}), mat(new double[] {1, 1}, new double[] {0, 0}), vec(1, 0));
        assertEquals(Math.sqrt(0.5), rmse.result(), TOL);
        // float32 inputs are accumulated in float64
        rmse.resetState();
        rmse.updateState(vec(0.1, 0.2).castTo(DataType.FLOAT), vec(0.3, 0.2).castTo(DataType.FLOAT), null);
        assertEquals(Math.sqrt(0.04 / 2), rmse.result(), 1e-7);
    }

    @Test
    void configRoundTrip() {
        var yTrue = mat(new double[] {0, 1}, new double[] {2, 0});
        var yPred = mat(new double[] {1, 1}, new double[] {0, 0});
        roundTrip(new MeanSquaredError("m1"), yTrue, yPred, vec(1, 2));
        roundTrip(new MeanAbsoluteError(), yTrue, yPred, null);
        roundTrip(new RootMeanSquaredError("r"), yTrue, yPred, vec(3, 1));
        Mean rebuilt = (Mean) Registry.get().create(Kind.METRIC, "mean", Config.of(Map.of("name", "avg", "dtype", "float32")), Metric.class);
        assertEquals("avg", rebuilt.name());
        assertEquals(Map.of("name", "avg"), rebuilt.getConfig());
    }
}
