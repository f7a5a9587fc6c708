/**
 * Synchronous data-parallel training on Apache Spark: {@link io.gradtape.spark.SparkTrainer} runs the loop of
 * {@link io.gradtape.spark.Trainer} on a cluster, {@link io.gradtape.spark.LocalTrainer} runs the same loop in one
 * JVM with bit-identical results. The model travels as a {@link io.gradtape.spark.ModelRecipe}, the weights as plain
 * arrays; see {@code TrainDigitsOnSpark} for a program to submit.
 */
package io.gradtape.spark;
