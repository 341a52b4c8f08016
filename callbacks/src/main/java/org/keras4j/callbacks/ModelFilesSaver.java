package org.keras4j.callbacks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.optimizers.Optimizer;
import org.keras4j.framework.saving.Models;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link CheckpointSaver#modelFiles()}: the framework's {@link Models} format. */
final class ModelFilesSaver implements CheckpointSaver {
    static final ModelFilesSaver INSTANCE = new ModelFilesSaver();

    private ModelFilesSaver() {
    }

    @Override
    public void save(Model model, Path file, boolean weightsOnly) {
        if (weightsOnly) {
            Models.saveWeights(model, file);
        } else {
            Models.save(model, file);
        }
    }

    /**
     * Loads the file as a model (which does not move the random generators), then copies its
     * weights, optimizer slots and iteration count into {@code model}, keeping {@code model}'s own
     * optimizer object (callbacks hold on to it).
     */
    @Override
    public void restore(Model model, Path file) {
        Model saved = Models.load(file);
        model.setWeights(saved.getWeights());
        Optimizer target = model.optimizer();
        Optimizer source = saved.optimizer();
        if (target == null || source == null) {
            return;
        }
        List<Variable> targetVars = model.weights();
        List<Variable> sourceVars = saved.weights();
        target.slots().clear();
        for (int i = 0; i < sourceVars.size(); i++) {
            Map<String, INDArray> slots = source.slots().get(sourceVars.get(i));
            if (slots != null) {
                for (Map.Entry<String, INDArray> s : slots.entrySet()) {
                    target.setSlot(targetVars.get(i), s.getKey(), s.getValue());
                }
            }
        }
        target.setIterations(source.iterations());
    }
}
