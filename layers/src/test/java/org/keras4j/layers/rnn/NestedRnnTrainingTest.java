package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** An encoder's states handed to a decoder inside one custom layer train through Model.fit. */
class NestedRnnTrainingTest {
    static final class EncoderDecoder extends Layer {
        final LSTM encoder = new LSTM(8).returnState(true);
        final LSTM decoder = new LSTM(8).returnSequences(true);
        final TimeDistributed head = new TimeDistributed(new Dense(3, "softmax"));

        @Override
        public Tensor call(Tensor x, boolean training) {
            List<Tensor> enc = encoder.apply(List.of(x), training);
            Tensor dec = decoder.apply(List.of(x, enc.get(1), enc.get(2)), training).get(0);
            return head.apply(dec, training);
        }

        @Override
        public Shape computeOutputShape(Shape in) {
            return Shape.of(in.get(0), in.get(1), 3);
        }

        @Override
        public List<Variable> weights() {
            List<Variable> all = new ArrayList<>(encoder.weights());
            all.addAll(decoder.weights());
            all.addAll(head.weights());
            return all;
        }
    }

    @Test
    void learnsToCopyTheFirstStepsClassToEveryStep() {
        Backend.setRandomSeed(5);
        int n = 512;
        INDArray cls = Nd4j.rand(DataType.FLOAT, n).muli(3).castTo(DataType.INT32).castTo(DataType.FLOAT);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 4, 3).muli(0.1);
        for (int i = 0; i < n; i++) {
            x.putScalar(new long[] {i, 0, cls.getInt(i)}, 1.0);
        }
        INDArray y = cls.reshape(n, 1).repeat(1, 4);
        Sequential model = new Sequential(new Input(4, 3), new EncoderDecoder());
        model.compile(new org.keras4j.framework.optimizers.Adam(0.02), "sparse_categorical_crossentropy", "accuracy");
        var history = model.fit(x, y, FitOptions.epochs(8).batchSize(64).verbose(0));
        double acc = history.get("accuracy").get(history.get("accuracy").size() - 1);
        assertTrue(acc > 0.95, "accuracy " + acc);
    }
}
