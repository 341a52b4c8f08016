package org.keras4j.framework.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keras4j.framework.testing.GradientCheck.check;
import static org.keras4j.framework.testing.GradientCheck.inFloat64;
import static org.keras4j.framework.testing.GradientCheck.uniform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras 3 activation values, float64 gradients, names and config round trips. */
class ActivationsTest {
    private static final double TOL = 1e-12;
    /** Every registered activation name, aliases included ({@code hard_sigmoid_keras2} comes from the Keras importer). */
    private static final List<String> NAMES = List.of("linear", "relu", "relu6", "leaky_relu", "elu", "selu", "gelu",
            "silu", "swish", "sigmoid", "hard_sigmoid", "hard_silu", "hard_swish", "tanh", "softmax", "log_softmax",
            "softplus", "softsign", "mish", "exponential", "hard_sigmoid_keras2");

    private static double[] apply(Activation a, double... x) {
        return a.apply(Tensor.constant(Nd4j.createFromArray(x))).value().toDoubleVector();
    }

    @Test
    void reluFollowsKerasDocExamples() {
        double[] x = {-10, -5, 0, 5, 10};
        assertArrayEquals(new double[] {0, 0, 0, 5, 10}, apply(Activations.get("relu"), x), TOL);
        assertArrayEquals(new double[] {-5, -2.5, 0, 5, 10}, apply(Activations.relu(0.5, null, 0.0), x), TOL);
        assertArrayEquals(new double[] {0, 0, 0, 5, 5}, apply(Activations.relu(0.0, 5.0, 0.0), x), TOL);
        // x > threshold keeps x, so x == threshold gives 0, as Keras
        assertArrayEquals(new double[] {0, 0, 0, 0, 10}, apply(Activations.relu(0.0, null, 5.0), x), TOL);
    }

    @Test
    void reluCombinesSlopeCapAndThreshold() {
        // slope 0.5, max 6, threshold 1: x <= 1 -> 0.5*(x-1); 1 < x -> min(x, 6)
        // -1 -> 0.5*-2 = -1; 0.5 -> 0.5*-0.5 = -0.25; 1 -> 0; 3 -> 3; 8 -> 6
        assertArrayEquals(new double[] {-1, -0.25, 0, 3, 6},
                apply(Activations.relu(0.5, 6.0, 1.0), -1, 0.5, 1, 3, 8), TOL);
        // cap below the threshold: Keras clips after thresholding, so 3 -> 0 and 6 -> clip(6, 0, 2) = 2
        assertArrayEquals(new double[] {0, 0, 2}, apply(Activations.relu(0.0, 2.0, 5.0), -1, 3, 6), TOL);
        // relu6 = relu(max_value=6)
        assertArrayEquals(new double[] {0, 3, 6}, apply(Activations.get("relu6"), -1, 3, 7), TOL);
        assertArrayEquals(new double[] {0, 3, 6}, apply(Activations.relu(0.0, 6.0, 0.0), -1, 3, 7), TOL);
    }

    @Test
    void piecewiseActivations() {
        assertArrayEquals(new double[] {-2, 0, 3}, apply(Activations.get("linear"), -2, 0, 3), TOL);
        // leaky_relu default slope 0.2: -2 -> -0.4
        assertArrayEquals(new double[] {-0.4, 0, 3}, apply(Activations.get("leaky_relu"), -2, 0, 3), TOL);
        assertArrayEquals(new double[] {-0.2, 3}, apply(Activations.leakyRelu(0.1), -2, 3), TOL);
        // hard_sigmoid (Keras 3) = relu6(x + 3) / 6: -3 -> 0, -1 -> 2/6, 0 -> 0.5, 1.5 -> 4.5/6 = 0.75, 4 -> 1
        // (Keras 2's 0.2x + 0.5 would give 0.8 at 1.5)
        assertArrayEquals(new double[] {0, 1.0 / 3, 0.5, 0.75, 1},
                apply(Activations.get("hard_sigmoid"), -3, -1, 0, 1.5, 4), TOL);
        // hard_silu = x * hard_sigmoid(x): -4 -> 0, 1 -> 1 * 4/6, 4 -> 4
        assertArrayEquals(new double[] {0, 2.0 / 3, 4}, apply(Activations.get("hard_swish"), -4, 1, 4), TOL);
        // softsign = x / (1 + |x|): 3 -> 0.75, -1 -> -0.5
        assertArrayEquals(new double[] {0.75, -0.5}, apply(Activations.get("softsign"), 3, -1), TOL);
    }

