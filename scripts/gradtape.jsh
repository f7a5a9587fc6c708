// gradtape's JShell start-up (scripts/jshell.sh loads it): the library's exported packages and the imports the
// notebook walkthrough uses. io.gradtape.nn.Module is imported by name: java.lang.Module would make it ambiguous.
import io.gradtape.*;
import static io.gradtape.Tensors.*;
import io.gradtape.checkpoint.*;
import io.gradtape.data.*;
import io.gradtape.nn.*;
import io.gradtape.nn.Module;
import io.gradtape.optimizers.*;
import io.gradtape.spi.*;
import io.gradtape.summary.*;
import java.util.*;
import java.util.function.*;
