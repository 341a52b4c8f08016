package org.keras4j.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class UnitNormalizationTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(UnitNormalization::new).inputShape(3, 4).expectOutputShape(3, 4).expectParams(0).inputRange(0.2, 1.5).run();
        LayerTestHarness.of(() -> new UnitNormalization(1, 2)).inputShape(2, 3, 4).expectParams(0).inputRange(-1.5, -0.2).run();
    }

    @Test
    void scalesEachRowToUnitNormAndLeavesZeroRowsAtZero() {
        INDArray x = Nd4j.createFromArray(new float[][] {{3, 4}, {0, 0}, {-1, 0}});
        float[] out = new UnitNormalization().apply(Tensor.constant(x), false).value().reshape(6).toFloatVector();
        assertArrayEquals(new float[] {0.6f, 0.8f, 0, 0, -1, 0}, out, 1e-6f);
    }

    @Test
    void severalAxesAreOneNorm() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4).addi(0.1);
        INDArray out = new UnitNormalization(1, 2).apply(Tensor.constant(x), false).value();
        for (int n = 0; n < 2; n++) {
            assertEquals(1.0, out.slice(n).mul(out.slice(n)).sumNumber().doubleValue(), 1e-5);
        }
        assertEquals(List.of(1, 2), new UnitNormalization(1, 2).getConfig().get("axis"));
    }
}
