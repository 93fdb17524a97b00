package io.methodcache.agent.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A redis-server for tests, reusable from any test package (the integration tests use it through
 * this module's test jar).
 *
 * <p>Which server: {@code REDIS_URL} (an external server: used as is, never stopped, keys must be
 * isolated by the test), else {@code redis-server} on PATH, else the Linux binary shipped inside
 * the embedded-redis jar (copied to a temp file once per JVM). Local servers listen on a free
 * loopback port only ({@code --bind 127.0.0.1}), persist nothing unless asked, and are stopped by
 * their own process handle in every outcome: {@link #close()}, or a JVM shutdown hook.
 *
 * <p>{@link #local} always starts a local process (outage tests need {@link #kill()} and
 * {@link #restart()}, impossible on an external server).
 */
public final class RedisServerFixture implements AutoCloseable {
  private static final Set<RedisServerFixture> LIVE = ConcurrentHashMap.newKeySet();
  private static volatile Path binary;
  private static volatile Integer binaryMajor;

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (RedisServerFixture f : LIVE) {
        f.destroyProcess(true);
      }
    }, "redis-fixture-cleanup"));
  }

  private final String externalUri;
  private final String host;
  private int port;
  private final List<String> extraArgs;
  private final Path dir;
  private final boolean clusterBusPort;
  private Path configFile; // first argument when set (Sentinel mode needs a writable config file)
  private Process process;

  private RedisServerFixture(String externalUri, String host, int port, List<String> extraArgs,
      Path dir, boolean clusterBusPort) {
    this.externalUri = externalUri;
    this.host = host;
    this.port = port;
    this.extraArgs = extraArgs;
    this.dir = dir;
    this.clusterBusPort = clusterBusPort;
  }

  /** REDIS_URL if set, else a local server with these extra redis-server arguments. */
  public static RedisServerFixture start(String... extraArgs) {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isEmpty()) {
      URI u = URI.create(url);
      return new RedisServerFixture(url, u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(),
          Collections.emptyList(), null, false);
    }
    return local(extraArgs);
  }

  /** Always a local process, started. */
  public static RedisServerFixture local(String... extraArgs) {
    RedisServerFixture f = localUnstarted(extraArgs);
    try {
      f.startProcess(true);
      return f;
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
  }

  /**
   * A local Sentinel watching {@code master} under {@code masterName}; connect with
   * {@code redis-sentinel://127.0.0.1:<port>#<masterName>}.
   */
  public static RedisServerFixture sentinel(RedisServerFixture master, String masterName) {
    RedisServerFixture f = localUnstarted("--sentinel");
    try {
      f.configFile = f.dir.resolve("sentinel.conf");
      Files.write(f.configFile, Arrays.asList(
          "sentinel monitor " + masterName + " " + master.host() + " " + master.port() + " 1",
          "sentinel down-after-milliseconds " + masterName + " 5000"), StandardCharsets.UTF_8);
      f.startProcess(false);
      return f;
    } catch (IOException | RuntimeException e) {
      f.close();
      throw new IllegalStateException("sentinel: " + e, e);
    }
  }

  /** A local server whose port is chosen but which is not running yet ({@link #restart()} starts it). */
  public static RedisServerFixture localUnstarted(String... extraArgs) {
    return localUnstarted(false, extraArgs);
  }

  static RedisServerFixture localUnstarted(boolean clusterBusPort, String... extraArgs) {
    try {
      Path dir = Files.createTempDirectory("redis-fixture-");
      RedisServerFixture f = new RedisServerFixture(null, "127.0.0.1", freePort(clusterBusPort),
          Arrays.asList(extraArgs), dir, clusterBusPort);
      LIVE.add(f);
      return f;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean isExternal() { return externalUri != null; }
  public String host() { return host; }
  public int port() { return port; }
  public Path dir() { return dir; }

  public String uri() {
    return externalUri != null ? externalUri : "redis://" + host + ":" + port;
  }

  public synchronized boolean isRunning() {
    return externalUri != null || (process != null && process.isAlive());
  }

  /** SIGKILL: no shutdown, no save; for outage tests. */
  public synchronized void kill() {
    requireLocal("kill");
    destroyProcess(true);
  }

  /** Starts the server again on the same port (or for the first time, after {@link #localUnstarted}). */
  public synchronized void restart() {
    requireLocal("restart");
    destroyProcess(true);
    startProcess(false);
  }

  /** One command on a fresh connection (fixture use; tests assert with it independently of Lettuce). */
  public Object call(String... args) {
    try (RespClient c = client(5_000)) {
      return c.call(args);
    } catch (IOException e) {
      throw new IllegalStateException("redis " + uri() + ": " + e, e);
    }
  }

  public RespClient client(int timeoutMillis) throws IOException {
    RespClient c = new RespClient(host, port, timeoutMillis);
    if (externalUri != null) {
      String userInfo = URI.create(externalUri).getUserInfo();
      if (userInfo != null && !userInfo.isEmpty()) {
        String pw = userInfo.contains(":") ? userInfo.substring(userInfo.indexOf(':') + 1) : userInfo;
        c.call("AUTH", pw);
      }
    }
    return c;
  }

  /** Stops a local server (SIGTERM, then SIGKILL after 3 s) and deletes its directory. */
  @Override
  public synchronized void close() {
    if (externalUri != null) {
      return; // never stop an external server
    }
    destroyProcess(false);
    LIVE.remove(this);
    deleteTree(dir);
  }

  // ---------------------------------------------------------------- process

  private void requireLocal(String what) {
    if (externalUri != null) {
      throw new IllegalStateException("cannot " + what + " the external server " + externalUri);
    }
  }

  private synchronized void startProcess(boolean mayChangePort) {
    IllegalStateException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        launch();
        return;
      } catch (IllegalStateException e) {
        last = e;
        destroyProcess(true);
        if (!e.getMessage().contains("in use")) {
          throw e;
        }
        if (mayChangePort) {
          port = freePort(clusterBusPort);
        } else {
          pauseMillis(200); // same port requested: wait for whoever holds it
        }
      }
    }
    throw last;
  }

  private void launch() {
    List<String> cmd = new ArrayList<>();
    cmd.add(binary().toString());
    if (configFile != null) {
      cmd.add(configFile.toString());
    }
    cmd.addAll(Arrays.asList(
        "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "",
        "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no", "--logfile", ""));
    if (binaryMajor() >= 7) {
      cmd.addAll(Arrays.asList("--enable-debug-command", "local"));
    }
    cmd.addAll(extraArgs); // later arguments win
    File log = dir.resolve("redis.log").toFile();
    try {
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + cmd + ": " + e, e);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String text = readLog(log);
        throw new IllegalStateException("redis-server exited"
            + (text.contains("Address already in use") ? " (port in use)" : "") + ": " + text);
      }
      try (RespClient c = new RespClient(host, port, 1_000)) {
        if ("PONG".equals(c.call("PING"))) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      pauseMillis(10);
    }
    throw new IllegalStateException("redis-server did not answer PING within 10 s: " + readLog(log));
  }

  private synchronized void destroyProcess(boolean kill) {
    Process p = process;
    if (p == null) {
      return;
    }
    try {
      if (kill) {
        p.destroyForcibly();
      } else {
        p.destroy();
        if (!p.waitFor(3, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
      p.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    process = null;
  }

  // ---------------------------------------------------------------- binary and ports

  /** The redis-server executable used for local servers. */
  public static synchronized Path binary() {
    if (binary == null) {
      binary = findOnPath();
      if (binary == null) {
        binary = extractFromJar();
      }
    }
    return binary;
  }

  private static synchronized int binaryMajor() {
    if (binaryMajor == null) {
      int major = 0;
      try {
        Process p = new ProcessBuilder(binary().toString(), "--version").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(5, TimeUnit.SECONDS);
        java.util.regex.Matcher m = Pattern.compile("v=(\\d+)\\.").matcher(out);
        if (m.find()) {
          major = Integer.parseInt(m.group(1));
        }
      } catch (IOException | InterruptedException e) {
        // unknown version: assume an old one (no extra flags)
      }
      binaryMajor = major;
    }
    return binaryMajor;
  }

  private static Path findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (d.isEmpty()) {
        continue;
      }
      Path p = Paths.get(d, "redis-server");
      if (Files.isRegularFile(p) && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  /** The embedded-redis jar ships binaries as top-level resources, e.g. redis-server-6.2.6-v5-linux-amd64. */
  private static Path extractFromJar() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux")) {
      throw new IllegalStateException("no redis-server on PATH and no bundled binary for " + os);
    }
    String archTag = arch.equals("amd64") || arch.equals("x86_64") ? "linux-amd64"
        : arch.equals("aarch64") || arch.equals("arm64") ? "linux-arm64" : null;
    if (archTag == null) {
      throw new IllegalStateException("no redis-server on PATH and no bundled binary for " + arch);
    }
    Pattern name = Pattern.compile("redis-server-[0-9][^/]*-" + archTag);
    try {
      // located by resource, so none of embedded-redis's classes (or their dependencies) is loaded
      java.net.URL marker = RedisServerFixture.class.getClassLoader()
          .getResource("redis/embedded/RedisServer.class");
      if (marker == null || !"jar".equals(marker.getProtocol())) {
        throw new IllegalStateException("embedded-redis is not on the test class path");
      }
      String spec = marker.getPath(); // file:/…/embedded-redis-x.jar!/redis/embedded/RedisServer.class
      Path jar = Paths.get(new URI(spec.substring(0, spec.indexOf("!/"))));
      try (JarFile jf = new JarFile(jar.toFile())) {
        JarEntry best = null;
        for (Enumeration<JarEntry> en = jf.entries(); en.hasMoreElements(); ) {
          JarEntry e = en.nextElement();
          if (name.matcher(e.getName()).matches() && (best == null || e.getName().compareTo(best.getName()) > 0)) {
            best = e;
          }
        }
        if (best == null) {
          throw new IllegalStateException("no " + archTag + " redis-server inside " + jar);
        }
        Path target = Files.createTempFile("redis-server-", "");
        try (InputStream in = jf.getInputStream(best)) {
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        if (!target.toFile().setExecutable(true, true)) {
          throw new IllegalStateException("cannot chmod +x " + target);
        }
        target.toFile().deleteOnExit();
        return target;
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot extract redis-server from embedded-redis: " + e, e);
    }
  }

  /** A free loopback port; with the cluster bus, port + 10000 must be free too. */
  static int freePort(boolean withBus) {
    for (int i = 0; i < 50; i++) {
      try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        int p = s.getLocalPort();
        if (!withBus) {
          return p;
        }
        if (p + 10_000 <= 65_535) {
          try (ServerSocket bus = new ServerSocket(p + 10_000, 1, InetAddress.getLoopbackAddress())) {
            return p;
          } catch (IOException busTaken) {
            // try another
          }
        }
      } catch (IOException e) {
        // try again
      }
    }
    throw new IllegalStateException("no free loopback port");
  }

  private static String readLog(File log) {
    try {
      String s = new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8);
      return s.length() > 2_000 ? s.substring(s.length() - 2_000) : s;
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static void pauseMillis(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteTree(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // temp dir: best effort
    }
  }

  @Override
  public String toString() {
    return "redis " + uri() + (externalUri != null ? " (external)" : "");
  }
}
