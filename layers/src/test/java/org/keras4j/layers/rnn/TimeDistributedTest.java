package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.testing.LayerTestHarness;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class TimeDistributedTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new TimeDistributed(new Dense(2, "tanh"))).inputShape(2, 3, 4).expectOutputShape(2, 3, 2)
                .expectParams(10).run();
    }

    @Test
    void appliesTheSameLayerToEveryStep() {
        Dense d = new Dense(2);
        TimeDistributed td = new TimeDistributed(d);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        INDArray out = td.apply(Tensor.constant(x), false).value();
        INDArray step1 = d.apply(Tensor.constant(x.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()).dup()), false).value();
        assertTrue(step1.equalsWithEps(out.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()), 1e-6));
    }
}
