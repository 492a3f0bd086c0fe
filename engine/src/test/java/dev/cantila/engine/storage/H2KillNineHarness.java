package dev.cantila.engine.storage;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * kill -9 against an H2 file database, the way the engine writes to it: a child JVM runs writers that insert a row
 * and commit on their own connections (small transactions), dispatchers that claim just-committed rows and update
 * them, and an "activation" writer that updates one hot row over and over; every write is acknowledged on stdout
 * only after {@code commit()} returned. The parent kills the child with SIGKILL at a random moment (optionally
 * with busy threads loading the CPU), reopens the file and checks every acknowledged write.
 *
 * <p>Child: {@code main("child", url)}. Parent: {@link #rounds}. Run by hand:
 * {@code java -cp <test-classes>:<h2.jar> dev.cantila.engine.storage.H2KillNineHarness rounds 40 ";EXTRA=..."}.
 */
public final class H2KillNineHarness {

    /** What one round found. */
    public record Round(int acknowledged, List<String> lost, long fileBytes) {
    }

    /**
     * How the second dispatcher serialises its claims (the first one always claims with {@code FOR UPDATE SKIP
     * LOCKED}): {@code engine} = the engine's H2 claim ({@code sms/Dispatcher.claim}: a lock row {@code SELECT … FOR UPDATE},
     * then a plain select and a compare-and-set update), {@code jvm} = the same under a JVM lock instead of the
     * row lock, {@code rows} = {@code FOR UPDATE} on the message rows it selects (no SKIP LOCKED).
     */
    public enum Claim { ENGINE, JVM, ROWS }

    /**
     * {@code rounds N [extra] [busy] [claims]}: N rounds per claim variant ({@code engine,jvm,rows} by default),
     * alternating between the variants so that they share the machine's load; each variant has its own file.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("child")) {
            child(args[1], Claim.valueOf(args[2]));
            return;
        }
        int n = Integer.parseInt(args[1]);
        String extra = args.length > 2 ? args[2] : "";
        int busy = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        List<Claim> claims = java.util.Arrays.stream((args.length > 4 ? args[4] : "engine,jvm,rows").split(","))
                .map(c -> Claim.valueOf(c.strip().toUpperCase(java.util.Locale.ROOT))).toList();
        Path root = Files.createTempDirectory("h2kill");
        System.out.println("files under " + root);
        java.util.Map<Claim, Integer> lossy = new java.util.EnumMap<>(Claim.class);
        java.util.Map<Claim, Integer> events = new java.util.EnumMap<>(Claim.class);
        java.util.Map<Claim, Set<String>> lostBefore = new java.util.EnumMap<>(Claim.class);
        for (int i = 0; i < n; i++) {
            for (Claim claim : claims) {
                Path dir = root.resolve(claim.name().toLowerCase(java.util.Locale.ROOT));
                Round r = round(dir, extra, busy, 300 + ThreadLocalRandom.current().nextInt(2500), claim);
                System.out.println(java.time.Instant.now() + " " + claim + " round " + i + ": acked "
                        + r.acknowledged() + ", lost " + r.lost() + ", file " + r.fileBytes() / 1024 + " KiB");
                lossy.merge(claim, r.lost().isEmpty() ? 0 : 1, Integer::sum);
                Set<String> before = lostBefore.computeIfAbsent(claim, c -> new HashSet<>());
                events.merge(claim, before.containsAll(r.lost()) ? 0 : 1, Integer::sum); // a stale entry repeats
                before.addAll(r.lost());
            }
        }
        for (Claim claim : claims) {
            System.out.println(claim + ": rounds with a missing write " + lossy.get(claim) + " of " + n
                    + ", rounds with a new one " + events.get(claim));
        }
    }

    /** The URL flags the engine puts on every H2 URL (Settings.h2Url), plus {@code extra}. */
    static String url(Path dir, String extra) {
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("db")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;WRITE_DELAY=0" + extra;
    }

    /** One round: start the child, let it write for {@code killAfterMs} (after its first ack), kill -9, check. */
    public static Round round(Path dir, String extra, int busyThreads, long killAfterMs, Claim claim)
            throws Exception {
        Files.createDirectories(dir);
        String url = url(dir, extra);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), H2KillNineHarness.class.getName(), "child", url,
                claim.name())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Set<String> acked = new HashSet<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> busy = new ArrayList<>();
        for (int i = 0; i < busyThreads; i++) {
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                long x = 0;
                while (!stop.get()) {
                    x += System.nanoTime() % 7;
                }
                if (x == 42) {
                    System.out.print("");
                }
            });
            busy.add(t);
        }
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (acked) {
                        acked.add(line);
                        acked.notifyAll();
                    }
                }
            } catch (Exception ignored) {
                // the child was killed
            }
        });
        synchronized (acked) {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (acked.isEmpty() && System.nanoTime() < until) {
                acked.wait(100);
            }
        }
        Thread.sleep(killAfterMs);
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor();
        reader.join(5_000);
        stop.set(true);
        for (Thread t : busy) {
            t.join();
        }
        Set<String> seen;
        synchronized (acked) {
            seen = new HashSet<>(acked);
        }
        seen.remove("READY");
        long deletedBelow = seen.stream().filter(a -> a.startsWith("D ") && a.length() > 2)
                .mapToLong(a -> Long.parseLong(a.substring(2))).max().orElse(0);
        List<String> lost = new ArrayList<>();
        // check a copy: the file itself goes on to the next round as kill -9 left it (recovered by the next child)
        Path check = dir.resolve("check");
        Files.createDirectories(check);
        Files.deleteIfExists(check.resolve("db.mv.db"));
        Files.copy(dir.resolve("db.mv.db"), check.resolve("db.mv.db"));
        Path killed = dir.resolve("killed.mv.db"); // as kill -9 left it, kept when the round loses a write
        Files.copy(dir.resolve("db.mv.db"), killed, StandardCopyOption.REPLACE_EXISTING);
        try (Connection c = DriverManager.getConnection(url(check, extra), "sa", "")) {
            for (String ack : seen) {
                if (!ack.contains(" ")) {
                    continue; // a half-written last line
                }
                String[] f = ack.split(" ");
                switch (f[0]) {
                    case "I" -> {
                        if (Long.parseLong(f[1]) >= deletedBelow && !exists(c, "select 1 from msg where id = " + Long.parseLong(f[1]))) {
                            lost.add(ack);
                        }
                    }
                    case "U" -> {
                        if (Long.parseLong(f[1]) >= deletedBelow && !exists(c, "select 1 from msg where id = " + Long.parseLong(f[1]) + " and status = 'sent'")) {
                            lost.add(ack);
                        }
                    }
                    case "A" -> {
                        if (!exists(c, "select 1 from act where id = 1 and n >= " + Long.parseLong(f[1]))) {
                            lost.add(ack);
                        }
                    }
                    default -> {
                    }
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
        long bytes = Files.size(dir.resolve("db.mv.db"));
        if (!lost.isEmpty()) {
            Path keep = dir.resolve("lossy-" + System.currentTimeMillis() + ".mv.db");
            Files.move(killed, keep);
            System.err.println("the file as killed, before recovery: " + keep);
        }
        return new Round(seen.size(), lost, bytes);
    }

    private static boolean exists(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next();
        }
    }

    // ---- the child: the writes, each acknowledged after commit() returns ----

    private static void child(String url, Claim claim) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false, StandardCharsets.UTF_8);
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("create table if not exists msg (id bigint primary key, status varchar(16) not null, "
                    + "body varchar(400) not null, attempts int not null default 0, updated_at timestamp)");
            s.execute("create index if not exists msg_status on msg(status)");
            s.execute("create table if not exists bulk (id bigint primary key, batch bigint not null, body varchar(200))");
            s.execute("create table if not exists act (id int primary key, n bigint not null, env varchar(2000))");
            s.execute("merge into act key(id) select 1, 0, '' where not exists (select 1 from act where id = 1)");
            s.execute("merge into act key(id) select 2, 0, '' where not exists (select 1 from act where id = 2)");
        }
        AtomicLong ids = new AtomicLong();
        AtomicLong act = new AtomicLong();
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select (select n from act where id = 1), (select coalesce(max(id), 0) from msg)")) {
            rs.next();
            act.set(rs.getLong(1));
            ids.set(rs.getLong(2) + 1000); // past anything an unacknowledged commit of the last run may have taken
        }
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 6; w++) {
            threads.add(Thread.ofPlatform().start(() -> run(url, c -> {
                long id = ids.incrementAndGet();
                try (PreparedStatement ps = c.prepareStatement(
                        "insert into msg (id, status, body, updated_at) values (?, 'queued', ?, current_timestamp)")) {
                    ps.setLong(1, id);
                    ps.setString(2, "x".repeat(50 + (int) (id % 300)));
                    ps.executeUpdate();
                }
                c.commit();
                ack(out, "I " + id);
            })));
        }
        java.util.concurrent.locks.ReentrantLock claimLock = new java.util.concurrent.locks.ReentrantLock();
        for (int d = 0; d < 2; d++) {
            Claim mine = d == 0 ? null : claim; // null: FOR UPDATE SKIP LOCKED
            threads.add(Thread.ofPlatform().start(() -> run(url, c -> {
                if (mine != Claim.JVM) {
                    dispatch(c, mine, out);
                    return;
                }
                claimLock.lock(); // held to the end of the claim's transaction, as the engine holds it
                try {
                    dispatch(c, mine, out);
                } catch (SQLException e) {
                    c.rollback();
                } finally {
                    claimLock.unlock();
                }
            })));
        }
        threads.add(Thread.ofPlatform().start(() -> run(url, c -> {
            long n = act.incrementAndGet();
            try (PreparedStatement ps = c.prepareStatement("update act set n = ?, env = ? where id = 1")) {
                ps.setLong(1, n);
                ps.setString(2, "e".repeat((int) (n % 1500)));
                ps.executeUpdate();
            }
            c.commit();
            ack(out, "A " + n);
        })));
        AtomicLong bulkIds = new AtomicLong(ids.get() * 100);
        threads.add(Thread.ofPlatform().start(() -> run(url, c -> {
            // a bulk send: thousands of rows in one transaction, open while the small ones commit
            long batch = bulkIds.get();
            try (PreparedStatement ps = c.prepareStatement("insert into bulk (id, batch, body) values (?, ?, ?)")) {
                for (int i = 0; i < 5000; i++) {
                    ps.setLong(1, bulkIds.incrementAndGet());
                    ps.setLong(2, batch);
                    ps.setString(3, "Hi n" + i);
                    ps.addBatch();
                    if (i % 500 == 499) {
                        ps.executeBatch();
                    }
                }
            }
            c.commit();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("delete from bulk where batch < " + batch);
            }
            c.commit();
        })));
        ack(out, "READY");
        for (Thread t : threads) {
            t.join();
        }
    }

    /** One claim: select queued rows, compare-and-set them to sending, hold a while, then sent (or roll back). */
    private static void dispatch(Connection c, Claim mine, PrintStream out) throws Exception {
        if (mine == Claim.ENGINE) {
            // the engine's dispatcher on H2: the sender's row locked first serialises claimers
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select n from act where id = 2 for update")) {
                rs.next();
            }
        }
        // claims just-committed rows, holds its transaction open a little
        // (the carrier call), then commits or, now and then, rolls back
        List<Long> claimed = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select id from msg where status = 'queued' order by id limit 5"
                     + (mine == null ? " for update skip locked" : mine == Claim.ROWS ? " for update" : ""))) {
            while (rs.next()) {
                claimed.add(rs.getLong(1));
            }
        }
        for (long id : claimed) {
            try (PreparedStatement ps = c.prepareStatement("update msg set status = 'sending', attempts = attempts + 1,"
                    + " updated_at = current_timestamp where id = ? and status = 'queued'")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
        if (claimed.isEmpty()) {
            c.commit();
            Thread.sleep(2);
            return;
        }
        Thread.sleep(ThreadLocalRandom.current().nextInt(15));
        if (ThreadLocalRandom.current().nextInt(5) == 0) {
            c.rollback();
            return;
        }
        for (long id : claimed) {
            try (PreparedStatement ps = c.prepareStatement("update msg set status = 'sent' where id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
        c.commit();
        for (long id : claimed) {
            ack(out, "U " + id);
        }
        if (claimed.get(0) % 50 == 0) {
            // retention: old rows go, their chunks die and their space is reused
            long below = claimed.get(0) - 400;
            ack(out, "D " + below); // announced before: rows below it may be gone, acknowledged or not
            try (Statement s = c.createStatement()) {
                s.executeUpdate("delete from msg where id < " + below + " and status = 'sent'");
            }
            c.commit();
        }
    }

    private interface Work {
        void run(Connection c) throws Exception;
    }

    private static void run(String url, Work work) {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            c.setAutoCommit(false);
            while (true) {
                try {
                    work.run(c);
                } catch (SQLException e) {
                    c.rollback(); // lock timeouts between dispatchers: try again
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void ack(PrintStream out, String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
