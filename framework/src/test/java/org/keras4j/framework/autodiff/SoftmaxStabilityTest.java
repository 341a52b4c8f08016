package org.keras4j.framework.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** A row of equal large negative logits (a fully masked attention row) is uniform in float32 and float64. */
class SoftmaxStabilityTest {
    @Test
    void fullyMaskedRowsAreUniform() {
        for (DataType t : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            var out = NnOps.softmax(Tensor.constant(Nd4j.valueArrayOf(new long[] {2, 2, 3, 4}, -1e9, t)), -1).value();
            assertEquals(0.25, out.minNumber().doubleValue(), 1e-6, t.toString());
            assertEquals(0.25, out.maxNumber().doubleValue(), 1e-6, t.toString());
        }
    }
}
