package io.methodcache.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;

/**
 * Optional ({@code -Dmethodcache.bridge=boot}): moves the bridge classes to the boot class path,
 * for class loaders that do not delegate to the system class loader (OSGi-style isolation). Off by
 * default because JDK 25 then prints that class-data sharing is limited to boot classes, and
 * because every mainstream loader (Spring Boot, Tomcat, Jetty) already reaches the bridge on the
 * system class path, where {@code -javaagent} puts the agent jar.
 */
final class BootBridge {
  private static final String[] BRIDGE_CLASSES = {
      "io/methodcache/agent/bootstrap/Dispatch.class",
      "io/methodcache/agent/bootstrap/Dispatcher.class",
      "io/methodcache/agent/bootstrap/Dispatcher$1.class",
      "io/methodcache/agent/bootstrap/Control.class",
      "io/methodcache/agent/bootstrap/Control$1.class",
      "io/methodcache/agent/bootstrap/Hit.class"};

  private BootBridge() {}

  static void installIfRequested(Instrumentation inst) throws IOException {
    if (!"boot".equalsIgnoreCase(System.getProperty("methodcache.bridge", "system").trim())) {
      return;
    }
    File jar = File.createTempFile("methodcache-bridge", ".jar");
    jar.deleteOnExit();
    try (OutputStream file = Files.newOutputStream(jar.toPath());
         JarOutputStream out = new JarOutputStream(file)) {
      ClassLoader own = BootBridge.class.getClassLoader();
      for (String name : BRIDGE_CLASSES) {
        try (InputStream in = own.getResourceAsStream(name)) {
          if (in == null) {
            throw new IOException("bridge class missing from the agent jar: " + name);
          }
          out.putNextEntry(new ZipEntry(name));
          in.transferTo(out);
          out.closeEntry();
        }
      }
    }
    inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    Log.info("bridge on the boot class path: " + jar);
  }
}
