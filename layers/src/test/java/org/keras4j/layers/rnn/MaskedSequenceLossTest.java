package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.core.Embedding;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A mask made by Embedding(mask_zero) reaches the loss through LSTM(return_sequences) and Dense. */
class MaskedSequenceLossTest {

    @Test
    void lossIsTheMeanOverRealTimestepsOnly() {
        Backend.setRandomSeed(9);
        INDArray ids = Nd4j.create(new float[][] {{3, 1, 2, 0, 0}, {4, 4, 0, 0, 0}, {1, 2, 3, 4, 1}});
        INDArray y = Nd4j.rand(DataType.FLOAT, 3, 5, 1);
        Sequential model = new Sequential(new Input(5), new Embedding(5, 4).maskZero(true),
                new LSTM(3).returnSequences(true), new Dense(1));
        model.compile("sgd", "mse");
        INDArray pred = model.predict(ids);
        INDArray sq = pred.sub(y).muli(pred.sub(y)).reshape(3, 5);
        INDArray real = ids.neq(0).castTo(DataType.FLOAT);
        double expected = sq.mul(real).sumNumber().doubleValue() / real.sumNumber().doubleValue();
        double loss = model.evaluate(ids, y, 8, 0).get("loss");
        assertEquals(expected, loss, 1e-5);
        // the padded positions' predictions repeat the last real step's output (the state carries through)
        assertEquals(pred.getDouble(0, 2, 0), pred.getDouble(0, 4, 0), 1e-6);
    }
}