    @Test
    void exponentialFamily() {
        double em1 = Math.exp(-1) - 1; // -0.6321205588285577
        assertArrayEquals(new double[] {em1, 2}, apply(Activations.get("elu"), -1, 2), TOL);
        assertArrayEquals(new double[] {0.5 * em1, 2}, apply(Activations.elu(0.5), -1, 2), TOL);
        // selu: scale*x for x > 0; scale*alpha*(e^x - 1) otherwise
        // 1.0507009873554805 * 1.6732632423543772 * -0.6321205588285577 = -1.1113307378125625
        assertArrayEquals(new double[] {1.0507009873554805, -1.1113307378125625}, apply(Activations.get("selu"), 1, -1), 1e-12);
        assertArrayEquals(new double[] {Math.E, 1}, apply(Activations.get("exponential"), 1, 0), TOL);
        // softplus: log(1 + e^0) = ln 2, log(1 + e) = 1.3132616875182228
        assertArrayEquals(new double[] {Math.log(2), 1.3132616875182228}, apply(Activations.get("softplus"), 0, 1), 1e-12);
        // sigmoid(0) = 0.5, sigmoid(2) = 1/(1+e^-2) = 0.8807970779778823
        assertArrayEquals(new double[] {0.5, 0.8807970779778823}, apply(Activations.get("sigmoid"), 0, 2), 1e-12);
        assertArrayEquals(new double[] {0.46211715726000974}, apply(Activations.get("tanh"), 0.5), 1e-12);
        // silu: 1 * sigmoid(1) = 0.7310585786300049; -2 * sigmoid(-2) = -2 * 0.11920292202211755
        assertArrayEquals(new double[] {0.7310585786300049, -0.2384058440442351}, apply(Activations.get("silu"), 1, -2), 1e-12);
        assertArrayEquals(apply(Activations.get("silu"), 1, -2), apply(Activations.get("swish"), 1, -2), 0);
        // mish = x tanh(softplus(x)): 1 -> tanh(1.3132616875182228) = 0.8650983882673103
        assertArrayEquals(new double[] {0.8650983882673103, -0.30340146137410895}, apply(Activations.get("mish"), 1, -1), 1e-12);
    }

    @Test
    void geluExactAndApproximate() {
        // exact: 0.5 (1 + erf(1/sqrt 2)) = Phi(1) = 0.8413447460685429; at -1: -Phi(-1) = -0.15865525393145707
        assertArrayEquals(new double[] {0.8413447460685429, -0.15865525393145707}, apply(Activations.get("gelu"), 1, -1), 1e-12);
        // tanh form: 0.5 (1 + tanh(sqrt(2/pi) * 1.044715)) = 0.8411919906082768
        assertArrayEquals(new double[] {0.8411919906082768, -0.15880800939172324}, apply(Activations.gelu(true), 1, -1), 1e-12);
    }

    @Test
    void softmaxAndLogSoftmaxOverAxes() {
        // softmax([1, 2, 3]) = e^x / (e + e^2 + e^3)
        double[] soft = {0.09003057317038046, 0.24472847105479767, 0.6652409557748219};
        assertArrayEquals(soft, apply(Activations.get("softmax"), 1, 2, 3), 1e-12);
        assertArrayEquals(new double[] {-2.40760596444438, -1.4076059644443801, -0.4076059644443803},
                apply(Activations.get("log_softmax"), 1, 2, 3), 1e-12);
        // axis 0 of [[1, 0], [3, 0]]: column 0 -> softmax(1, 3) = (0.11920292202211755, 0.8807970779778824), column 1 -> 0.5, 0.5
        INDArray m = Nd4j.createFromArray(new double[][] {{1, 0}, {3, 0}});
        Tensor out = Activations.softmax(0).apply(Tensor.constant(m));
        assertArrayEquals(new double[] {0.11920292202211755, 0.5, 0.8807970779778824, 0.5},
                out.value().reshape(4).toDoubleVector(), 1e-12);
        // outputs remember their logits, for the losses' stable path
        Tensor logits = Tensor.constant(m);
        assertSame(logits, Activations.get("softmax").apply(logits).logits());
        assertTrue(Activations.get("sigmoid").apply(logits).isSigmoidOutput());
    }

