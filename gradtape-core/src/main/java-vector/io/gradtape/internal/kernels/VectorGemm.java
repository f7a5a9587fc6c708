package io.gradtape.internal.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * <p>
 * Matrix product {@code C = op(A) op(B)} in float32 with the Vector API, where {@code op(X)} is X or its
 * transpose, A is {@code m x k}, B is {@code k x n}, C is {@code m x n}, all row-major at offsets (the layout of
 * {@code GemmProvider}). C is overwritten: its previous contents are never read.
 * </p>
 *
 * <p>
 * GotoBLAS layout. B is packed into panels of {@link #NR} columns (two vectors) by {@link #KB} rows, p-major and
 * zero-padded at the right edge; the rows of A that one task owns ({@link #MC} at most) are packed per slab in
 * groups of {@link #MR} rows, p-major, zero rows padding the last group. The micro-kernel keeps an
 * {@code MR x NR} tile of C in vector registers for a whole slab: per step of p it loads two B vectors,
 * broadcasts MR elements of A and does 2 MR fused multiply-adds; both packed arrays are read with a constant
 * stride, so the bounds checks leave the inner loop. The first slab writes the tile to C, later slabs add to it;
 * a tile at the bottom or right edge is parked in a scratch array and only its valid part goes to C.
 * </p>
 *
 * <p>
 * Loops: for each block of {@link #NB} columns and {@link #KS} rows of B, the rows of C are cut into tasks; a task
 * walks its slabs, packs its rows of A (they stay in L2 while the panels pass) and then, panel by panel (each
 * staying in L1 while the row groups pass), runs the micro-kernel. Each thread packs the panels of B it uses into
 * a buffer of its own ({@link #B_PACK}): its first row block of the block of B packs each panel just before using
 * it, its later ones find the panel packed (see "Thread split" below). No thread ever waits for another's panel.
 * </p>
 *
 * <p>
 * C between slabs. When a block of B is more than one slab deep, a task's whole tiles do not go to C after each
 * slab but to its stage ({@link #C_STAGE}, a thread's own array): tile after tile, {@code MR x NR} floats each, in
 * the order the kernels visit them, so that a tile's sixteen cache lines are neighbours rather than eight rows of
 * C a row stride apart (4 KiB at n = 1024: the same L1 sets for all of them, eight pages). The block's first slab
 * writes the stage (adding C when the block is not the first of k), the middle ones read and write it, the last
 * reads it and writes C; a tile adds exactly what it would have found in C, so the bits are the same. Edge tiles
 * keep going to C through the scratch tile. {@link #rows} picks the stage or C for each slab with bits (the
 * {@code mode} passed down to {@link #wholeTiles}), and wholeTiles picks arrays from a small table by those bits:
 * no branch on them (see "Dispatch"). Measured on the Intel Xeon: see "Intel, 2026-12-05" below.
 * </p>
 *
 * <p>
 * Tried, landed, and taken out again: A in rows. For products whose rows of A meet at most 4 panels of B per slab
 * (n up to 128 with 512-bit vectors), A's groups of MR rows were copied row by row (rows KB + 8 floats apart)
 * instead of transposed p-major by {@link #transpose8}, and a second kernel, {@code micro8Rows}, took its eight
 * broadcasts at constant distances from one index (same fma chains, same bits). At n = 128 the transposing pack was
 * 3.5-4.0 us of a 31.5-33.6 us product and the row copies 1.4-1.6, and old and new classes alternated in one JVM
 * read 1.03-1.10 at 128^3, 1.06-1.11 at 64^3 and 1.04-1.11 for the MNIST MLP's 128x256 @ 256x128 (one thread, CPU
 * time, 2026-12-05; commit fe14e4c). But the second kernel is a second large method for C2: its first use
 * compiled an 80 ms on-stack-replacement version (33 KB of code) and a 45 ms normal one, as {@link #micro8} does,
 * and until then it ran the Vector API's allocating fallback in C1's code. In {@code WarmCold mixed 2}, whose
 * other workloads multiply only at n = 256 and 1024, those compilations fell in the MNIST MLP's first steps: three
 * alternated pairs under SCHED_FIFO (2026-12-05 18:15 UTC, one other agent building) read first 100 / steady
 * 2.66, 2.96, 2.59x with it against 1.47, 1.53, 1.41x without (the C2 threads' CPU time over those steps 2.2-2.8
 * against 1.0-1.2 ms per step), steady 0.99-1.06 against 1.03-1.10 ms. One kernel for every shape keeps a
 * program's first products from paying for a second one, so it was taken out; what it measured is kept here.
 * </p>
 * <p>
 * Tried and not taken, in the same way: B read in place (its whole panels unpacked, the kernels stepping n floats
 * per row), for B as stored with n up to 128: 128^3 0.99, 64^3 1.09, 256x128 @ 128x128 0.93, 1024x128 @ 128x128
 * 0.90 (a panel of B with rows 512 bytes apart falls on 16 of the 64 L1 sets and is fetched again for each group
 * of A; at n = 256, 1 KiB apart, its 64 tiles took 218 us against 191); A read in place by the kernel (eight rows
 * k floats apart, so eight address computations per step): 127 GFLOP/s for the 64 tiles of 128^3 against 163;
 * transposing A's 8-row groups in registers (eight 8-float loads, an 8 x 8 transpose in three rounds of
 * {@code rearrange} and {@code blend}, eight stores): 5.4 us for A at n = 128 against 3.9 for {@link #transpose8}
 * (the two-vector {@code rearrange(shuffle, v)}, not intrinsified by JDK 17, took 62 us).
 * </p>
 *
 * <p>
 * Aligned panels. A packed B panel is read two 64-byte vectors per step, and a vector load that crosses a cache line
 * costs more; where a Java array starts is not the program's to choose, but G1 puts an array of at least half a heap
 * region (a "humongous" one) at the start of a region, and never moves it, so its data start 16 bytes after a 64-byte
 * boundary (the array header, with compressed class pointers). So the packed panels start {@link #B_AT} = 12 floats
 * into B_PACK, which holds at least {@link #B_MIN} floats, 2 MiB and a little more: humongous with regions up to 4 MiB
 * (G1 picks 4 MiB for this machine's default 6 GiB heap; 1-2 MiB for heaps of 2-4 GiB). With another collector or
 * larger regions the panels fall where they fall, as before. Measured (Intel Xeon, 2026-12-05, one thread, CPU time):
 * the 8 x 32 kernel over one 256-deep panel at 16 offsets into a 4 MiB array, 174-191 GFLOP/s at offset 12 against
 * 157-185 elsewhere (5-8% in each of 6 rounds); the whole product, old and new classes alternated in one JVM, 21
 * rounds, same bits, median speed ratio new / old: 1024^3 1.07-1.07 (its B_PACK, 4 MiB, was already humongous, the
 * panels 16 bytes off), 512^3 1.05, 256^3 1.00-1.07, 128^3 1.05-1.06, 64^3 1.03 (these two with A's rows layout above
 * in place), 128x784 @ 784x256 1.06; on two threads (the caller's CPU time) 128^3 1.12-1.13, 256^3 1.07, 1024^3 1.08.
 * Tried: the panels in an aligned direct {@code ByteBuffer} ({@code alignedSlice(64)}, {@code
 * FloatVector.fromByteBuffer}): 115-127 GFLOP/s for the kernel against 171-192 from the array, JDK 17's buffer loads
 * keep their checks in the loop.
 * </p>
 *
 * <p>
 * Thread split: products of at least {@link #PARALLEL_MIN_MACS} multiply-adds are split by rows into blocks of a
 * multiple of MR rows (at most MC), {@link #TASKS_PER_THREAD} per thread where the rows allow, and every thread
 * that takes part packs the whole block of B for itself, once, in its first task (its later tasks of the block
 * reuse it). Each element of C is summed over p in the same order whatever the split, so the result has the same
 * bits on every thread count; it agrees with {@link BlockedGemm} to rounding.
 * </p>
 *
 * <p>
 * Why every thread packs B for itself: a panel packed by one core and read by the other comes from the other
 * core's cache, and that costs more than packing it again (a vector copy, or a gather for transposed B, of
 * {@code ks x nb} floats: about a {@code 2 / m}-th of the product's work per extra thread). Until 2026-12-05 only
 * blocks of B under 2^17 floats were packed per thread, as measured on the AMD EPYC of 2026-12-02 (n = 128 and
 * 256 faster packed twice, n = 512 1,352-1,434 us shared against 1,412-1,544 per thread), and larger blocks, and
 * transposed B, were packed once and shared: whichever task first needed a panel claimed it (a compare-and-set
 * per panel and slab), and a task that found a panel claimed but not packed set it aside and, if still unpacked
 * after the slab's other panels, packed a copy. On the Intel Xeon (2026-12-05, two threads, quiet machine, old
 * and new classes in alternated JVMs, wall time per product, medians of rounds): n = 1024 with a fresh C
 * 252-283 GFLOP/s shared against 272-300 per thread, 2048 250-266 against 260-272; 128x784 @ 784x256 (the MNIST
 * MLP's first layer) 220-235 us against 185-199; with transposed B, 128x256 @ (784x256)^T 237-247 against 216-228,
 * 128x128 @ (256x128)^T 54-57 against 36-38, 1024^3 7.2-7.4 against 6.9-7.3 ms; n = 128-512 within noise. Two
 * threads that each ran their own half of a 1024 product as a one-thread product (a throwaway harness, each
 * thread its own packed B) had reached 315-330 GFLOP/s together where the shared product reached 283-308: the
 * shared panels, not the split, were the loss. The price is memory: every thread that takes part in a product
 * keeps a B buffer as large as the largest block it has packed (at least {@link #B_MIN}; 4 MiB from n = 1024).
 * </p>
 *
 * <p>
 * Sizes (AVX-512, L = 16 floats; AMD EPYC, Zen 5: two 512-bit FMA pipes per core, an FMA loop runs at 175-207
 * GFLOP/s per core, i.e. 2 x 16 lanes x 2 flops at 2.7-3.2 GHz). Measured 2026-12-02 on the shared 2-core machine
 * (load 12-20), one thread, interleaved in one JVM, GFLOP/s per CPU-second of the calling thread (the load makes
 * wall time useless for differences of 10%), median / best of 9-11 samples:
 * </p>
 * <ul>
 *   <li>register tile MR = 8 rows (16 accumulators) against the former kernel's 6 and against 12 and 14 (24 and
 *       28 accumulators; AVX-512 has 32 registers): n = 1024: 144 / 152 for 8, 121 / 138 for 6, 127 / 147 for 12,
 *       125 / 145 for 14; n = 256: 131 / 152, 125 / 142, 137 / 150, 137 / 154; n = 128: 126 / 133, 121 / 127,
 *       128 / 135, 128 / 133; n = 64: 89 / 94, 89 / 92, 75 / 89, 86 / 88. 8 rows divide the power-of-two sizes
 *       (no edge tiles) and were never far from the best; unrolling p by two by hand, and indexing with
 *       {@code p * MR} instead of running offsets, were within noise;</li>
 *   <li>KB = 256: a B panel is 32 KiB, the A group 8 KiB, together within the 48 KiB L1; 128, 192, 384 and 512
 *       measured 130-141 / 143-153 at n = 1024 and 133-142 / 148-154 at n = 256, 256 gave 135 / 147 and
 *       142 / 150: within noise;</li>
 *   <li>MC = 128: the packed A rows, 128 KiB, within the 1 MiB L2 beside the panels; 64: the same, 256 and 512:
 *       +5% (144 / 158 at n = 1024), inside this load's noise, not taken;</li>
 *   <li>NB = KS = 1024: at most 4 MiB of packed B per block, kept per thread;</li>
 *   <li>packing: at n = 64 packing A costs about a third of the product (skipping it, results wrong, timing
 *       only: 91 -> 139) and packing B about a sixth (73 -> 86 in another run). Packing A with p outer, with a
 *       gather of 2 columns of 8 rows, or with a scatter of one row: all within noise of the row-by-row copy
 *       on that machine; on the Intel Xeon of 2026-12-03, p outer was 30-40% faster (see {@link #transpose8}),
 *       and packing was 18% of the JFR samples of the MNIST MLP's step on one thread, so A and transposed B are
 *       now packed that way;
 *       reading A's rows directly in the micro-kernel (no A packing) was slower (86 against 91);</li>
 *   <li>threads: products from 2^19 multiply-adds are split; a helper that has not started when the caller is
 *       done is cancelled by {@link Parallel}, so splitting small products risks little: 2^20 and 2^22 as
 *       thresholds, and 1 or 4 tasks per thread instead of 2, were within noise at n = 64-256 on two threads. The
 *       threshold was 2^18 (n = 64) until 2026-12-02; with Parallel's spinning hand-off, n = 64 measured (SCHED_FIFO,
 *       3 x 3,000 products, load 9-12) a median of 3.9-4.4 us on two threads against 4.2-4.3 on one, but a mean
 *       of 5.1-5.5 (one sample 22) against 4.5-4.6: no gain and a worse tail, so products of that size stay on
 *       one thread.</li>
 * </ul>
 * <p>
 * With narrower vectors (AVX2: 16 registers) the tile is 6 x 2 vectors, the former kernel's: sixteen
 * accumulators would leave no register for the B vectors and the broadcast.
 * </p>
 *
 * <p>
 * Intel, 2026-12-05 (the shared 2-core Intel Xeon with AVX-512, 2 MiB L2 per core, FMA peak 239 GFLOP/s on one
 * thread; load 2-10 from other builds): old and new kernels as two copies of this class in one JVM, alternated
 * product by product, 21-61 rounds, GFLOP/s per CPU-second (the calling thread's, plus the kernel helper's with
 * two threads), every product compared bit for bit between the copies. Ratios are medians of new / old over the
 * rounds; at n = 1024 one round's ratio spreads over 0.9-1.3, so that size was run in 6 JVMs.
 * </p>
 * <ul>
 *   <li>the C stage above: n = 1024, one thread, median ratio 1.02-1.10 in 8 JVMs, 1.05 in the last three
 *       (median GFLOP/s +4 to +11%, e.g. 124.5 -> 133.1, 131.8 -> 138.2), two threads 1.04-1.09 (120.6 -> 130.8,
 *       126.6 -> 135.3); n = 512 (two slabs) 1.00-1.01; one-slab products (n = 128, 256, the MLP's 128x256 @
 *       256x128 and the backward products) and the MLP's 128x784 @ 784x256 (four slabs, but 16 tiles of C per
 *       panel) 0.98-1.01: within noise. WarmCold mixed 2 with {@code -XX:+LogCompilation}, two runs each: no
 *       trap in this class during the MLP's first 100 steps, before or after; before, {@code wholeTiles} trapped
 *       during the other workloads at its {@code acc ? c : NEG_ZERO} (a JVM's first product deeper than one slab),
 *       which the table of arrays replaced;</li>
 *   <li>where 1024 loses (timing only, results wrong): with C never read or written the product ran 1.09-1.12x,
 *       with every B panel read from the same two places (L1/L2-resident) 1.04x; with the micro-kernel skipped
 *       (packing and loops only) it took 7% of the time at n = 1024, 9% at 512, 10% at 256, 17% at 128 and 15%
 *       for 128x784 @ 784x256;</li>
 *   <li>the p loop indexed by p and unrolled by four, with the last 1-4 steps in a second loop (so that both
 *       loops run, and no branch is new, whenever kb > 4): +2-3% at n = 128-512 and on the MLP's shapes, 0-3% at
 *       1024 (the kernel alone in an L1-resident test, 5%). Not taken: micro8 grows from 1,389 to 3,125 bytes of
 *       bytecode and C1 gives up on it ({@code -XX:+PrintCompilation}: "COMPILE SKIPPED: out of virtual
 *       registers in linear scan"), so it runs interpreted until C2 compiles it; in 2 of about 18 JVMs C1 had
 *       compiled it at tier 2 (no profile; the policy's choice while C2 is busy), tier 3 then failed, it never
 *       reached C2 and every product ran at 1.3 GFLOP/s for the rest of the JVM. Unrolled by two (2,257 bytes,
 *       which C1 compiles): within 1% of this loop. Zero-padding kb to a multiple of 4 instead of the second
 *       loop (-0.0 in A's and +0.0 in B's padded steps, so each adds -0.0, which changes no float): the same
 *       gain, and 128x10 @ (128x10)^T (k = 10, 12 steps) 5% slower;</li>
 *   <li>NB = 512 (a C row block and a B slab of half the size in L2): 0.98-1.01 at n = 1024 on its own; MC =
 *       256 or 512: 0.99-1.02; transparent huge pages for the heap ({@code -XX:+UseTransparentHugePages}):
 *       within noise, so TLB misses on C's rows are not the cost.</li>
 * </ul>
 *
 * <p>
 * Exact vector types. C2 turns a Vector API call into a vector instruction only when it knows the vector's
 * concrete class ({@code Float512Vector}) at that call. It knows it for a vector fresh from {@code broadcast} (the
 * receiver of every {@code fma} here), but not for an accumulator after the p loop, a vector after a merge of two
 * paths or a {@code fromArray} result: there it guesses from the type profile of the Vector API method itself
 * ({@code FloatVector.intoArray}), which every caller in the JVM shares. Once any code has stored a vector of
 * another shape ({@code VectorMath}'s and {@code VectorKernels}' 256-bit float vectors, converted to and from
 * 512-bit double lanes, or a user's), that profile has two classes, C2 inlines both, the store intrinsic fails
 * ({@code -XX:+PrintInlining}: "failed to inline (intrinsic)") and each store boxes its vector and runs the API's
 * Java fallback. Measured 2026-12-02 (128 x 784 by 784 x 256, one thread, CPU per product after 3,000 calls): 0.36
 * ms with a clean profile, 5.3-9.9 ms after 256-bit stores; whether the MLP step ran at 1.2 ms or at 8-13 ms depended
 * on which kernel C2 happened to compile first. {@code VC.cast(v)} (Class.cast of a constant, final class) gives C2
 * the exact class, so the intrinsic no longer depends on the profile; it is one class check per store, outside the
 * p loop.
 * </p>
 *
 * <p>
 * Packers. Each layout has its own packing loop, a static method chosen once per product: A as stored or
 * transposed ({@link #packARows}, {@link #packAColumns}; a last partial group of rows in {@link #packAEdge}), B as
 * stored or transposed, each for a full panel and an edge panel ({@link #B_ROWS}, {@link #B_COLUMNS}, indexed by
 * {@link #edge}). Until 2026-12-03 one {@code packB} held all three B layouts: in a JVM whose earlier products had
 * all been {@code A @ B} with whole panels (WarmCold mixed: n = 256 and 1024), the MLP's first {@code dY @ W^T}
 * (its backward pass) made {@code packB} not entrant, and the plain vector copy of every later product ran C1's
 * code, where each vector operation is the Vector API's allocating Java fallback, until C2 compiled it again (JFR,
 * main thread over the MLP's first 100 steps: 16 of 149 samples in one run, 40 of 312 in another). For the same
 * reason {@code micro8} and {@code micro6} do not choose between C and the scratch tile of an edge tile, nor
 * whether to add C: their callers pass the target, what to add and their row strides (see {@link #micro8}).
 * </p>
 *
 * <p>
 * Dispatch. C2 compiles a branch that no call in the method's profile has taken as a trap, and a call whose profile saw
 * one class as that class's inlined code behind a {@code class_check} trap; a trap throws the whole compiled method
 * away, and it runs in C1 (where each vector operation is the Vector API's allocating Java fallback) until the one C2
 * thread, busy with everything else new, compiles it again. So what differs between products (the layouts, a narrow
 * panel, a last partial group of rows, one thread or several) is chosen without a branch or a profiled call in the
 * methods that loop over the panels and tiles: the packers and the tile loops ({@link #wholeTiles}, {@link #edgeTiles})
 * are static methods called through {@link MethodHandle}s from small tables indexed by arithmetic ({@link #edge},
 * {@code groups - whole}); a call through a handle that is not a constant is not inlined and has no receiver profile,
 * so a new target deoptimizes nothing. A product on one thread and a split one differ only in {@link #BLOCKS}' entry:
 * {@link #rows} is the same for both. Measured 2026-12-03 with {@code -XX:+LogCompilation} on WarmCold mixed 2 (other
 * workloads: products of 256 and 1024, all {@code A @ B}, whole panels, two threads; then the MNIST MLP): before, the
 * MLP's first steps trapped in {@code sgemm} (one thread), {@code panel} (its first edge tile), {@code packA}, {@code
 * claim} and {@code rows} ({@code class_check} at the transposed layouts), and C2 compiled {@code rows} again twice (20
 * and 15 KB, 150 and 72 ms), {@code claim}, {@code packA}, {@code panel}, {@code block} and {@code sgemm} once more;
 * now none of these traps (a first version, with the packers behind handles but {@code rows} still testing whether the
 * product kept claims, trapped there at the MLP's first one-thread product: {@code rows} had been compiled while the
 * products were all shared ones), and C2 compiles the code the MLP is the first to run ({@code edgeTiles}, {@code
 * packAColumns}, {@code packBColumns}, {@code packBRowsEdge}). Each packer and tile loop is called through its handle
 * once per panel or group: CPU time per product on one thread (median of 15 blocks after 4 s, two alternated runs, load
 * 8-9), before / after, in us: 128x784 @ 784x256 306, 310 / 325, 307; its weight gradient (transposed A) 292, 307 /
 * 282, 310; 128x128 @ (256x128)^T 54, 54 / 56, 79; 128x128 @ 128x10 12.6, 12.6 / 11.0, 13.9; 128^3 26.7, 26.2 / 29.6,
 * 24.0; 64^3 4.6, 4.3 / 4.6, 4.0; 250^3 195, 207 / 193, 192: within noise.
 * </p>
 */
final class VectorGemm {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Floats in one vector: 16 with AVX-512, 8 with AVX2. */
    static final int L = S.length();
    /**
     * The concrete class of S's vectors ({@code Float512Vector} with AVX-512). Every store, and the add before a
     * store, takes its vector through {@code VC.cast}: see "Exact vector types" in the class comment.
     */
    @SuppressWarnings("unchecked")
    static final Class<FloatVector> VC = (Class<FloatVector>) S.vectorType();
    /**
     * Vectors of 8 floats, the rows of an A group with AVX-512 ({@link #MR}): {@link #packAColumns} copies one per
     * step of p, where a {@code System.arraycopy} of 8 floats per step took 8% of the samples (JFR) of the MLP's
     * {@code (128x784)^T @ 128x256} on one thread.
     */
    private static final VectorSpecies<Float> G = FloatVector.SPECIES_256;
    /** G's vector class, for its stores (see "Exact vector types" in the class comment). */
    @SuppressWarnings("unchecked")
    private static final Class<FloatVector> GC = (Class<FloatVector>) G.vectorType();
    /** Columns of the register tile and of a packed B panel: two vectors. */
    static final int NR = 2 * L;
    /**
     * Rows of the register tile: 8 (16 accumulators) with 512-bit vectors (32 registers), 6 (12 accumulators, the
     * two B vectors and a broadcast fill all 16 registers) with narrower ones.
     */
    static final int MR = S.vectorBitSize() >= 512 ? 8 : 6;
    /** Depth of one slab of k: a B panel is {@code KB x NR} (32 KiB at L = 16), an A group {@code MR x KB}. */
    static final int KB = 256;
    /** Rows of A one task packs per slab ({@code MC x KB} floats, 128 KiB, stay in L2 while B panels pass). */
    static final int MC = 128;
    /** Columns and depth of a block of B, packed by each thread that works on it ({@code KS x NB}, 4 MiB). */
    static final int NB = 1024;
    static final int KS = 1024;
    /** Tasks per thread when a product is split: more than one, so that a slow core takes fewer of them. */
    static final int TASKS_PER_THREAD = 2;
    /** Products with fewer multiply-adds stay on the calling thread. */
    static final long PARALLEL_MIN_MACS = 1L << 19;

    /**
     * Where the packed panels start in B_PACK: 12 floats in, so that a panel starts on a 64-byte boundary when the
     * array's data starts 16 bytes after one (see "Aligned panels" in the class comment).
     */
    static final int B_AT = 12;
    /** Smallest B_PACK: 2 MiB of floats and a little more (see "Aligned panels" in the class comment). */
    static final int B_MIN = (1 << 19) + 64;

    /**
     * A thread's packed panels of the block of B it works on, {@code B_AT + ks * ceil(nb / NR) * NR} floats or
     * more: each thread that takes part in a product packs its own (see "Thread split" in the class comment).
     * Grown by {@link #ownB} only.
     */
    private static final ThreadLocal<float[]> B_PACK = ThreadLocal.withInitial(() -> new float[0]);
    /**
     * Which block each panel of this thread's B_PACK holds: entry {@code s * panels + jp} is the token of the call
     * of {@link #block} that packed panel jp of slab s (a new object per call, so a panel is never taken for
     * another block's).
     */
    private static final ThreadLocal<Object[]> B_PACKED =
            ThreadLocal.withInitial(() -> new Object[KS / KB * (NB / NR)]);
    private static final ThreadLocal<float[]> A_PACK = ThreadLocal.withInitial(() -> new float[0]);
    private static final ThreadLocal<float[]> TILE = ThreadLocal.withInitial(() -> new float[MR * NR]);
    /**
     * A task's whole tiles of C between the slabs of a block, tile after tile ({@code MR x NR} floats each, a
     * panel's groups in order, panel after panel): {@code MC x NB} floats. See "C between slabs" in the class
     * comment.
     */
    private static final ThreadLocal<float[]> C_STAGE = ThreadLocal.withInitial(() -> new float[MC * NB]);
    /** A tile of -0.0, never written: what {@link #panel} has the kernels add when nothing is to be added. */
    private static final float[] NEG_ZERO = negativeZeros(MR * NR);

    private VectorGemm() {
    }

    static void sgemm(boolean ta, boolean tb, int m, int n, int k, float[] a, int ao, float[] b, int bo,
                      float[] c, int co) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            java.util.Arrays.fill(c, co, co + m * n, 0f);
            return;
        }
        // Parallel.threads() from PARALLEL_MIN_MACS multiply-adds on, else 1: a bit, not a branch (see "Dispatch"
        // in the class comment; the MNIST MLP's 10-wide products were a JVM's first ones on one thread)
        int split = (int) ((PARALLEL_MIN_MACS - 1 - (long) m * n * k) >>> 63);
        int threads = 1 + split * (Parallel.threads() - 1);
        // the layouts' packers, chosen once per product (see "Packers" in the class comment), by bits from the
        // layouts: a branch on ta or tb here was compiled as a trap in a JVM whose products had all been A and B
        // as stored (WarmCold mixed 2, -XX:+LogCompilation, base 1389e5e, 2026-12-03 13:26-13:56 UTC: the MNIST
        // MLP's first backward products trapped at sgemm@61 or @99, and C2 compiled VectorKernels.sgemm,
        // MatmulKernels.matmul or javaGemm, which inline sgemm, again: 2.4-11.6 KB, in 7 of 8 runs); the bits come
        // from a call that is not inlined (bit), whose own trap throws away 0.1 KB (6 logged runs of this change)
        int ia, ib;
        try {
            ia = (int) BIT[0].invokeExact(ta);
            ib = (int) BIT[0].invokeExact(tb);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
        MethodHandle pa = A_PACKERS[ia];
        int aRow = k + ia * (1 - k); // ta ? 1 : k; op(A)(i, p) = a[ao + i * aRow + p * aStep]
        int aStep = 1 + ia * (m - 1); // ta ? m : 1
        MethodHandle[] pk = B_PACKERS[ib];
        for (int j0 = 0; j0 < n; j0 += NB) {
            for (int p0 = 0; p0 < k; p0 += KS) {
                block(pa, aRow, aStep, pk, m, n, k, a, ao, b, bo, c, co, j0, Math.min(NB, n - j0), p0,
                        Math.min(KS, k - p0), threads);
            }
        }
    }

    /**
     * Columns {@code [j0, j0 + nb)} of C, the part of the sum over {@code p} in {@code [p0, p0 + ks)}: on the
     * calling thread alone ({@link #soloBlock}) or cut into tasks ({@link #splitBlock}). Every thread packs the
     * panels of B it uses into its own buffer, once per block of B: its first row block packs each panel, its later
     * ones find it packed (see "Thread split" in the class comment).
     */
    private static void block(MethodHandle pa, int aRow, int aStep, MethodHandle[] pk, int m, int n, int k,
                              float[] a, int ao, float[] b, int bo, float[] c, int co, int j0, int nb, int p0,
                              int ks, int threads) {
        int panels = (nb + NR - 1) / NR;
        int need = B_AT + ks * panels * NR;
        // one thread or more, by a bit through a handle, not a branch (see BLOCKS)
        try {
            BLOCKS[(1 - threads) >>> 31].invokeExact(pa, aRow, aStep, pk, m, n, k, a, ao, b, bo, c, co, j0, nb, p0, ks,
                    threads, panels, need);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /**
     * {@link #block} on the calling thread: its row blocks of MC rows in turn. {@code threads} (1 here) is unused:
     * soloBlock and {@link #splitBlock} share one handle type in {@link #BLOCKS}.
     */
    private static void soloBlock(MethodHandle pa, int aRow, int aStep, MethodHandle[] pk, int m, int n, int k,
                                  float[] a, int ao, float[] b, int bo, float[] c, int co, int j0, int nb, int p0,
                                  int ks, int threads, int panels, int need) {
        float[] bp = bufferB(need);
        Object[] packed = B_PACKED.get();
        Object token = new Object();
        for (int i0 = 0; i0 < m; i0 += MC) {
            rows(pa, aRow, aStep, pk, m, n, k, a, ao, b, bo, c, co, i0, Math.min(m, i0 + MC), j0, nb, p0, ks, bp,
                    packed, token, panels);
        }
    }

    /**
     * {@link #block} split by rows into tasks: blocks of a multiple of MR rows, at most MC, at least
     * {@link #TASKS_PER_THREAD} per thread where the rows allow.
     */
    private static void splitBlock(MethodHandle pa, int aRow, int aStep, MethodHandle[] pk, int m, int n, int k,
                                   float[] a, int ao, float[] b, int bo, float[] c, int co, int j0, int nb, int p0,
                                   int ks, int threads, int panels, int need) {
        int blocks = Math.max((m + MC - 1) / MC, Math.min(threads * TASKS_PER_THREAD, (m + MR - 1) / MR));
        int rowsPer = ((m + blocks - 1) / blocks + MR - 1) / MR * MR;
        Object token = new Object();
        Parallel.forEach((m + rowsPer - 1) / rowsPer, t -> {
            int i0 = t * rowsPer;
            rows(pa, aRow, aStep, pk, m, n, k, a, ao, b, bo, c, co, i0, Math.min(m, i0 + rowsPer), j0, nb, p0, ks,
                    bufferB(need), B_PACKED.get(), token, panels);
        });
    }

    /**
     * {@link #soloBlock} and {@link #splitBlock} by whether the product is split, as handles read from an array:
     * not constants, so not inlined into block. When block held such a branch, C2 compiled the path a JVM had not
     * taken yet as a trap: in WarmCold mixed 2 (-XX:+LogCompilation, 2026-12-03 13:26-14:11 UTC) the MNIST MLP's
     * first product of a new kind trapped at block@159 and C2 compiled block again (4.3-4.6 KB) in 9 of the 18
     * logged runs of base 1389e5e and of the series after it.
     */
    private static final MethodHandle[] BLOCKS = {blockHandle("soloBlock"), blockHandle("splitBlock")};

    private static MethodHandle blockHandle(String name) {
        return handle(name, MethodType.methodType(void.class, MethodHandle.class, int.class, int.class,
                MethodHandle[].class, int.class, int.class, int.class, float[].class, int.class, float[].class,
                int.class, float[].class, int.class, int.class, int.class, int.class, int.class, int.class, int.class,
                int.class));
    }

    /**
     * This thread's B buffer ({@link #B_PACK}), grown to at least {@code need} floats (and at least
     * {@link #B_MIN}, see "Aligned panels" in the class comment). Called through {@link #OWN_B}, so that C2 does
     * not inline it: a thread's first product with a larger block of B takes the growth branch here, and a trap
     * on it throws away this method's code only. Until 2026-12-03 a helper's buffer was grown in the tasks' code:
     * the MNIST MLP's first product split that way, after the 1024 products of WarmCold's other workloads (which
     * had grown the caller's buffer, not the helper's), trapped at that branch (unstable_if, lambda$block$4@15), in
     * code where C2 had inlined {@link #rows}.
     */
    private static float[] ownB(int need) {
        float[] bp = B_PACK.get();
        if (bp.length < need) {
            bp = new float[Math.max(need, B_MIN)];
            B_PACK.set(bp);
        }
        return bp;
    }

    /** {@link #ownB}, read from an array so that C2 neither treats it as a constant nor inlines it. */
    private static final MethodHandle[] OWN_B = {
        handle("ownB", MethodType.methodType(float[].class, int.class))};

    /** {@link #ownB} through {@link #OWN_B}. */
    private static float[] bufferB(int need) {
        try {
            return (float[]) OWN_B[0].invokeExact(need);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /**
     * Rows {@code [i0, i1)} of C times every panel of the block, slab by slab. The panels are this thread's own
     * copy in {@code bp}; panel {@code s * panels + jp} holds this block's B when its entry of {@code packed} is
     * {@code token} (the block's), else it is packed here first. Every panel of a slab is done before the next
     * slab, so each tile of C sees its slabs in order.
     */
    private static void rows(MethodHandle pa, int aRow, int aStep, MethodHandle[] pk, int m, int n, int k, float[] a,
                             int ao, float[] b, int bo, float[] c, int co, int i0, int i1, int j0, int nb, int p0,
                             int ks, float[] bp, Object[] packed, Object token, int panels) {
        int groups = (i1 - i0 + MR - 1) / MR;
        float[] ap = A_PACK.get();
        if (ap.length < groups * MR * KB) {
            ap = new float[groups * MR * KB];
            A_PACK.set(ap);
        }
        float[] t = TILE.get();
        // what the whole tiles can read and write: -0.0 (read only), C, the stage (see "C between slabs")
        float[][] tiles = {NEG_ZERO, c, C_STAGE.get()};
        int slabs = (ks + KB - 1) / KB;
        int stageStep = (i1 - i0) / MR * MR * NR; // one panel's whole tiles in the stage
        for (int s = 0, pb = p0; pb < p0 + ks; s++, pb += KB) {
            int kb = Math.min(KB, p0 + ks - pb);
            packA(pa, aRow, aStep, a, ao, pb, kb, i0, i1, ap);
            boolean acc = pb > 0;
            // whole tiles to the stage except at the block's last slab (bit 0), from the stage except at its first
            // (bit 1), else from C if p > 0 (bit 2): bits, not branches (see "Dispatch")
            int fromStage = (-s) >>> 31;
            int mode = ((s - (slabs - 1)) >>> 31) | fromStage << 1 | (((-pb) >>> 31) & (fromStage ^ 1)) << 2;
            for (int jp = 0; jp < panels; jp++) {
                int jc = jp * NR;
                int base = B_AT + (s * panels * KB) * NR + jp * kb * NR;
                int valid = Math.min(NR, nb - jc);
                if (packed[s * panels + jp] != token) {
                    packB(pk[edge(valid)], b, bo, n, k, pb, kb, j0 + jc, valid, bp, base);
                    packed[s * panels + jp] = token;
                }
                panel(i0, i1, n, ap, bp, base, kb, t, c, co + j0 + jc, valid, acc, tiles, jp * stageStep, mode);
            }
        }
    }

    /**
     * Rows {@code [i0, i1)} of C times one packed panel at {@code bp[base]}, into C from {@code col}: the groups of
     * MR whole rows through {@link #WHOLE_GROUPS}{@code [edge(valid)]} (whole tiles, or edge tiles when the panel is
     * narrower than NR), a last partial group through {@link #LAST_GROUP}{@code [groups - whole]} (edge tiles, or
     * nothing). Indexes, not branches (see "Dispatch" in the class comment). {@code tiles}, {@code sAt} and
     * {@code mode}: where whole tiles go and what they add (see {@link #wholeTiles}).
     */
    private static void panel(int i0, int i1, int n, float[] ap, float[] bp, int base, int kb, float[] t,
                              float[] c, int col, int valid, boolean acc, float[][] tiles, int sAt, int mode) {
        int whole = (i1 - i0) / MR;
        int groups = (i1 - i0 + MR - 1) / MR;
        try {
            WHOLE_GROUPS[edge(valid)].invokeExact(0, whole, i0, i1, n, ap, bp, base, kb, t, c, col, valid, acc,
                    tiles, sAt, mode);
            LAST_GROUP[groups - whole].invokeExact(whole, groups, i0, i1, n, ap, bp, base, kb, t, c, col, valid, acc,
                    tiles, sAt, mode);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /**
     * Groups {@code [g0, g1)} of whole tiles (MR rows, NR columns) into C, or into the stage at {@code sAt} of
     * {@code tiles[2]} (bit 0 of {@code mode}; see "C between slabs" in the class comment); what the kernels add
     * is the stage's tile (bit 1), C's (bit 2: from the second slab of k on, when the stage does not hold it), or
     * else a tile of -0.0, which leaves every float as it is ({@code x + -0.0 == x}, -0.0 and NaN included): no
     * branch on it in the kernels. {@code tiles} is {@code {NEG_ZERO, c, stage}}.
     */
    private static void wholeTiles(int g0, int g1, int i0, int i1, int n, float[] ap, float[] bp, int base, int kb,
                                   float[] t, float[] c, int col, int valid, boolean acc, float[][] tiles,
                                   int sAt, int mode) {
        // where the tiles go (bit 0 of mode: the stage, else C) and what they add (bit 1: the stage, bit 2: C,
        // neither: -0.0), as entries of tiles, offsets, steps per group and row strides: arithmetic, no branch
        int toStage = mode & 1, fromStage = (mode >>> 1) & 1, fromC = mode >>> 2;
        float[] to = tiles[1 + toStage];
        float[] from = tiles[fromC + 2 * fromStage];
        int cAt = col + i0 * n;
        int toAt = cAt + toStage * (sAt - cAt), toStep = MR * n + toStage * (MR * NR - MR * n);
        int toStride = n + toStage * (NR - n);
        int fromAt = fromC * cAt + fromStage * sAt, fromStep = fromC * MR * n + fromStage * MR * NR;
        int fromStride = NR + fromC * (n - NR);
        for (int g = g0; g < g1; g++) {
            if (MR == 8) {
                micro8(ap, g * kb * MR, bp, base, kb, to, toAt + g * toStep, toStride, from, fromAt + g * fromStep,
                        fromStride);
            } else {
                micro6(ap, g * kb * MR, bp, base, kb, to, toAt + g * toStep, toStride, from, fromAt + g * fromStep,
                        fromStride);
            }
        }
    }

    /**
     * Groups {@code [g0, g1)} as edge tiles: fewer than MR valid rows (the last group) or fewer than NR valid
     * columns; the kernel writes the whole tile to the scratch tile {@code t} and only its valid part is merged
     * into C (added from the second slab on).
     */
    private static void edgeTiles(int g0, int g1, int i0, int i1, int n, float[] ap, float[] bp, int base, int kb,
                                  float[] t, float[] c, int col, int valid, boolean acc, float[][] tiles,
                                  int sAt, int mode) {
        for (int g = g0; g < g1; g++) {
            int i = i0 + g * MR;
            int rows = Math.min(MR, i1 - i);
            if (MR == 8) {
                micro8(ap, g * kb * MR, bp, base, kb, t, 0, NR, NEG_ZERO, 0, NR);
            } else {
                micro6(ap, g * kb * MR, bp, base, kb, t, 0, NR, NEG_ZERO, 0, NR);
            }
            int at = col + i * n;
            for (int r = 0; r < rows; r++) {
                merge(c, at + r * n, t, r * NR, valid, acc);
            }
        }
    }

    /** No group: the last group of a row block whose rows are a multiple of MR. */
    private static void noTiles(int g0, int g1, int i0, int i1, int n, float[] ap, float[] bp, int base, int kb,
                                float[] t, float[] c, int col, int valid, boolean acc, float[][] tiles,
                                int sAt, int mode) {
    }

    /**
     * Rows {@code [i0, i1)} of {@code op(A)}, columns {@code [pb, pb + kb)}, in groups of MR rows, p-major:
     * {@code ap[g * kb * MR + p * MR + r] = op(A)(i0 + g * MR + r, pb + p)}, zero rows past {@code i1}, where
     * {@code op(A)(i, p) = a[ao + i * rowStep + p * step]}. Whole groups go to the layout's packer {@code pa}, a
     * last partial group to {@link #A_LAST}{@code [1]} ({@link #packAEdge}; entry 0 packs nothing).
     */
    private static void packA(MethodHandle pa, int rowStep, int step, float[] a, int ao, int pb, int kb, int i0,
                              int i1, float[] ap) {
        int i = i0, dst = 0;
        try {
            for (; i + MR <= i1; i += MR, dst += kb * MR) {
                pa.invokeExact(a, ao + i * rowStep + pb * step, rowStep, step, i1 - i, kb, ap, dst);
            }
            A_LAST[Math.min(i1 - i, 1)].invokeExact(a, ao + i * rowStep + pb * step, rowStep, step, i1 - i, kb, ap,
                    dst);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /**
     * A whole group of MR rows of A as stored ({@code m x k}, {@code rowStep = k}, {@code step = 1}):
     * {@code ap[dst + p * MR + r] = a[s0 + r * rowStep + p]}; each stored row is one row of the group, written
     * with stride MR. {@code rows} (at least MR here) is unused: the packers of A share one type.
     */
    private static void packARows(float[] a, int s0, int rowStep, int step, int rows, int kb, float[] ap, int dst) {
        if (MR == 8) {
            transpose8(a, s0, rowStep, kb, ap, dst, MR);
            return;
        }
        for (int r = 0, src = s0; r < MR; r++, src += rowStep) {
            for (int p = 0, q = dst + r; p < kb; p++, q += MR) {
                ap[q] = a[src + p];
            }
        }
    }

    /**
     * {@code to[at + p * stride + r] = from[s0 + r * rowStep + p]} for the 8 rows r and {@code p < count}: eight
     * stored rows become {@code count} groups of 8 neighbours. Step by step, eight loads (one per row) and eight
     * stores side by side. Written row by row (eight passes with stride-8 stores) it took 0.35-0.44 ns per float,
     * this way 0.22-0.30 (one thread, an A of 128 x 784 packed in 256-deep slabs, 2026-12-03 16:25 UTC, load 2.5;
     * a gather of 16 through an index map: 0.27-0.37; the Vector API's shuffles, which would transpose in
     * registers, are not compiled to permutes by JDK 17's C2: 2.3-2.9 ns).
     */
    private static void transpose8(float[] from, int s0, int rowStep, int count, float[] to, int at, int stride) {
        int s1 = s0 + rowStep, s2 = s1 + rowStep, s3 = s2 + rowStep, s4 = s3 + rowStep, s5 = s4 + rowStep;
        int s6 = s5 + rowStep, s7 = s6 + rowStep;
        for (int p = 0, q = at; p < count; p++, q += stride) {
            float v0 = from[s0 + p], v1 = from[s1 + p], v2 = from[s2 + p], v3 = from[s3 + p];
            float v4 = from[s4 + p], v5 = from[s5 + p], v6 = from[s6 + p], v7 = from[s7 + p];
            to[q] = v0;
            to[q + 1] = v1;
            to[q + 2] = v2;
            to[q + 3] = v3;
            to[q + 4] = v4;
            to[q + 5] = v5;
            to[q + 6] = v6;
            to[q + 7] = v7;
        }
    }

    /**
     * A whole group of MR rows of A stored transposed ({@code k x m}, {@code rowStep = 1}, {@code step = m}): MR
     * neighbours of one stored row are one p-step of the group.
     */
    private static void packAColumns(float[] a, int s0, int rowStep, int step, int rows, int kb, float[] ap,
                                     int dst) {
        if (MR == G.length()) {
            // one vector of MR floats per step (AVX-512: 8 floats, 256 bits), through GC.cast as every store here
            for (int p = 0, o = s0, q = dst; p < kb; p++, o += step, q += MR) {
                GC.cast(FloatVector.fromArray(G, a, o)).intoArray(ap, q);
            }
        } else {
            for (int p = 0, o = s0, q = dst; p < kb; p++, o += step, q += MR) {
                System.arraycopy(a, o, ap, q, MR);
            }
        }
    }

    /** A last group of {@code rows < MR} rows of {@code op(A)} (either layout, by its steps), zero rows after. */
    private static void packAEdge(float[] a, int s0, int rowStep, int step, int rows, int kb, float[] ap, int dst) {
        for (int r = 0; r < rows; r++) {
            for (int p = 0, src = s0 + r * rowStep, q = dst + r; p < kb; p++, src += step, q += MR) {
                ap[q] = a[src];
            }
        }
        for (int r = rows; r < MR; r++) {
            for (int p = 0, q = dst + r; p < kb; p++, q += MR) {
                ap[q] = 0f;
            }
        }
    }

    /** No last group: the rows were a multiple of MR. */
    private static void packANone(float[] a, int s0, int rowStep, int step, int rows, int kb, float[] ap, int dst) {
    }

    /**
     * Columns {@code [j, j + w)} of {@code op(B)}, rows {@code [pb, pb + kb)}, as one panel:
     * {@code bp[dst + p * NR + jj] = op(B)(pb + p, j + jj)}, zero columns past {@code w}, by the layout's packer
     * for this panel's width ({@code B_ROWS} or {@code B_COLUMNS}, entry {@link #edge}{@code (w)}).
     */
    private static void packB(MethodHandle packer, float[] b, int bo, int n, int k, int pb, int kb, int j, int w,
                              float[] bp, int dst) {
        try {
            packer.invokeExact(b, bo, n, k, pb, kb, j, w, bp, dst);
        } catch (Throwable e) {
            throw KernelHandles.unchecked(e);
        }
    }

    /** 0 for a full panel ({@code w == NR}), 1 for an edge panel: an index, not a branch. */
    private static int edge(int w) {
        return Math.min(NR - w, 1);
    }

    private static float[] negativeZeros(int size) {
        float[] z = new float[size];
        java.util.Arrays.fill(z, -0.0f);
        return z;
    }

    /** B as stored, a full panel: two vector copies per row. */
    private static void packBRows(float[] b, int bo, int n, int k, int pb, int kb, int j, int w, float[] bp,
                                  int dst) {
        for (int p = 0, src = bo + pb * n + j, q = dst; p < kb; p++, src += n, q += NR) {
            VC.cast(FloatVector.fromArray(S, b, src)).intoArray(bp, q);
            VC.cast(FloatVector.fromArray(S, b, src + L)).intoArray(bp, q + L);
        }
    }

    /** B as stored, an edge panel ({@code w < NR} columns): a copy and zeros per row. */
    private static void packBRowsEdge(float[] b, int bo, int n, int k, int pb, int kb, int j, int w, float[] bp,
                                      int dst) {
        for (int p = 0, src = bo + pb * n + j, q = dst; p < kb; p++, src += n, q += NR) {
            System.arraycopy(b, src, bp, q, w);
            java.util.Arrays.fill(bp, q + w, q + NR, 0f);
        }
    }

    /**
     * B stored transposed ({@code op(B)(p, j) = b[bo + j * k + p]}), a full panel: one stored row per column,
     * eight stored rows (eight columns of the panel) at a time by {@link #transpose8}. NR is a multiple of 8:
     * {@code VectorKernels} runs these kernels only with vectors of at least 128 bits, so {@code NR = 2 L >= 8}.
     */
    private static void packBColumns(float[] b, int bo, int n, int k, int pb, int kb, int j, int w, float[] bp,
                                     int dst) {
        for (int jj = 0; jj < NR; jj += 8) {
            transpose8(b, bo + (j + jj) * k + pb, k, kb, bp, dst + jj, NR);
        }
    }

    /** B stored transposed, an edge panel: {@code w} stored rows, then zero columns. */
    private static void packBColumnsEdge(float[] b, int bo, int n, int k, int pb, int kb, int j, int w, float[] bp,
                                         int dst) {
        for (int jj = 0; jj < w; jj++) {
            for (int p = 0, src = bo + (j + jj) * k + pb, q = dst + jj; p < kb; p++, q += NR) {
                bp[q] = b[src + p];
            }
        }
        for (int jj = w; jj < NR; jj++) {
            for (int p = 0, q = dst + jj; p < kb; p++, q += NR) {
                bp[q] = 0f;
            }
        }
    }

    private static final MethodType PACK_A = MethodType.methodType(void.class, float[].class, int.class, int.class,
            int.class, int.class, int.class, float[].class, int.class);
    private static final MethodType PACK_B = MethodType.methodType(void.class, float[].class, int.class, int.class,
            int.class, int.class, int.class, int.class, int.class, float[].class, int.class);
    private static final MethodType TILES = MethodType.methodType(void.class, int.class, int.class, int.class,
            int.class, int.class, float[].class, float[].class, int.class, int.class, float[].class, float[].class,
            int.class, int.class, boolean.class, float[][].class, int.class, int.class);
    /** A's packer for a whole group, A as stored. */
    private static final MethodHandle A_ROWS = handle("packARows", PACK_A);
    /** A's packer for a whole group, A stored transposed. */
    private static final MethodHandle A_COLUMNS = handle("packAColumns", PACK_A);
    /** A's last group, by {@code min(rows left, 1)}: nothing, or {@link #packAEdge}. */
    private static final MethodHandle[] A_LAST = {handle("packANone", PACK_A), handle("packAEdge", PACK_A)};
    /** B's packers by {@link #edge}: B as stored. */
    private static final MethodHandle[] B_ROWS = {handle("packBRows", PACK_B), handle("packBRowsEdge", PACK_B)};
    /** B's packers by {@link #edge}: B stored transposed. */
    private static final MethodHandle[] B_COLUMNS = {handle("packBColumns", PACK_B),
        handle("packBColumnsEdge", PACK_B)};
    /** A panel's groups of MR whole rows, by {@link #edge}: whole tiles, or edge tiles (a narrow panel). */
    private static final MethodHandle[] WHOLE_GROUPS = {handle("wholeTiles", TILES), handle("edgeTiles", TILES)};
    /** A panel's last partial group, by its count (0 or 1): nothing, or an edge tile. */
    private static final MethodHandle[] LAST_GROUP = {handle("noTiles", TILES), handle("edgeTiles", TILES)};

    /** A's packers by layout: as stored, transposed. */
    private static final MethodHandle[] A_PACKERS = {A_ROWS, A_COLUMNS};
    /** B's packers by layout: as stored, transposed. */
    private static final MethodHandle[][] B_PACKERS = {B_ROWS, B_COLUMNS};
    /**
     * {@link #bit}, read from an array so that C2 does not treat it as a constant nor inline it: its branch is
     * compiled in bit's own code, where a layout new to the JVM traps and throws away nothing else.
     */
    private static final MethodHandle[] BIT = {
        handle("bit", MethodType.methodType(int.class, boolean.class))};

    /** 1 for true, 0 for false. */
    private static int bit(boolean b) {
        return b ? 1 : 0;
    }

    private static MethodHandle handle(String name, MethodType type) {
        return KernelHandles.find(MethodHandles.lookup(), VectorGemm.class, name, type);
    }

    /** Row {@code t[ti .. ti + valid)} of a parked edge tile into C at {@code at} (added when {@code acc}). */
    private static void merge(float[] c, int at, float[] t, int ti, int valid, boolean acc) {
        for (int j = 0; j < valid; j++) {
            c[at + j] = acc ? c[at + j] + t[ti + j] : t[ti + j];
        }
    }

    /**
     * The {@code MR x NR} tile {@code sum_p A-group(r, p) * B-panel(p, j)} over one slab, kept in sixteen vector
     * registers: per step of p two B loads, eight broadcasts of A and sixteen fused multiply-adds. Row r of the
     * tile, plus row r of the tile at {@code s[sat + r * sn ...]}, goes to {@code c[at + r * n ...]}: C itself for
     * a whole tile, the scratch tile ({@code n = NR}) for an edge tile, which the caller merges; what is added is C
     * (the same place) from a whole tile's second slab on, else a tile of -0.0, which changes no bit. Until
     * 2026-12-03 a branch in here chose between C and the scratch tile, and the first edge tile a JVM met made this
     * method not entrant: 256 x 256 products for 3 s, then 250 x 250 ones (one thread, float32): the first 50 took
     * 9.9-10.2 ms each (C1's code, with the Vector API's allocating Java fallback) against 0.18 ms later; now
     * 0.28-0.30 ms. Another branch, on whether to add C, did the same at a JVM's first product deeper than one
     * slab (k > 256) after shallower ones: in every logged WarmCold mixed 2 run, micro8 trapped there (unstable_if,
     * micro8@482) during the other workloads; now the choice is {@link #panel}'s.
     */
    private static void micro8(float[] ap, int ai, float[] bp, int bi, int kb, float[] c, int at, int n,
                               float[] s, int sat, int sn) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0, q = ai, bq = bi; p < kb; p++, q += MR, bq += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bq);
            FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
            FloatVector x0 = FloatVector.broadcast(S, ap[q]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, ap[q + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, ap[q + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, ap[q + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, ap[q + 4]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(S, ap[q + 5]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
            FloatVector x6 = FloatVector.broadcast(S, ap[q + 6]);
            c60 = x6.fma(b0, c60);
            c61 = x6.fma(b1, c61);
            FloatVector x7 = FloatVector.broadcast(S, ap[q + 7]);
            c70 = x7.fma(b0, c70);
            c71 = x7.fma(b1, c71);
        }
        c00 = VC.cast(c00).add(FloatVector.fromArray(S, s, sat));
        c01 = VC.cast(c01).add(FloatVector.fromArray(S, s, sat + L));
        c10 = VC.cast(c10).add(FloatVector.fromArray(S, s, sat + sn));
        c11 = VC.cast(c11).add(FloatVector.fromArray(S, s, sat + sn + L));
        c20 = VC.cast(c20).add(FloatVector.fromArray(S, s, sat + 2 * sn));
        c21 = VC.cast(c21).add(FloatVector.fromArray(S, s, sat + 2 * sn + L));
        c30 = VC.cast(c30).add(FloatVector.fromArray(S, s, sat + 3 * sn));
        c31 = VC.cast(c31).add(FloatVector.fromArray(S, s, sat + 3 * sn + L));
        c40 = VC.cast(c40).add(FloatVector.fromArray(S, s, sat + 4 * sn));
        c41 = VC.cast(c41).add(FloatVector.fromArray(S, s, sat + 4 * sn + L));
        c50 = VC.cast(c50).add(FloatVector.fromArray(S, s, sat + 5 * sn));
        c51 = VC.cast(c51).add(FloatVector.fromArray(S, s, sat + 5 * sn + L));
        c60 = VC.cast(c60).add(FloatVector.fromArray(S, s, sat + 6 * sn));
        c61 = VC.cast(c61).add(FloatVector.fromArray(S, s, sat + 6 * sn + L));
        c70 = VC.cast(c70).add(FloatVector.fromArray(S, s, sat + 7 * sn));
        c71 = VC.cast(c71).add(FloatVector.fromArray(S, s, sat + 7 * sn + L));
        VC.cast(c00).intoArray(c, at);
        VC.cast(c01).intoArray(c, at + L);
        VC.cast(c10).intoArray(c, at + n);
        VC.cast(c11).intoArray(c, at + n + L);
        VC.cast(c20).intoArray(c, at + 2 * n);
        VC.cast(c21).intoArray(c, at + 2 * n + L);
        VC.cast(c30).intoArray(c, at + 3 * n);
        VC.cast(c31).intoArray(c, at + 3 * n + L);
        VC.cast(c40).intoArray(c, at + 4 * n);
        VC.cast(c41).intoArray(c, at + 4 * n + L);
        VC.cast(c50).intoArray(c, at + 5 * n);
        VC.cast(c51).intoArray(c, at + 5 * n + L);
        VC.cast(c60).intoArray(c, at + 6 * n);
        VC.cast(c61).intoArray(c, at + 6 * n + L);
        VC.cast(c70).intoArray(c, at + 7 * n);
        VC.cast(c71).intoArray(c, at + 7 * n + L);
    }

    /** As {@link #micro8} for six rows (twelve accumulators). */
    private static void micro6(float[] ap, int ai, float[] bp, int bi, int kb, float[] c, int at, int n,
                               float[] s, int sat, int sn) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        for (int p = 0, q = ai, bq = bi; p < kb; p++, q += MR, bq += NR) {
            FloatVector b0 = FloatVector.fromArray(S, bp, bq);
            FloatVector b1 = FloatVector.fromArray(S, bp, bq + L);
            FloatVector x0 = FloatVector.broadcast(S, ap[q]);
            c00 = x0.fma(b0, c00);
            c01 = x0.fma(b1, c01);
            FloatVector x1 = FloatVector.broadcast(S, ap[q + 1]);
            c10 = x1.fma(b0, c10);
            c11 = x1.fma(b1, c11);
            FloatVector x2 = FloatVector.broadcast(S, ap[q + 2]);
            c20 = x2.fma(b0, c20);
            c21 = x2.fma(b1, c21);
            FloatVector x3 = FloatVector.broadcast(S, ap[q + 3]);
            c30 = x3.fma(b0, c30);
            c31 = x3.fma(b1, c31);
            FloatVector x4 = FloatVector.broadcast(S, ap[q + 4]);
            c40 = x4.fma(b0, c40);
            c41 = x4.fma(b1, c41);
            FloatVector x5 = FloatVector.broadcast(S, ap[q + 5]);
            c50 = x5.fma(b0, c50);
            c51 = x5.fma(b1, c51);
        }
        c00 = VC.cast(c00).add(FloatVector.fromArray(S, s, sat));
        c01 = VC.cast(c01).add(FloatVector.fromArray(S, s, sat + L));
        c10 = VC.cast(c10).add(FloatVector.fromArray(S, s, sat + sn));
        c11 = VC.cast(c11).add(FloatVector.fromArray(S, s, sat + sn + L));
        c20 = VC.cast(c20).add(FloatVector.fromArray(S, s, sat + 2 * sn));
        c21 = VC.cast(c21).add(FloatVector.fromArray(S, s, sat + 2 * sn + L));
        c30 = VC.cast(c30).add(FloatVector.fromArray(S, s, sat + 3 * sn));
        c31 = VC.cast(c31).add(FloatVector.fromArray(S, s, sat + 3 * sn + L));
        c40 = VC.cast(c40).add(FloatVector.fromArray(S, s, sat + 4 * sn));
        c41 = VC.cast(c41).add(FloatVector.fromArray(S, s, sat + 4 * sn + L));
        c50 = VC.cast(c50).add(FloatVector.fromArray(S, s, sat + 5 * sn));
        c51 = VC.cast(c51).add(FloatVector.fromArray(S, s, sat + 5 * sn + L));
        VC.cast(c00).intoArray(c, at);
        VC.cast(c01).intoArray(c, at + L);
        VC.cast(c10).intoArray(c, at + n);
        VC.cast(c11).intoArray(c, at + n + L);
        VC.cast(c20).intoArray(c, at + 2 * n);
        VC.cast(c21).intoArray(c, at + 2 * n + L);
        VC.cast(c30).intoArray(c, at + 3 * n);
        VC.cast(c31).intoArray(c, at + 3 * n + L);
        VC.cast(c40).intoArray(c, at + 4 * n);
        VC.cast(c41).intoArray(c, at + 4 * n + L);
        VC.cast(c50).intoArray(c, at + 5 * n);
        VC.cast(c51).intoArray(c, at + 5 * n + L);
    }
}
