/**
 * JMH benchmarks and memory demonstrations, run beside PyTorch's peer script by {@code scripts/bench.sh}, which
 * writes {@code docs/benchmarks.md}. Speed is measured here, never asserted in unit tests.
 */
package io.gradtape.bench;
