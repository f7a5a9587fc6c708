#!/usr/bin/env bash
# Data-parallel training on Spark's local mode: steps per second against partitions, beside the local trainer,
# and the fixed cost of one Spark job per step. Prints Markdown tables (see docs/benchmarks.md, "Spark").
# Usage: scripts/spark-bench.sh [master]     (default local[2])
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=$(mktemp)
# one reactor build, so that gradtape-core resolves to its fresh classes (nothing is installed in ~/.m2)
mvn -B -ntp -q -pl gradtape-spark -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
cp="gradtape-spark/target/test-classes:gradtape-spark/target/classes:gradtape-core/target/classes:$(cat "$cp_file")"
rm -f "$cp_file"
opens=$(sed -n 's/.*<argLine>\(.*\)<\/argLine>.*/\1/p' gradtape-spark/pom.xml)
# shellcheck disable=SC2086
exec java $opens -Dlog4j2.configurationFile=gradtape-spark/src/test/resources/log4j2-test.properties \
  -cp "$cp" io.gradtape.spark.SparkTrainingBenchmark "$@"
