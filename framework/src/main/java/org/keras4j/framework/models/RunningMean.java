package org.keras4j.framework.models;

/** A weighted mean of per-batch values (the {@code loss} entry of the logs). */
final class RunningMean {
    private double total;
    private double weight;

    void update(double value, double w) {
        total += value * w;
        weight += w;
    }

    double result() {
        return weight == 0 ? 0.0 : total / weight;
    }

    void reset() {
        total = 0;
        weight = 0;
    }
}
