// Text classification with Embedding(mask_zero) + Bidirectional(LSTM) on reviews this notebook makes up.
// Each review is 4-20 words from a 60-word vocabulary with one sentiment word ("good" or "bad"),
// sometimes negated by "not" just before it: "movie the not good plot" is negative. Word order
// matters, so a bag of words cannot solve it. Reviews are padded with 0 at the end; the Embedding's
// mask makes the LSTMs skip the padding.
// Run: ./keras4j notebook text_classification
import java.util.Random;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.core.Embedding;
import org.keras4j.layers.rnn.Bidirectional;
import org.keras4j.layers.rnn.LSTM;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

Backend.setRandomSeed(7);
boolean fast = System.getenv("KERAS4J_FAST") != null;
int vocab = 60, maxLen = 20, GOOD = 1, BAD = 2, NOT = 3;   // 0 is padding; 4..59 are neutral words

// Makes n reviews: ids (n, maxLen) zero-padded at the end, labels (n,) 1 = positive.
INDArray[] reviews(int n, long seed) {
    Random r = new Random(seed);
    float[][] ids = new float[n][maxLen];
    float[] labels = new float[n];
    for (int i = 0; i < n; i++) {
        int len = 4 + r.nextInt(maxLen - 3);
        for (int t = 0; t < len; t++) {
            ids[i][t] = 4 + r.nextInt(vocab - 4);
        }
        int at = 1 + r.nextInt(len - 1);
        boolean good = r.nextBoolean(), negated = r.nextBoolean();
        ids[i][at] = good ? GOOD : BAD;
        if (negated) {
            ids[i][at - 1] = NOT;
        }
        labels[i] = good != negated ? 1 : 0;
    }
    return new INDArray[] {Nd4j.create(ids), Nd4j.create(labels).reshape(n, 1)};
}

var train = reviews(fast ? 1500 : 6000, 1);
var test = reviews(1000, 2);

var model = new Sequential(
        new Input(maxLen),
        new Embedding(vocab, 16).maskZero(true),     // id 0 is padding: masked
        new Bidirectional(new LSTM(16)),             // reads both ways, skipping masked steps
        new Dense(1, "sigmoid"));
model.compile(new org.keras4j.framework.optimizers.Adam(0.01), "binary_crossentropy", "accuracy");
model.summary();
model.fit(train[0], train[1], FitOptions.epochs(fast ? 8 : 10).batchSize(64).validationSplit(0.1));

var scores = model.evaluate(test[0], test[1], 256, 0);
System.out.printf("test loss %.4f, test accuracy %.4f%n", scores.get("loss"), scores.get("accuracy"));
System.out.printf("RESULT accuracy=%.6f%n", scores.get("accuracy"));
/exit
