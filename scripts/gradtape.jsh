// gradtape's JShell start-up (scripts/jshell.sh loads it): the library's exported packages and the imports the
// notebook walkthrough uses. (io.gradtape.nn joins when it exists.)
import io.gradtape.*;
import static io.gradtape.Tensors.*;
import io.gradtape.checkpoint.*;
import io.gradtape.data.*;
import io.gradtape.optimizers.*;
import java.util.*;
import java.util.function.*;
