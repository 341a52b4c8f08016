package org.keras4j.framework.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The host generator keeps java.util.Random's sequence, and random state snapshots restore exactly. */
class BackendRandomStateTest {

    @Test
    void hostGeneratorDrawsJavaUtilRandomsSequence() {
        Random reference = new Random(1234);
        Random host = new HostRandom(1234);
        for (int i = 0; i < 200; i++) {
            assertEquals(reference.nextInt(97), host.nextInt(97));
            assertEquals(reference.nextDouble(), host.nextDouble());
            assertEquals(reference.nextGaussian(), host.nextGaussian());
            assertEquals(reference.nextLong(), host.nextLong());
        }
        reference.setSeed(99);
        host.setSeed(99);
        assertEquals(reference.nextGaussian(), host.nextGaussian());
        assertEquals(reference.nextInt(), host.nextInt());
    }

    @Test
    void snapshotRestoresHostAndNativeGenerators() {
        Backend.setRandomSeed(5);
        Backend.hostRandom().nextGaussian(); // leaves a cached Gaussian, which is state too
        Nd4j.rand(DataType.FLOAT, 10);
        RandomState saved = Backend.randomState();
        int[] hostA = draws();
        double gaussA = Backend.hostRandom().nextGaussian();
        float[] nativeA = Nd4j.rand(DataType.FLOAT, 50).toFloatVector();
        float[] dropoutA = Nd4j.getRandom().nextDouble(new long[] {20}).toFloatVector();

        Backend.setRandomSeed(777); // anything in between
        Nd4j.rand(DataType.FLOAT, 33);
        assertNotEquals(saved, Backend.randomState());

        Backend.setRandomState(saved);
        assertEquals(saved, Backend.randomState());
        assertArrayEquals(hostA, draws());
        assertEquals(gaussA, Backend.hostRandom().nextGaussian());
        assertArrayEquals(nativeA, Nd4j.rand(DataType.FLOAT, 50).toFloatVector());
        assertArrayEquals(dropoutA, Nd4j.getRandom().nextDouble(new long[] {20}).toFloatVector());
    }

    private static int[] draws() {
        int[] out = new int[20];
        for (int i = 0; i < out.length; i++) {
            out[i] = Backend.hostRandom().nextInt(1000);
        }
        return out;
    }
}
