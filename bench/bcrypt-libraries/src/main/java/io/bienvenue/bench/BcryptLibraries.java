package io.bienvenue.bench;

import com.password4j.BcryptFunction;
import com.password4j.Password;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.Statistics;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder.BCryptVersion;

/**
 * Compares five Java bcrypt libraries for the Bienvenue service: at.favre.lib:bcrypt,
 * spring-security-crypto, jBCrypt, Password4j and Bouncy Castle's OpenBSDBCrypt (the C
 * reference, python3-bcrypt, is timed by the {@code run} script).
 *
 * <p>{@link #main} first runs correctness checks that need no timing (cross-library
 * {@code $2a$}/{@code $2b$} verification, behaviour with passwords over bcrypt's 72-byte
 * limit, and whether the salt is drawn from {@link SecureRandom}), then times one hash and
 * one verify of a correct password per library at cost 10 and 12 with JMH (sample-time
 * mode, one thread, one fork per figure), and prints a table of median and mean ms/op.
 *
 * <p>This class is also the JMH benchmark: its {@link #hash()} and {@link #verify()}
 * methods are run by the forked JVMs with {@link #lib} and {@link #cost} as parameters.
 * Pass {@code --checks-only} to skip the timing.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
@Fork(1)
public class BcryptLibraries {

    /** Non-ASCII (24 chars, 28 bytes in UTF-8), well under the 72-byte limit. */
    static final String PASSWORD = "pässwörd € correct horse";

    /** One library, behind the two calls the service needs. */
    public enum Lib {
        FAVRE("at.favre.lib:bcrypt 0.10.2", "ab") {
            @Override
            String hash(String password, int cost, char minor) {
                var version = minor == 'a'
                        ? at.favre.lib.crypto.bcrypt.BCrypt.Version.VERSION_2A
                        : at.favre.lib.crypto.bcrypt.BCrypt.Version.VERSION_2B;
                return at.favre.lib.crypto.bcrypt.BCrypt.with(version)
                        .hashToString(cost, password.toCharArray());
            }

            @Override
            boolean verify(String password, String hash) {
                return at.favre.lib.crypto.bcrypt.BCrypt.verifyer()
                        .verify(password.toCharArray(), hash).verified;
            }
        },
        SPRING("spring-security-crypto 7.1.2", "ab") {
            @Override
            String hash(String password, int cost, char minor) {
                var version = minor == 'a' ? BCryptVersion.$2A : BCryptVersion.$2B;
                return new BCryptPasswordEncoder(version, cost).encode(password);
            }

            @Override
            boolean verify(String password, String hash) {
                return new BCryptPasswordEncoder().matches(password, hash);
            }
        },
        JBCRYPT("org.mindrot:jbcrypt 0.4", "a") {
            @Override
            String hash(String password, int cost, char minor) {
                if (minor != 'a') {
                    throw new UnsupportedOperationException("only $2a$");
                }
                return org.mindrot.jbcrypt.BCrypt.hashpw(
                        password, org.mindrot.jbcrypt.BCrypt.gensalt(cost));
            }

            @Override
            boolean verify(String password, String hash) {
                return org.mindrot.jbcrypt.BCrypt.checkpw(password, hash);
            }
        },
        PASSWORD4J("com.password4j:password4j 1.8.4", "ab") {
            @Override
            String hash(String password, int cost, char minor) {
                var type = com.password4j.types.Bcrypt.valueOf(minor);
                return Password.hash(password)
                        .with(BcryptFunction.getInstance(type, cost)).getResult();
            }

            @Override
            boolean verify(String password, String hash) {
                return Password.check(password, hash)
                        .with(BcryptFunction.getInstanceFromHash(hash));
            }
        },
        BOUNCYCASTLE("org.bouncycastle:bcprov-jdk18on 1.87 (OpenBSDBCrypt)", "ab") {
            private final SecureRandom random = new SecureRandom();

            @Override
            String hash(String password, int cost, char minor) {
                byte[] salt = new byte[16];
                random.nextBytes(salt);
                return org.bouncycastle.crypto.generators.OpenBSDBCrypt.generate(
                        "2" + minor, password.toCharArray(), salt, cost);
            }

            @Override
            boolean verify(String password, String hash) {
                return org.bouncycastle.crypto.generators.OpenBSDBCrypt.checkPassword(
                        hash, password.toCharArray());
            }
        };

        final String coordinates;
        /** Minor versions this library can produce: 'a' for $2a$, 'b' for $2b$. */
        final String minors;

        Lib(String coordinates, String minors) {
            this.coordinates = coordinates;
            this.minors = minors;
        }

        abstract String hash(String password, int cost, char minor);

        abstract boolean verify(String password, String hash);

        /** $2b$ where the library can write it (what OpenBSD writes today), else $2a$. */
        char preferredMinor() {
            return minors.indexOf('b') >= 0 ? 'b' : 'a';
        }
    }

    // ---------------------------------------------------------------- JMH benchmark

    @Param({"FAVRE", "SPRING", "JBCRYPT", "PASSWORD4J", "BOUNCYCASTLE"})
    public Lib lib;

    @Param({"10", "12"})
    public int cost;

    private String storedHash;

    /** Makes the hash that {@link #verify()} checks, with the library under test. */
    @Setup
    public void setUp() {
        storedHash = lib.hash(PASSWORD, cost, lib.preferredMinor());
    }

    /** One hash of {@link #PASSWORD}, including drawing a fresh salt. */
    @Benchmark
    public String hash() {
        return lib.hash(PASSWORD, cost, lib.preferredMinor());
    }

    /** One verify of the correct password against a hash made in {@link #setUp()}. */
    @Benchmark
    public boolean verify() {
        boolean ok = lib.verify(PASSWORD, storedHash);
        if (!ok) {
            throw new IllegalStateException(lib + " rejected its own hash");
        }
        return ok;
    }

    // ---------------------------------------------------------------- main

    /**
     * Runs the checks, then the timings, printing everything to standard output.
     *
     * @param args {@code --checks-only} to skip the timings
     * @throws RunnerException if JMH fails
     */
    public static void main(String[] args) throws RunnerException {
        // Before any library class is loaded, so that SecureRandoms they keep in static fields
        // are counted too.
        CountingRandom.install();
        System.out.printf("JDK %s, %d cores%n%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        checkSaltSource();
        checkCrossCompatibility();
        checkLongPasswords();
        if (!List.of(args).contains("--checks-only")) {
            cpuTime();
            measure();
        }
    }

    /**
     * Thread CPU time of one verify at cost 12, the libraries taking turns round after round: what
     * other processes do changes each library's wall time, but hardly its CPU time, and taking turns
     * spreads any drift over all of them. The fairest comparison on a shared machine.
     */
    static void cpuTime() {
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Lib[] libs = Lib.values();
        String[] hashes = new String[libs.length];
        for (int i = 0; i < libs.length; i++) {
            hashes[i] = libs[i].hash(PASSWORD, 12, libs[i].preferredMinor());
            libs[i].verify(PASSWORD, hashes[i]); // warms the JIT up
            libs[i].verify(PASSWORD, hashes[i]);
        }
        int rounds = 9;
        long[][] nanos = new long[libs.length][rounds];
        for (int r = 0; r < rounds; r++) {
            for (int i = 0; i < libs.length; i++) {
                long start = threads.getCurrentThreadCpuTime();
                if (!libs[i].verify(PASSWORD, hashes[i])) {
                    throw new IllegalStateException(libs[i] + " did not verify its own hash");
                }
                nanos[i][r] = threads.getCurrentThreadCpuTime() - start;
            }
        }
        System.out.println("## Verify at cost 12, thread CPU time, ms (libraries taking turns, "
                + rounds + " rounds)\n");
        System.out.println("| library | median | min | max |");
        System.out.println("|---|---:|---:|---:|");
        for (int i = 0; i < libs.length; i++) {
            long[] sorted = nanos[i].clone();
            java.util.Arrays.sort(sorted);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f |%n", libs[i],
                    sorted[rounds / 2] / 1e6, sorted[0] / 1e6, sorted[rounds - 1] / 1e6);
        }
        System.out.println();
    }

    /** (c) Is the salt drawn from a SecureRandom? Counts bytes served by the default one. */
    static void checkSaltSource() {
        System.out.println("## Salt source\n");
        System.out.println("| library | bytes drawn from `new SecureRandom()` per hash (a salt is 16)"
                + " | two salts differ |");
        System.out.println("|---|---|---|");
        for (Lib l : Lib.values()) {
            String first = l.hash(PASSWORD, 4, l.preferredMinor()); // loads the library's classes
            long before = CountingRandom.BYTES.get();
            String second = l.hash(PASSWORD, 4, l.preferredMinor());
            long drawn = CountingRandom.BYTES.get() - before;
            boolean saltsDiffer = !first.substring(0, 29).equals(second.substring(0, 29));
            System.out.printf("| %s | %d | %s |%n", l, drawn, saltsDiffer);
        }
        System.out.println();
    }

    /** (a) Does each library verify $2a$ and $2b$ hashes written by each other library? */
    static void checkCrossCompatibility() {
        for (String password : new String[] {"correct horse battery staple", PASSWORD}) {
            System.out.printf("## Cross-compatibility, password \"%s\" (%d bytes)%n%n", password,
                    password.getBytes(StandardCharsets.UTF_8).length);
            System.out.println("Rows: library and version that wrote the hash (cost 4); columns: the"
                    + " verifier. ok = accepts the right password and rejects a wrong one.\n");
            StringBuilder header = new StringBuilder("| written by |");
            StringBuilder rule = new StringBuilder("|---|");
            for (Lib verifier : Lib.values()) {
                header.append(' ').append(verifier).append(" |");
                rule.append("---|");
            }
            System.out.println(header + "\n" + rule);
            for (char minor : new char[] {'a', 'b'}) {
                for (Lib writer : Lib.values()) {
                    if (writer.minors.indexOf(minor) < 0) {
                        continue;
                    }
                    String hash = writer.hash(password, 4, minor);
                    StringBuilder row = new StringBuilder("| " + writer + " `$2" + minor + "$` |");
                    for (Lib verifier : Lib.values()) {
                        String right = outcome(() -> verifier.verify(password, hash));
                        String wrong = outcome(() -> verifier.verify(password + "x", hash));
                        String cell = right.equals("true") && wrong.equals("false") ? "ok"
                                : right.equals("false") ? "**rejects the right password**"
                                : right.equals("true") ? "**accepts a wrong password**"
                                : "**" + right + "**";
                        row.append(' ').append(cell).append(" |");
                    }
                    System.out.println(row);
                }
            }
            System.out.println();
        }
    }

    /** (b) What happens with passwords over 72 bytes? */
    static void checkLongPasswords() {
        String p72 = "x".repeat(72);
        String p73 = p72 + "Y";
        String p100 = p72 + "Y".repeat(28);
        String e40 = "é".repeat(40); // 40 chars but 80 bytes in UTF-8
        String e36 = "é".repeat(36); // its first 72 bytes
        String jb72 = Lib.JBCRYPT.hash(p72, 4, 'a'); // reference hash of a 72-byte password
        System.out.println("## Passwords over 72 bytes (cost 4)\n");
        System.out.println("| library | hash(72 B) | hash(73 B) | hash(100 B) | hash(40 chars = 80 B)"
                + " | verify(72 B, its jBCrypt hash) | verify(73 B, jBCrypt hash of its first 72 B) |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Lib l : Lib.values()) {
            char m = l.preferredMinor();
            System.out.printf("| %s | %s | %s | %s | %s | %s | %s |%n", l,
                    outcome(() -> l.hash(p72, 4, m).substring(0, 7) + "... (ok)"),
                    truncation(l, p73, p72), truncation(l, p100, p72), truncation(l, e40, e36),
                    outcome(() -> l.verify(p72, jb72)), outcome(() -> l.verify(p73, jb72)));
        }
        System.out.println();
    }

    /** Hashes {@code longer}; if that works, says whether {@code prefix} verifies against it. */
    private static String truncation(Lib l, String longer, String prefix) {
        String hash;
        try {
            hash = l.hash(longer, 4, l.preferredMinor());
        } catch (RuntimeException e) {
            return "throws " + describe(e);
        }
        String prefixVerifies = outcome(() -> l.verify(prefix, hash));
        return prefixVerifies.equals("true")
                ? "**silently truncated** (its first 72 B alone verify)"
                : "returns a hash; first 72 B alone verify: " + prefixVerifies;
    }

    private static String outcome(Callable<?> call) {
        try {
            return String.valueOf(call.call());
        } catch (Exception e) {
            return "throws " + describe(e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    /** Times hash and verify for each library at cost 10 and 12, one JMH fork per figure. */
    static void measure() throws RunnerException {
        record Row(Lib lib, String op, int cost, Statistics stats) { }
        List<Row> rows = new ArrayList<>();
        int total = 2 * Lib.values().length * 2;
        for (int c : new int[] {10, 12}) {
            for (Lib l : Lib.values()) {
                for (String op : new String[] {"hash", "verify"}) {
                    var options = new OptionsBuilder()
                            .include(BcryptLibraries.class.getName() + "\\." + op + "$")
                            .param("lib", l.name())
                            .param("cost", String.valueOf(c))
                            .warmupIterations(2)
                            .warmupTime(TimeValue.seconds(1))
                            .measurementIterations(3)
                            .measurementTime(TimeValue.seconds(2))
                            .verbosity(VerboseMode.SILENT)
                            .build();
                    RunResult result = new Runner(options).runSingle();
                    Statistics stats = result.getPrimaryResult().getStatistics();
                    rows.add(new Row(l, op, c, stats));
                    System.err.printf("[%2d/%d] %-10s %-6s cost %d: median %.1f ms (n=%d)%n",
                            rows.size(), total, l, op, c, stats.getPercentile(50), stats.getN());
                }
            }
        }
        System.out.println("## Time per operation, ms (JMH sample time, 1 thread, 1 fork;"
                + " warm-up 2 x 1 s, measurement 3 x 2 s)\n");
        System.out.println("| library | op | cost | median | mean | min | max | n |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|");
        for (Row r : rows) {
            Statistics s = r.stats();
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f | %.1f | %d |%n",
                    r.lib(), r.op(), r.cost(), s.getPercentile(50), s.getMean(), s.getMin(),
                    s.getMax(), s.getN());
        }
    }

    /**
     * A SecureRandom implementation, installed as the first provider so that
     * {@code new SecureRandom()} returns it, which counts the bytes it hands out and takes
     * them from the JDK's DRBG.
     */
    public static final class CountingRandom extends SecureRandomSpi {
        static final AtomicLong BYTES = new AtomicLong();
        private final SecureRandom delegate;

        public CountingRandom() {
            try {
                delegate = SecureRandom.getInstance("DRBG", "SUN");
            } catch (NoSuchAlgorithmException | NoSuchProviderException e) {
                throw new IllegalStateException(e);
            }
        }

        static void install() {
            Provider provider = new Provider("BenchCounting", "1.0", "counts SecureRandom bytes") {
                {
                    putService(new Service(this, "SecureRandom", "Counting",
                            CountingRandom.class.getName(), null, null));
                }
            };
            Security.insertProviderAt(provider, 1);
            if (!(new SecureRandom().getProvider() == provider)) {
                throw new IllegalStateException("counting SecureRandom is not the default");
            }
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            delegate.setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            BYTES.addAndGet(bytes.length);
            delegate.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return delegate.generateSeed(numBytes);
        }
    }
}
