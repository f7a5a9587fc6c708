// gradtape's JShell start-up (scripts/jshell.sh loads it): the imports the notebook walkthrough uses.
import io.gradtape.*;
import static io.gradtape.Tensors.*;
import io.gradtape.checkpoint.*;
import java.util.*;
import java.util.function.*;
