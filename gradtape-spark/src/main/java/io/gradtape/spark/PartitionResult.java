package io.gradtape.spark;

import java.io.Serializable;

/**
 * What one partition sends back for one step: its loss and gradients multiplied by its example count (so that
 * shares add up to the global batch's sums), kept in double.
 */
final class PartitionResult implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition;
    final double[][] gradientSums;
    final double lossSum;
    final long count;

    PartitionResult(int partition, double[][] gradientSums, double lossSum, long count) {
        this.partition = partition;
        this.gradientSums = gradientSums;
        this.lossSum = lossSum;
        this.count = count;
    }
}
