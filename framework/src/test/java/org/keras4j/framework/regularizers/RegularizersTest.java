package org.keras4j.framework.regularizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keras4j.framework.testing.GradientCheck.check;
import static org.keras4j.framework.testing.GradientCheck.inFloat64;
import static org.keras4j.framework.testing.GradientCheck.uniform;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras 3 L1, L2 and L1L2: penalty values, gradients, names, configs and argument checks. */
class RegularizersTest {
    /** sum|x| = 1 + 2 + 3 + 4 = 10, sum x^2 = 1 + 4 + 9 + 16 = 30. */
    private static final INDArray X = Nd4j.createFromArray(new double[][] {{1, -2}, {3, -4}});

    private static double penalty(Regularizer r, INDArray x) {
        Tensor p = r.apply(Tensor.constant(x));
        assertEquals(0, p.rank(), "the penalty is a scalar");
        return p.scalar();
    }

    @Test
    void penaltiesMatchHandComputation() {
        assertEquals(0.01 * 10, penalty(new L1(), X), 1e-12);
        assertEquals(0.01 * 30, penalty(new L2(), X), 1e-12);
        assertEquals(0.1 * 10 + 0.2 * 30, penalty(new L1L2(0.1, 0.2), X), 1e-12);
        assertEquals(0.5 * 30, penalty(new L1L2(0.0, 0.5), X), 1e-12);
        assertEquals(0.0, penalty(new L1L2(), X), 0.0);
        // Keras's docstring example: L2(2.) on ones((5, 5)) = 2 * 25 = 50
        assertEquals(50.0, penalty(new L2(2.0), Nd4j.ones(DataType.FLOAT, 5, 5)), 1e-5);
        assertEquals(DataType.FLOAT, new L1().apply(Tensor.constant(Nd4j.ones(DataType.FLOAT, 2))).dataType());
        assertEquals(DataType.FLOAT, new L1L2().apply(Tensor.constant(Nd4j.ones(DataType.FLOAT, 2))).dataType());
    }

    @Test
    void penaltiesHaveCorrectGradients() {
        inFloat64(() -> {
            // |x| is not differentiable at 0: keep the L1 inputs away from it, with both signs
            INDArray awayFromZero = uniform(0.2, 2, 3, 4).muliRowVector(Nd4j.createFromArray(new double[] {1, -1, 1, -1}));
            check(t -> new L1(0.3).apply(t.get(0)), awayFromZero);
            check(t -> new L2(0.7).apply(t.get(0)), uniform(-2, 2, 3, 4));
            check(t -> new L1L2(0.2, 0.05).apply(t.get(0)), awayFromZero);
            check(t -> new L1L2(0.0, 0.05).apply(t.get(0)), uniform(-2, 2, 2, 3, 2));
        });
    }

    @Test
    void namesResolveWithKerasDefaults() {
        assertEquals(new L1(0.01), Regularizers.get("l1"));
        assertEquals(new L2(0.01), Regularizers.get("L2"));
        assertEquals(new L1L2(0.0, 0.0), Regularizers.get("L1L2"));
        assertEquals(new L1L2(0.0, 0.0), Regularizers.get("l1l2"));
        assertEquals(new L1L2(0.01, 0.01), Regularizers.get("l1_l2"));
        assertNull(Regularizers.get(null));
        Regularizer mine = new L2(0.5);
        assertEquals(mine, Regularizers.get(mine));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Regularizers.get("l3"));
        assertTrue(e.getMessage().contains("'l3'") && e.getMessage().contains("L1L2") && e.getMessage().contains("l1_l2"), e.getMessage());
    }

    @Test
    void configsRoundTrip() {
        for (Regularizer r : List.of(new L1(0.2), new L2(0.003), new L1L2(0.1, 0.0), new L1L2(), Regularizers.get("l1_l2"))) {
            assertEquals(r, Registry.get().create(Kind.REGULARIZER, r.className(), Config.of(r.getConfig()), Regularizer.class));
            Regularizer back = Regularizers.get(Regularizers.serialize(r));
            assertEquals(r, back);
            assertEquals(penalty(r, X), penalty(back, X), 0.0);
        }
        assertEquals(Map.of("class_name", "L1L2", "config", Map.of("l1", 0.01, "l2", 0.01)), Regularizers.serialize(Regularizers.get("l1_l2")));
        // JSON integers and Keras's None (null) for a factor, which means the default
        java.util.Map<String, Object> cfg = new java.util.HashMap<>();
        cfg.put("l1", 1);
        cfg.put("l2", null);
        assertEquals(new L1L2(1.0, 0.0), Regularizers.get(Map.of("class_name", "L1L2", "config", cfg)));
    }

    @Test
    void badFactorsAreRejected() {
        assertMessage(() -> new L1(-0.1), "L1: l1 must be a non-negative finite number, received l1=-0.1");
        assertMessage(() -> new L2(Double.NaN), "L2: l2 must be a non-negative finite number, received l2=NaN");
        assertMessage(() -> new L1L2(0.1, Double.POSITIVE_INFINITY),
                "L1L2: l2 must be a non-negative finite number, received l2=Infinity");
        assertMessage(() -> Regularizers.get(Map.of("class_name", "l2", "config", Map.of("l2", -1))),
                "L2: l2 must be a non-negative finite number, received l2=-1.0");
        assertMessage(() -> Regularizers.get(Map.of("class_name", "l1", "config", Map.of("l2", 0.1))),
                "unknown config key(s) [l2]");
    }

    private static void assertMessage(Executable body, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
