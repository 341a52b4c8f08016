package org.keras4j.framework.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Automatic layer names follow Keras's to_snake_case, digits included. */
class LayerNamesTest {
    @Test
    void snakeCaseAsKeras() {
        assertEquals("dense", Layer.snakeCase("Dense"));
        assertEquals("multi_head_attention", Layer.snakeCase("MultiHeadAttention"));
        assertEquals("conv2d", Layer.snakeCase("Conv2D"));
        assertEquals("global_max_pooling1d", Layer.snakeCase("GlobalMaxPooling1D"));
        assertEquals("up_sampling2d", Layer.snakeCase("UpSampling2D"));
        assertEquals("gru", Layer.snakeCase("GRU"));
        assertEquals("p_re_lu", Layer.snakeCase("PReLU")); // Keras names PReLU layers this way too
        assertEquals("lstm_cell", Layer.snakeCase("LSTMCell"));
    }
}