    @Test
    void everyActivationHasCorrectGradients() {
        inFloat64(() -> {
            for (String name : NAMES) {
                Activation a = Activations.get(name);
                check(t -> a.apply(t.get(0)), uniform(-3.5, 3.5, 3, 4));
            }
            for (Activation a : List.of(Activations.relu(0.3, 1.5, 0.5), Activations.relu(0.3, null, -0.5),
                    Activations.relu(0.0, 2.0, 0.0), Activations.relu(0.2, 3.0, 0.0), Activations.leakyRelu(0.05),
                    Activations.elu(0.7), Activations.gelu(true), Activations.softmax(0), Activations.logSoftmax(0))) {
                check(t -> a.apply(t.get(0)), uniform(-3.5, 3.5, 3, 4));
            }
        });
    }

    @Test
    void everyNameIsTested() {
        assertEquals(new java.util.TreeSet<>(NAMES), Registry.get().names(Kind.ACTIVATION));
    }

    @Test
    void defaultsSerializeAsTheKerasName() {
        for (String name : NAMES) {
            Object cfg = Activations.serialize(Activations.get(name));
            String expected = switch (name) {
                case "swish" -> "silu";
                case "hard_swish" -> "hard_silu";
                default -> name;
            };
            assertEquals(expected, cfg);
            assertEquals(Activations.get(name), Activations.get(cfg));
        }
        assertEquals("relu", Activations.serialize(Activations.relu(0.0, null, 0.0)));
        assertEquals("leaky_relu", Activations.serialize(Activations.leakyRelu(0.2)));
        assertEquals("softmax", Activations.serialize(Activations.softmax(-1)));
    }

    @Test
    void parameterisedActivationsRoundTrip() {
        for (Activation a : List.of(Activations.relu(0.1, 6.0, 0.5), Activations.relu(0.0, null, 2.0),
                Activations.leakyRelu(0.3), Activations.elu(0.5), Activations.gelu(true), Activations.softmax(1),
                Activations.logSoftmax(0))) {
            Object cfg = Activations.serialize(a);
            assertTrue(cfg instanceof Map<?, ?>, a + " serializes as a map");
            assertEquals(a.className(), ((Map<?, ?>) cfg).get("class_name"));
            Activation back = Activations.get(cfg);
            assertEquals(a, back);
            assertEquals(a, Registry.get().create(Kind.ACTIVATION, a.className(), Config.of(a.getConfig()), Activation.class));
            INDArray x = Nd4j.createFromArray(new double[][] {{-3, -0.5, 0.7}, {1.2, 2.5, 7}});
            assertEquals(a.apply(Tensor.constant(x)).value(), back.apply(Tensor.constant(x)).value());
        }
        Map<String, Object> relu = new LinkedHashMap<>();
        relu.put("negative_slope", 0.1);
        relu.put("max_value", null);
        relu.put("threshold", 0.0);
        assertEquals(Map.of("class_name", "relu", "config", relu), Activations.serialize(Activations.relu(0.1, null, 0.0)));
        // integers as JSON writes them, and only some keys: the rest take Keras's defaults
        Activation capped = Activations.get(Map.of("class_name", "relu", "config", Map.of("max_value", 6)));
        assertEquals(Activations.relu(0.0, 6.0, 0.0), capped);
        assertNotEquals(Activations.relu(), capped);
    }

    @Test
    void resolvesNullAndInstances() {
        assertEquals(Activations.linear(), Activations.get((Object) null));
        Activation a = Activations.elu(0.3);
        assertSame(a, Activations.get((Object) a));
        assertEquals(Activations.get("relu"), Activations.get("ReLU"));
    }

    @Test
    void unknownNameListsKnownNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Activations.get("rleu"));
        assertTrue(e.getMessage().contains("'rleu'"), e.getMessage());
        for (String name : NAMES) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> Activations.get(Map.of("class_name", "relu", "config", Map.of("alpha", 1.0))));
        assertTrue(bad.getMessage().contains("alpha"), bad.getMessage());
    }
}
