package io.methodcache.bench.run;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Redis of the families that need one (family l2), started by the harness for the whole
 * suite run and stopped by its own process handle in every outcome ({@link #close()}, or the JVM's
 * shutdown hook on Ctrl-C).
 *
 * <p>Which server: {@code REDIS_URL} when set (an external server, used as it is and never
 * stopped or flushed), else {@code redis-server} on PATH, else the Linux binary shipped inside
 * the embedded-redis jar (copied to a temporary file). A local server listens on a free loopback
 * port only and persists nothing.
 */
final class RedisServer implements AutoCloseable {
  /** The binaries of embedded-redis that the benchmarks jar keeps (see the shade filter). */
  private static final String[] BUNDLED = {
      "redis-server-6.2.6-v5-linux-amd64", "redis-server-6.2.7-linux-arm64"};

  private final String uri;
  private final String host;
  private final int port;
  private final String source;
  private final Path dir;
  private Process process;
  private Thread hook;

  private RedisServer(String uri, String host, int port, String source, Path dir) {
    this.uri = uri;
    this.host = host;
    this.port = port;
    this.source = source;
    this.dir = dir;
  }

  static RedisServer start() throws IOException {
    String url = System.getenv("REDIS_URL");
    if (url != null && !url.isBlank()) {
      URI u = URI.create(url.trim());
      RedisServer external = new RedisServer(url.trim(), u.getHost(),
          u.getPort() < 0 ? 6379 : u.getPort(), "external (REDIS_URL)", null);
      external.call("PING"); // fail now rather than in every fork
      return external;
    }
    Path dir = Files.createTempDirectory("bench-redis-");
    try {
      Path onPath = findOnPath();
      String[] bundled = new String[1];
      Path binary = onPath != null ? onPath : extractBundled(dir, bundled);
      String source = onPath != null ? onPath.toString() : "binary `" + bundled[0] + "` of the embedded-redis jar";
      for (int attempt = 0; ; attempt++) {
        int port = freePort();
        RedisServer s = new RedisServer("redis://127.0.0.1:" + port, "127.0.0.1", port, source, dir);
        try {
          s.launch(binary);
          return s;
        } catch (IllegalStateException e) {
          s.stopProcess();
          if (attempt >= 4 || !String.valueOf(e.getMessage()).contains("in use")) {
            throw e;
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      deleteTree(dir);
      throw e;
    }
  }

  String uri() {
    return uri;
  }

  boolean isExternal() {
    return dir == null;
  }

  /** For the results: version, where the binary came from, the address. */
  String describe() {
    String version = "?";
    try {
      for (String line : String.valueOf(call("INFO", "server")).split("\r?\n")) {
        if (line.startsWith("redis_version:")) {
          version = line.substring("redis_version:".length()).trim();
        }
      }
    } catch (IOException e) {
      // leave "?"
    }
    return "Redis " + version + " (" + source + ")" + (isExternal() ? " at " + host + ":" + port
        : " on a loopback port");
  }

  /** Empties a local server before a family runs (an external one is left alone). */
  void flushIfLocal() throws IOException {
    if (!isExternal()) {
      call("FLUSHALL");
    }
  }

  private void launch(Path binary) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(binary.toString(),
        "--bind", "127.0.0.1", "--port", Integer.toString(port), "--save", "",
        "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no", "--logfile", ""));
    File log = dir.resolve("redis.log").toFile();
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
    hook = new Thread(this::stopProcess, "bench-redis-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        String text = Files.readString(log.toPath());
        throw new IllegalStateException("redis-server exited"
            + (text.contains("Address already in use") ? " (port in use)" : "") + ": " + text);
      }
      try {
        if ("PONG".equals(call("PING"))) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      sleep(20);
    }
    throw new IllegalStateException("redis-server did not answer PING within 10 s: "
        + Files.readString(log.toPath()));
  }

  /** SIGTERM, SIGKILL after 3 s; deletes the temporary folder (binary, log). */
  @Override
  public void close() {
    stopProcess();
    if (hook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or has run
      }
    }
    deleteTree(dir);
  }

  private synchronized void stopProcess() {
    Process p = process;
    if (p == null || !p.isAlive()) {
      return;
    }
    p.destroy();
    try {
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  // ---------------------------------------------------------------- a minimal RESP client

  /** One command on a fresh connection: a simple string, an integer, a bulk string, or null. */
  Object call(String... args) throws IOException {
    String userInfo = URI.create(uri).getUserInfo();
    String password = userInfo == null || userInfo.isEmpty() ? null
        : userInfo.substring(userInfo.indexOf(':') + 1);
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), 2_000);
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      if (password != null) {
        out.write(command("AUTH", password));
        out.flush();
        String auth = readLine(in);
        if (!auth.startsWith("+")) {
          throw new IOException("AUTH: " + auth);
        }
      }
      out.write(command(args));
      out.flush();
      String head = readLine(in);
      switch (head.isEmpty() ? '?' : head.charAt(0)) {
        case '+':
          return head.substring(1);
        case ':':
          return Long.parseLong(head.substring(1));
        case '$': {
          int n = Integer.parseInt(head.substring(1));
          if (n < 0) {
            return null;
          }
          byte[] body = in.readNBytes(n + 2);
          return new String(body, 0, n, StandardCharsets.UTF_8);
        }
        default:
          throw new IOException("redis " + host + ":" + port + " answered " + head);
      }
    }
  }

  private static byte[] command(String... args) {
    StringBuilder b = new StringBuilder("*").append(args.length).append("\r\n");
    for (String a : args) {
      b.append('$').append(a.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(a).append("\r\n");
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        int n = b.length();
        return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
      }
      b.append((char) c);
    }
    throw new IOException("connection closed");
  }

  // ---------------------------------------------------------------- binary, port, files

  private static Path findOnPath() {
    String path = System.getenv("PATH");
    if (path == null) {
      return null;
    }
    for (String d : path.split(File.pathSeparator)) {
      if (!d.isEmpty()) {
        Path p = Path.of(d, "redis-server");
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return null;
  }

  private static Path extractBundled(Path dir, String[] name) throws IOException {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    String tag = !os.contains("linux") ? null
        : arch.equals("amd64") || arch.equals("x86_64") ? "linux-amd64"
        : arch.equals("aarch64") || arch.equals("arm64") ? "linux-arm64" : null;
    for (String entry : BUNDLED) {
      if (tag != null && entry.endsWith(tag)) {
        try (InputStream in = RedisServer.class.getClassLoader().getResourceAsStream(entry)) {
          if (in == null) {
            break;
          }
          name[0] = entry;
          Path target = dir.resolve("redis-server");
          Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          if (!target.toFile().setExecutable(true, true)) {
            throw new IOException("cannot chmod +x " + target);
          }
          return target;
        }
      }
    }
    throw new IllegalStateException("no redis-server for " + os + "/" + arch + ": put one on PATH"
        + " or set REDIS_URL=redis://host:port");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long ms) {
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
      // a temporary folder: best effort
    }
  }
}
