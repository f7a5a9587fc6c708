#!/usr/bin/env bash
# Starts JShell with gradtape on the class path and the imports of scripts/gradtape.jsh, building gradtape-core
# first when its classes are missing or older than its sources. Arguments go to jshell, e.g.
#   scripts/jshell.sh                         # type the notebook's cells yourself
#   scripts/jshell.sh scripts/notebook.jsh    # run all of them (then keep typing; /exit to leave)
# Windows (or without bash), from the repository's root:
#   mvn -q -pl gradtape-core compile
#   jshell --add-modules jdk.incubator.vector -R--add-modules -Rjdk.incubator.vector --class-path gradtape-core/target/classes --startup DEFAULT --startup scripts/gradtape.jsh
# The two --add-modules flags turn on gradtape's Vector API kernels in the JVM that runs the snippets (-R...) and
# let the compiler resolve the module too; without them gradtape runs its scalar kernels and logs one line saying so.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
classes="$root/gradtape-core/target/classes"
stamp="$classes/io/gradtape/Tensor.class"
if [ ! -f "$stamp" ] || [ -n "$(find "$root/gradtape-core/src/main" -newer "$stamp" -type f -print -quit)" ]; then
  echo "jshell.sh: compiling gradtape-core (mvn -q -pl gradtape-core compile)" >&2
  (cd "$root" && mvn -B -q -ntp -pl gradtape-core compile)
fi
exec jshell --add-modules jdk.incubator.vector -R--add-modules -Rjdk.incubator.vector --class-path "$classes" --startup DEFAULT --startup "$root/scripts/gradtape.jsh" "$@"
