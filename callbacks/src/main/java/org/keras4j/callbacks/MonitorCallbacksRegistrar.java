package org.keras4j.callbacks;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the monitoring callbacks of this module under {@link Kind#CALLBACK}:
 * {@code "EarlyStopping"} ({@code "early_stopping"}), {@code "ReduceLROnPlateau"}
 * ({@code "reduce_lr_on_plateau"}), {@code "ModelCheckpoint"} ({@code "model_checkpoint"}) and
 * {@code "BackupAndRestore"} ({@code "backup_and_restore"}). Found through {@code META-INF/services}.
 */
public final class MonitorCallbacksRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.CALLBACK, "EarlyStopping", EarlyStopping::fromConfig, "early_stopping");
        registry.register(Kind.CALLBACK, "ReduceLROnPlateau", ReduceLROnPlateau::fromConfig, "reduce_lr_on_plateau");
        registry.register(Kind.CALLBACK, "ModelCheckpoint", ModelCheckpoint::fromConfig, "model_checkpoint");
        registry.register(Kind.CALLBACK, "BackupAndRestore", BackupAndRestore::fromConfig, "backup_and_restore");
    }
}
