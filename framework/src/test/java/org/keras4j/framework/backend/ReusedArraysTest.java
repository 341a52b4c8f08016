package org.keras4j.framework.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReusedArraysTest {
    private final ReusedArrays reused = new ReusedArrays();
    /** Reuse stands in for workspace temporaries, so the requests run inside one, as a training step's do. */
    private MemoryWorkspace step;

    @BeforeEach
    void openStepWorkspace() {
        step = Nd4j.getWorkspaceManager().getAndActivateWorkspace(
                WorkspaceConfiguration.builder().initialSize(1 << 20).build(), "reused-arrays-test-step");
    }

    @AfterEach
    void closeStepWorkspace() {
        step.close();
    }

    @Test
    void outsideAScopeEveryRequestGetsANewArray() {
        INDArray a = ReusedArrays.uninitialized(DataType.FLOAT, 2, 3);
        INDArray b = ReusedArrays.uninitialized(DataType.FLOAT, 2, 3);
        assertNotSame(a, b);
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertEquals(0, reused.held());
    }

    @Test
    void theKthRequestOfAScopeGetsTheArrayOfTheKthRequestOfThePreviousOne() {
        INDArray[] first = requests(new long[] {4, 5}, new long[] {4, 5}, new long[] {5});
        assertNotSame(first[0], first[1], "two requests of one scope never share an array");
        INDArray[] second = requests(new long[] {4, 5}, new long[] {4, 5}, new long[] {5});
        for (int k = 0; k < first.length; k++) {
            assertSame(first[k], second[k], "request " + k);
        }
        assertEquals(3, reused.held());
        assertArrayEquals(new long[] {5}, second[2].shape());
    }

    @Test
    void aOneOffShapeGetsAFreshArrayAndTwoMissesInARowRelearnThePosition() {
        INDArray full = requests(new long[] {128, 10})[0];
        INDArray last = requests(new long[] {44, 10})[0];
        assertNotSame(full, last);
        assertArrayEquals(new long[] {44, 10}, last.shape());
        assertSame(full, requests(new long[] {128, 10})[0], "the smaller last batch of an epoch does not evict the full one");

        INDArray miss = requests(new long[] {64, 10})[0];
        INDArray relearnt = requests(new long[] {64, 10})[0];
        assertNotSame(full, relearnt);
        assertSame(relearnt, requests(new long[] {64, 10})[0], "after two misses the position holds the new shape");
        assertNotSame(miss, relearnt);
        // a different data type is a miss too
        assertEquals(DataType.DOUBLE, requests(DataType.DOUBLE, new long[] {64, 10})[0].dataType());
    }

    @Test
    void reusedArraysLiveOutsideTheWorkspaceThatIsOpenWhenTheyAreMade() {
        WorkspaceConfiguration config = WorkspaceConfiguration.builder().initialSize(1 << 20).build();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(config, "reused-arrays-test")) {
            INDArray inside = ReusedArrays.uninitialized(DataType.FLOAT, 3);
            assertTrue(inside.isAttached(), "outside a scope the workspace serves the request");
            INDArray kept = requests(new long[] {3})[0];
            assertFalse(kept.isAttached());
        }
    }

    @Test
    void aRequestMadeOutsideEveryWorkspaceGetsANewArrayEvenInAScope() {
        INDArray[] kept = new INDArray[2];
        for (int k = 0; k < kept.length; k++) {
            try (ReusedArrays.Scope scope = reused.open(); MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                kept[k] = ReusedArrays.uninitialized(DataType.FLOAT, 3);
            }
        }
        assertNotSame(kept[0], kept[1], "an array meant to outlive the step (a weight, a copy) is never handed on");
        assertEquals(0, reused.held());
    }

    @Test
    void openingItAgainInsideItsOwnScopeContinuesThatScope() {
        INDArray[][] rounds = new INDArray[2][];
        for (int round = 0; round < 2; round++) {
            try (ReusedArrays.Scope outer = reused.open()) {
                INDArray a = ReusedArrays.uninitialized(DataType.FLOAT, 2);
                INDArray b;
                try (ReusedArrays.Scope inner = reused.open()) {
                    b = ReusedArrays.uninitialized(DataType.FLOAT, 2);
                }
                INDArray c = ReusedArrays.uninitialized(DataType.FLOAT, 2);
                rounds[round] = new INDArray[] {a, b, c};
            }
        }
        assertEquals(3, reused.held(), "the inner open neither restarted the count nor ended the outer scope");
        for (int k = 0; k < 3; k++) {
            assertSame(rounds[0][k], rounds[1][k], "request " + k);
        }
    }

    @Test
    void aSecondThreadOpeningWhileAScopeIsOpenGetsPlainArrays() throws Exception {
        INDArray mine = requests(new long[] {2})[0];
        try (ReusedArrays.Scope scope = reused.open()) {
            assertSame(mine, ReusedArrays.uninitialized(DataType.FLOAT, 2));
            INDArray theirs = CompletableFuture.supplyAsync(() -> {
                try (ReusedArrays.Scope other = reused.open()) {
                    return ReusedArrays.uninitialized(DataType.FLOAT, 2);
                }
            }).get();
            assertNotSame(mine, theirs);
        }
        assertSame(mine, requests(new long[] {2})[0], "the other thread left the arrays alone");
    }

    @Test
    void closingAnInnerScopeRestoresTheOuterOne() {
        ReusedArrays inner = new ReusedArrays();
        INDArray outerFirst;
        INDArray outerSecond;
        try (ReusedArrays.Scope outer = reused.open()) {
            outerFirst = ReusedArrays.uninitialized(DataType.FLOAT, 2);
            try (ReusedArrays.Scope in = inner.open()) {
                ReusedArrays.uninitialized(DataType.FLOAT, 2);
            }
            outerSecond = ReusedArrays.uninitialized(DataType.FLOAT, 2);
        }
        assertEquals(2, reused.held());
        assertEquals(1, inner.held());
        INDArray[] again = requests(new long[] {2}, new long[] {2});
        assertSame(outerFirst, again[0]);
        assertSame(outerSecond, again[1]);
        assertEquals(0, new ReusedArrays().held());
    }

    private INDArray[] requests(long[]... shapes) {
        return requests(DataType.FLOAT, shapes);
    }

    /** One scope making one request per shape, in order. */
    private INDArray[] requests(DataType type, long[]... shapes) {
        INDArray[] out = new INDArray[shapes.length];
        try (ReusedArrays.Scope scope = reused.open()) {
            for (int k = 0; k < shapes.length; k++) {
                out[k] = ReusedArrays.uninitialized(type, shapes[k]);
            }
        }
        return out;
    }
}
