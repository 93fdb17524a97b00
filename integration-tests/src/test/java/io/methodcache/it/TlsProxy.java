package io.methodcache.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A TLS endpoint in front of a plain Redis: a JDK {@link SSLServerSocket} on a free loopback port
 * that forwards each connection's bytes to Redis and back, so that {@code rediss://} can be tested
 * against the real server without a TLS build of it. The key pair is made at test time by the
 * JDK's own {@code keytool} (a self-signed certificate for 127.0.0.1 and localhost in a temporary
 * PKCS12 store); {@link #trustStore} is what a client JVM passes as
 * {@code -Djavax.net.ssl.trustStore}. When Redis closes a connection (killed), the client side is
 * closed too, as a real TLS-terminating Redis would.
 */
final class TlsProxy implements AutoCloseable {
  static final String PASSWORD = "changeit";

  private final SSLServerSocket server;
  private final String backendHost;
  private final int backendPort;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  /** Makes a key pair with {@code keytool} into {@code dir/redis-tls.p12}; returns the store. */
  static Path makeKeyStore(Jdk jdk, Path dir) throws IOException, InterruptedException {
    Path store = dir.resolve("redis-tls.p12");
    Files.deleteIfExists(store);
    List<String> cmd = List.of(jdk.tool("keytool").toString(), "-genkeypair", "-alias", "redis",
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
        "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", store.toString(),
        "-storepass", PASSWORD, "-keypass", PASSWORD);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0 || !Files.isRegularFile(store)) {
      p.destroyForcibly();
      throw new IllegalStateException("keytool failed: " + cmd + "\n"
          + new String(out, StandardCharsets.UTF_8));
    }
    return store;
  }

  /** A PKCS12 trust store holding only the certificate of {@code keyStore}'s key pair. */
  static Path trustStore(Path keyStore, Path dir) throws Exception {
    KeyStore keys = load(keyStore);
    Certificate cert = keys.getCertificate("redis");
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("redis", cert);
    Path file = dir.resolve("redis-trust.p12");
    try (OutputStream out = Files.newOutputStream(file)) {
      trust.store(out, PASSWORD.toCharArray());
    }
    return file;
  }

  /** The JVM options that make a forked JVM trust the proxy's certificate. */
  static String[] trustOptions(Path trustStore) {
    return new String[] {"-Djavax.net.ssl.trustStore=" + trustStore,
        "-Djavax.net.ssl.trustStorePassword=" + PASSWORD, "-Djavax.net.ssl.trustStoreType=PKCS12"};
  }

  TlsProxy(Path keyStore, String backendHost, int backendPort) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(keyStore), PASSWORD.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    this.server = (SSLServerSocket) ctx.getServerSocketFactory()
        .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.backendHost = backendHost;
    this.backendPort = backendPort;
    this.acceptor = new Thread(this::accept, "tls-proxy-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  String uri() {
    return "rediss://127.0.0.1:" + port();
  }

  private void accept() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      Thread t = new Thread(() -> connect(client), "tls-proxy-connect");
      t.setDaemon(true);
      t.start();
    }
  }

  private void connect(Socket client) {
    open.add(client);
    Socket backend = new Socket();
    try {
      backend.connect(new InetSocketAddress(backendHost, backendPort), 2_000);
      backend.setTcpNoDelay(true);
      client.setTcpNoDelay(true);
    } catch (IOException e) {
      closeQuietly(client); // Redis is down: the client sees its connection refused, in TLS terms
      closeQuietly(backend);
      return;
    }
    open.add(backend);
    pump(client, backend, "tls-proxy-up");
    pump(backend, client, "tls-proxy-down");
  }

  /** Copies one direction until either side ends; then closes both. */
  private void pump(Socket from, Socket to, String name) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        for (int n; (n = in.read(buf)) >= 0; ) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException ignored) {
        // either side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  private void closeQuietly(Socket s) {
    open.remove(s);
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  private static KeyStore load(Path file) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
  }
}
