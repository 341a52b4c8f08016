package org.keras4j.framework.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class NativeAllocationsTest {
    private static final String LOWER_CASE = "org.bytedeco.javacpp.maxphysicalbytes";

    @Test
    void backendInitTurnsTheResidentSizeCheckOff() {
        Backend.init();
        assertEquals("0", System.getProperty(NativeAllocations.MAX_PHYSICAL_BYTES));
    }

    @Test
    void aLimitTheUserSetIsKeptUnderEitherSpelling() {
        String before = System.getProperty(NativeAllocations.MAX_PHYSICAL_BYTES);
        try {
            System.clearProperty(NativeAllocations.MAX_PHYSICAL_BYTES);
            System.setProperty(LOWER_CASE, "8g");
            NativeAllocations.skipResidentSizeChecks();
            assertNull(System.getProperty(NativeAllocations.MAX_PHYSICAL_BYTES), "the user's lower-case setting wins");

            System.clearProperty(LOWER_CASE);
            System.setProperty(NativeAllocations.MAX_PHYSICAL_BYTES, "12g");
            NativeAllocations.skipResidentSizeChecks();
            assertEquals("12g", System.getProperty(NativeAllocations.MAX_PHYSICAL_BYTES));
        } finally {
            System.clearProperty(LOWER_CASE);
            if (before == null) {
                System.clearProperty(NativeAllocations.MAX_PHYSICAL_BYTES);
            } else {
                System.setProperty(NativeAllocations.MAX_PHYSICAL_BYTES, before);
            }
        }
    }
}
