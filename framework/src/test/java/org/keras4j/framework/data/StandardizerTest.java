package org.keras4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Standardizer} on a hand-computed 3x2 example and its edge cases. */
class StandardizerTest {
    private static final double TOL = 1e-12;

    @Test
    void threeByTwoByHand() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}, {5, 9}});
        Standardizer s = Standardizer.fit(x);
        // column 0: mean (1+3+5)/3 = 3, variance (4+0+4)/3 = 8/3
        // column 1: mean (2+4+9)/3 = 5, variance (9+1+16)/3 = 26/3
        double sd0 = Math.sqrt(8.0 / 3);
        double sd1 = Math.sqrt(26.0 / 3);
        assertArrayEquals(new double[] {3, 5}, s.mean().toDoubleVector(), TOL);
        assertArrayEquals(new double[] {sd0, sd1}, s.std().toDoubleVector(), TOL);

        INDArray z = s.transform(x);
        double[][] expected = {
                {-2 / sd0, -3 / sd1},  // (1-3)/sd0 = -1.2247, (2-5)/sd1 = -1.0190
                {0, -1 / sd1},
                {2 / sd0, 4 / sd1}};
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i], z.getRow(i).toDoubleVector(), TOL, "row " + i);
        }
        // standardized training data: mean 0 and population std 1 in each column
        assertArrayEquals(new double[] {0, 0}, z.mean(0).toDoubleVector(), TOL);
        assertArrayEquals(new double[] {1, 1}, z.std(false, 0).toDoubleVector(), TOL);

        // test data uses the training statistics: (3,5) -> 0, (6,10) -> (3/sd0, 5/sd1)
        INDArray test = Nd4j.createFromArray(new double[][] {{3, 5}, {6, 10}});
        INDArray zt = s.transform(test);
        assertArrayEquals(new double[] {0, 0}, zt.getRow(0).toDoubleVector(), TOL);
        assertArrayEquals(new double[] {3 / sd0, 5 / sd1}, zt.getRow(1).toDoubleVector(), TOL);
        assertArrayEquals(new double[] {6, 10}, s.inverseTransform(zt).getRow(1).toDoubleVector(), TOL);
        assertEquals(Nd4j.createFromArray(new double[][] {{3, 5}, {6, 10}}), test, "input untouched");
    }

    @Test
    void constantFeatureGetsStdOne() {
        INDArray x = Nd4j.createFromArray(new double[][] {{7, 1}, {7, 3}});
        Standardizer s = Standardizer.fit(x);
        assertArrayEquals(new double[] {1, 1}, s.std().toDoubleVector(), TOL); // column 1: |1-2| = 1
        // a test value of 9 in the constant column maps to 9 - 7 = 2, not to infinity
        assertArrayEquals(new double[] {2, 0}, s.transform(Nd4j.createFromArray(new double[][] {{9, 2}}))
                .toDoubleVector(), TOL);
    }

    @Test
    void imagesAndIntegerInput() {
        // two 1x2 "images" of unsigned bytes: pixel 0 is (0, 200), pixel 1 is (100, 100)
        INDArray px = Nd4j.createFromArray(new byte[] {0, 100, (byte) 200, 100}).castTo(DataType.UINT8).reshape(2, 1, 2);
        Standardizer s = Standardizer.fit(px);
        assertEquals(DataType.FLOAT, s.mean().dataType());
        assertArrayEquals(new long[] {1, 2}, s.mean().shape());
        assertArrayEquals(new float[] {100, 100}, s.mean().reshape(2).toFloatVector(), 1e-5f);
        assertArrayEquals(new float[] {100, 1}, s.std().reshape(2).toFloatVector(), 1e-5f);
        // (0 - 100)/100 = -1, (100 - 100)/1 = 0
        assertArrayEquals(new float[] {-1, 0}, s.transform(px).slice(0).reshape(2).toFloatVector(), 1e-6f);
    }

    @Test
    void errors() {
        Standardizer s = Standardizer.fit(Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> s.transform(Nd4j.createFromArray(new double[][] {{1, 2, 3}})));
        assertTrue(e.getMessage().contains("expected x of shape (None, 2)"), e.getMessage());
        assertTrue(e.getMessage().contains("received shape (1, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Standardizer.fit(Nd4j.create(DataType.DOUBLE, 0, 2)));
        assertTrue(e.getMessage().contains("at least one sample"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Standardizer(Nd4j.createFromArray(0.0, 1.0), Nd4j.createFromArray(1.0, 0.0)));
        assertTrue(e.getMessage().contains("every std must be positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Standardizer(Nd4j.createFromArray(0.0, 1.0), Nd4j.createFromArray(1.0)));
        assertTrue(e.getMessage().contains("same shape and type"), e.getMessage());
    }
}
