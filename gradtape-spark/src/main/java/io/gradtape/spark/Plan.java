package io.gradtape.spark;

import io.gradtape.Generator;
import java.io.Serializable;
import java.util.Arrays;

/**
 * Which rows each partition uses at each step: a pure function of the seed, the partition, the epoch and the
 * step, so that a retried task, a resumed run and the local reference all take the same rows (see
 * {@link TrainConfig}).
 */
final class Plan implements Serializable {
    private static final long serialVersionUID = 1L;

    final TrainConfig config;
    final long stepsPerEpoch;

    Plan(TrainConfig config, long stepsPerEpoch) {
        this.config = config;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    long totalSteps() {
        return stepsPerEpoch * config.epochs();
    }

    /** The rows of partition {@code p} (holding {@code n} examples) used at {@code step}. */
    int[] rows(int p, int n, long step) {
        long epoch = step / stepsPerEpoch;
        int k = (int) (step % stepsPerEpoch);
        Generator g = Generator.fromSeed(config.seed()).split(config.partitions()).get(p)
                .split(Math.toIntExact(epoch + 1)).get((int) epoch);
        int[] perm = g.permutation(n);
        int share = config.share();
        return Arrays.copyOfRange(perm, k * share, (k + 1) * share);
    }
}
