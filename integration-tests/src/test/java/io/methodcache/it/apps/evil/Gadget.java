package io.methodcache.it.apps.evil;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for a deserialization gadget: outside every L2 test's allow-list
 * ({@code io.methodcache.it.apps.l2.**}), on the app's class path, and loud when touched. Its
 * static initialiser and its readObject each leave a marker file in {@code -Dgadget.markers=<dir>}
 * (only set in the forked app, so the test JVM that serializes one leaves nothing).
 */
public class Gadget implements Serializable {
  private static final long serialVersionUID = 1L;
  public static volatile boolean deserialized;

  static {
    mark("clinit");
  }

  private final String command;

  public Gadget(String command) {
    this.command = command;
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    deserialized = true;
    mark("readObject");
  }

  private static void mark(String what) {
    String dir = System.getProperty("gadget.markers");
    if (dir == null) {
      return;
    }
    try {
      Files.write(Path.of(dir, what), ("touched by " + ProcessHandle.current().pid())
          .getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "Gadget(" + command + ")";
  }
}
