package io.gradtape.spark;

import io.gradtape.JavadocExamples;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every Javadoc example of gradtape-spark compiles (see {@link JavadocExamples}), with gradtape's imports, this
 * package's and Spark's session and DataFrame types.
 */
class JavadocExamplesTest {
    @Test
    void everyJavadocExampleCompiles() throws IOException {
        String basedir = System.getProperty("basedir");
        Path module = Paths.get(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
        JavadocExamples.assertAllCompile(module, module.resolve("src/main/java/io/gradtape/spark"), List.of(
                "import io.gradtape.*;", "import static io.gradtape.Tensors.*;", "import java.util.*;",
                "import java.util.function.*;", "import io.gradtape.nn.*;", "import io.gradtape.nn.Module;",
                "import io.gradtape.optimizers.*;", "import io.gradtape.data.*;", "import io.gradtape.spark.*;",
                "import org.apache.spark.sql.SparkSession;", "import org.apache.spark.sql.Dataset;",
                "import org.apache.spark.sql.Row;", "import org.apache.spark.api.java.JavaRDD;"), 10);
    }
}
