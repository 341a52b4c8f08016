package org.keras4j.framework.saving;

/**
 * Bounds on what reading a model file or config may cost, so a hostile or corrupt file fails with a
 * {@link ModelFileException} instead of exhausting memory. The defaults admit any model a single
 * machine can train; lower them for files from untrusted sources.
 *
 * <pre>{@code
 * Model m = Models.load(path, LoadLimits.defaults().maxWeightElements(10_000_000));
 * }</pre>
 *
 * @param maxEntries        most entries a zip may have (default 100,000)
 * @param maxJsonBytes      largest JSON entry, inflated (default 64 MiB)
 * @param maxArrayBytes     largest array entry, inflated (default 2 GiB - 64 KiB, one Java array)
 * @param maxTotalBytes     most bytes inflated from one file in total (default 16 GiB)
 * @param maxCompressionRatio largest ratio of inflated to stored size of an entry (default 100; Keras4J stores arrays
 *                          uncompressed, so only a zip bomb comes near)
 * @param maxWeightElements most weight elements a model rebuilt from a config may create (default 2^31)
 */
public record LoadLimits(int maxEntries, long maxJsonBytes, long maxArrayBytes, long maxTotalBytes,
        double maxCompressionRatio, long maxWeightElements) {

    public LoadLimits {
        if (maxEntries <= 0 || maxJsonBytes <= 0 || maxArrayBytes <= 0 || maxTotalBytes <= 0 || !(maxCompressionRatio >= 1)
                || maxWeightElements < 0) {
            throw new IllegalArgumentException("LoadLimits: every limit must be positive (compression ratio >= 1), received " + this);
        }
        maxArrayBytes = Math.min(maxArrayBytes, Integer.MAX_VALUE - 65536);
        maxJsonBytes = Math.min(maxJsonBytes, Integer.MAX_VALUE - 65536);
    }

    /** The default limits. */
    public static LoadLimits defaults() {
        return new LoadLimits(100_000, 64L << 20, Integer.MAX_VALUE - 65536, 16L << 30, 100, 1L << 31);
    }

    public LoadLimits maxEntries(int v) {
        return new LoadLimits(v, maxJsonBytes, maxArrayBytes, maxTotalBytes, maxCompressionRatio, maxWeightElements);
    }

    public LoadLimits maxJsonBytes(long v) {
        return new LoadLimits(maxEntries, v, maxArrayBytes, maxTotalBytes, maxCompressionRatio, maxWeightElements);
    }

    public LoadLimits maxArrayBytes(long v) {
        return new LoadLimits(maxEntries, maxJsonBytes, v, maxTotalBytes, maxCompressionRatio, maxWeightElements);
    }

    public LoadLimits maxTotalBytes(long v) {
        return new LoadLimits(maxEntries, maxJsonBytes, maxArrayBytes, v, maxCompressionRatio, maxWeightElements);
    }

    public LoadLimits maxCompressionRatio(double v) {
        return new LoadLimits(maxEntries, maxJsonBytes, maxArrayBytes, maxTotalBytes, v, maxWeightElements);
    }

    public LoadLimits maxWeightElements(long v) {
        return new LoadLimits(maxEntries, maxJsonBytes, maxArrayBytes, maxTotalBytes, maxCompressionRatio, v);
    }
}
