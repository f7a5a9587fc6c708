package io.gradtape;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every {@code <pre>{@code ...}</pre>} example in the public (non-internal) sources of gradtape-core compiles
 * (see {@link JavadocExamples} for how), with the imports {@code io.gradtape.*}, {@code static
 * io.gradtape.Tensors.*}, {@code java.util.*} and {@code java.util.function.*}, plus {@code io.gradtape.nn.*},
 * {@code io.gradtape.optimizers.*}, {@code io.gradtape.data.*} and {@code io.gradtape.checkpoint.*} for those of
 * these packages whose source directory exists.
 */
class JavadocExamplesTest {
    private static final List<String> OPTIONAL_PACKAGES = List.of("nn", "optimizers", "data", "checkpoint", "summary");

    @Test
    void everyJavadocExampleCompiles() throws IOException {
        Path module = moduleDir();
        Path root = module.resolve("src/main/java/io/gradtape");
        List<String> imports = new ArrayList<>(List.of("import io.gradtape.*;", "import static io.gradtape.Tensors.*;",
                "import java.util.*;", "import java.util.function.*;"));
        for (String p : OPTIONAL_PACKAGES) {
            if (Files.isDirectory(root.resolve(p))) {
                imports.add("import io.gradtape." + p + ".*;");
            }
        }
        JavadocExamples.assertAllCompile(module, root, imports, 100);
    }

    private static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        Path p = Paths.get(basedir != null ? basedir : System.getProperty("user.dir")).toAbsolutePath();
        if (!Files.isDirectory(p.resolve("src/main/java/io/gradtape")) && Files.isDirectory(p.resolve("gradtape-core"))) {
            p = p.resolve("gradtape-core");
        }
        return p;
    }
}
