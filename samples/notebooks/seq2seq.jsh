// Sequence to sequence: an LSTM encoder-decoder that learns to reverse strings of 5 digits.
// The encoder reads the digits (one-hot) and hands its final states [h, c] to the decoder, which
// unrolls 5 steps from them (its input at every step is the encoder's summary h, as Keras's
// RepeatVector would give) and predicts one digit per step. Target: "31415" -> "51413".
// Shows a custom layer built from other layers, return_state and initial_state.
// Run: ./keras4j notebook seq2seq
import java.util.List;
import java.util.Random;
import org.keras4j.framework.autodiff.SequenceOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.rnn.LSTM;
import org.keras4j.layers.rnn.TimeDistributed;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

Backend.setRandomSeed(3);
boolean fast = System.getenv("KERAS4J_FAST") != null;
int LEN = 5, DIGITS = 10;

// n random digit strings: one-hot inputs (n, LEN, 10) and reversed digits as labels (n, LEN).
INDArray[] strings(int n, long seed) {
    Random r = new Random(seed);
    float[][][] x = new float[n][LEN][DIGITS];
    float[][] y = new float[n][LEN];
    for (int i = 0; i < n; i++) {
        for (int t = 0; t < LEN; t++) {
            int d = r.nextInt(DIGITS);
            x[i][t][d] = 1;
            y[i][LEN - 1 - t] = d;
        }
    }
    return new INDArray[] {Nd4j.create(x), Nd4j.create(y)};
}

/** Encoder LSTM -> final [h, c] -> decoder LSTM over LEN steps -> per-step softmax over the digits. */
class EncoderDecoder extends Layer {
    final LSTM encoder;
    final LSTM decoder;
    final TimeDistributed classifier = new TimeDistributed(new Dense(DIGITS, "softmax"));

    EncoderDecoder(int units) {
        encoder = new LSTM(units).returnState(true);
        decoder = new LSTM(units).returnSequences(true);
    }

    public Tensor call(Tensor x, boolean training) {
        List<Tensor> enc = encoder.apply(List.of(x), training);          // [output, h, c]
        Tensor h = enc.get(1), c = enc.get(2);
        Tensor repeated = SequenceOps.stack(java.util.Collections.nCopies(LEN, h), 1);
        Tensor dec = decoder.apply(List.of(repeated, h, c), training).get(0);  // initial state = encoder's
        return classifier.apply(dec, training);
    }

    public Shape computeOutputShape(Shape in) {
        return Shape.of(in.get(0), LEN, DIGITS);
    }

    public List<Variable> weights() {
        var all = new java.util.ArrayList<Variable>(encoder.weights());
        all.addAll(decoder.weights());
        all.addAll(classifier.weights());
        return all;
    }
}

var train = strings(fast ? 8000 : 20000, 1);
var test = strings(2000, 2);
var model = new Sequential(new Input(LEN, DIGITS), new EncoderDecoder(128));
model.compile(new org.keras4j.framework.optimizers.Adam(0.005), "sparse_categorical_crossentropy", "accuracy");
model.fit(train[0], train[1], FitOptions.epochs(fast ? 4 : 10).batchSize(128).validationSplit(0.05));

// exact match: every one of the 5 digits right
INDArray predicted = Nd4j.argMax(model.predict(test[0]), 2).castTo(test[1].dataType());
double exact = predicted.eq(test[1]).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).min(1).meanNumber().doubleValue();
double perDigit = predicted.eq(test[1]).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).meanNumber().doubleValue();
for (int i = 0; i < 3; i++) {
    System.out.printf("%s -> %s%n", Nd4j.argMax(test[0].slice(i), 1), predicted.getRow(i));
}
System.out.printf("exact match %.4f, per digit %.4f%n", exact, perDigit);
System.out.printf("RESULT exact=%.6f digit=%.6f%n", exact, perDigit);
/exit
