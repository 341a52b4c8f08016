package org.keras4j.layers.reshaping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;

class ReshapeTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Reshape(3, 4)).inputShape(2, 12).expectOutputShape(2, 3, 4).expectParams(0).run();
        LayerTestHarness.of(() -> new Reshape(-1, 2)).inputShape(2, 3, 4).expectOutputShape(2, 6, 2).run();
    }

    @Test
    void infersTheUnknownAxis() {
        assertEquals(Shape.of(-1, 28, 28, 1), new Reshape(28, -1, 1).computeOutputShape(Shape.of(-1, 784)));
    }

    @Test
    void rejectsSizesThatDoNotFit() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Reshape(28, 27).computeOutputShape(Shape.of(-1, 784)));
        assertTrue(e.getMessage().contains("784") && e.getMessage().contains("(28, 27)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Reshape(-1, -1));
        assertThrows(IllegalArgumentException.class, () -> new Reshape(0, 3));
    }
}
