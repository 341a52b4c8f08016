package org.keras4j.framework.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link LstmCellKernel} as libnd4j element-wise ops, any data type: each step's gate block is copied
 * into a dense array of this kernel's and activated there in place (libnd4j's ops reject a view of a
 * view whose rows are apart as their result), cell states and their tanh in arrays of their own.
 */
final class NativeLstmCell implements LstmCellKernel {
    private final long u;
    private final INDArray gates;
    private final INDArray cells;
    private final INDArray tanhCells;
    private final INDArray c0;
    private INDArray dc;

    /** @param c0 the initial cell state, {@code (u, B)} */
    NativeLstmCell(long steps, INDArray c0) {
        this.u = c0.size(0);
        this.c0 = c0;
        long b = c0.size(1);
        gates = Nd4j.createUninitialized(c0.dataType(), steps, 4 * u, b);
        cells = Nd4j.createUninitialized(c0.dataType(), steps, u, b);
        tanhCells = Nd4j.createUninitialized(c0.dataType(), steps, u, b);
    }

    @Override
    public void forward(long t, INDArray preActivations, INDArray h) {
        INDArray z = gates.slice(t).assign(preActivations);
        Transforms.sigmoid(rows(z, 0, 3 * u), false);
        INDArray g = Transforms.tanh(rows(z, 3 * u, 4 * u), false);
        INDArray c = cells.slice(t);
        rows(z, u, 2 * u).mul(t > 0 ? cells.slice(t - 1) : c0, c).addi(rows(z, 0, u).mul(g));
        INDArray tc = tanhCells.slice(t);
        Nd4j.exec(new Tanh(c, tc));
        rows(z, 2 * u, 3 * u).mul(tc, h);
    }

    @Override
    public INDArray lastCell() {
        return cells.slice(cells.size(0) - 1);
    }

    @Override
    public void startBackward(INDArray dLastCell) {
        dc = dLastCell.dup('c');
    }

    @Override
    public void backward(long t, INDArray dOut, INDArray dhNext, INDArray dzOut) {
        // computed densely, then copied: libnd4j's ops reject a result that is a view of a view whose rows are apart
        INDArray dz = dzOut.ulike();
        INDArray dh = dhNext == null ? dOut : dOut.addi(dhNext);
        INDArray z = gates.slice(t);
        INDArray gi = rows(z, 0, u);
        INDArray gf = rows(z, u, 2 * u);
        INDArray go = rows(z, 2 * u, 3 * u);
        INDArray gg = rows(z, 3 * u, 4 * u);
        INDArray tc = tanhCells.slice(t);
        // h = o * tanh(c): dc += dh * o * (1 - tanh(c)^2)
        dc.addi(tc.mul(tc).rsubi(1.0).muli(go).muli(dh));
        // c = f * cPrev + i * g; the sigmoid gates' slopes s(1 - s) in one pass
        dc.mul(gg, rows(dz, 0, u));
        dc.mul(t > 0 ? cells.slice(t - 1) : c0, rows(dz, u, 2 * u));
        dh.mul(tc, rows(dz, 2 * u, 3 * u));
        INDArray sig = rows(z, 0, 3 * u);
        rows(dz, 0, 3 * u).muli(sig.rsub(1.0).muli(sig));
        dc.mul(gi, rows(dz, 3 * u, 4 * u)).muli(gg.mul(gg).rsubi(1.0));
        dc.muli(gf);
        dzOut.assign(dz);
    }

    @Override
    public INDArray initialCellGradient() {
        return dc;
    }

    /** Rows {@code [from, to)} of a c-ordered matrix: a contiguous view. */
    private static INDArray rows(INDArray m, long from, long to) {
        return m.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }
}
