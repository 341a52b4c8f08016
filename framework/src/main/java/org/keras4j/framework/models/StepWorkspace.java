package org.keras4j.framework.models;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J workspace that holds one training or evaluation step's temporaries (activations,
 * gradients, loss terms). After the first step has shown how much memory a step needs, every
 * later step bump-allocates from the same block, so the hot path neither calls malloc nor
 * touches fresh pages, and native memory stays flat. Weights, optimizer state and metric state
 * are created outside it.
 */
final class StepWorkspace {
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.2)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .build();

    private StepWorkspace() {
    }

    /** Opens (and on close, rewinds) the step workspace of {@code model} on this thread. */
    static MemoryWorkspace activate(Model model) {
        return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, "keras4j-step-" + System.identityHashCode(model));
    }
}
