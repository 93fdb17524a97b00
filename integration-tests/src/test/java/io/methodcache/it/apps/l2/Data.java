package io.methodcache.it.apps.l2;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The "database" every JVM of an L2 test shares: one file per id under {@code -Dl2.data=<dir>},
 * holding the id's current version (1 when there is no file). The test changes a version by
 * replacing the file atomically, so a body sees either the old or the new version, never half.
 */
public final class Data {
  private static final String DIR = System.getProperty("l2.data");

  private Data() {}

  /** The app's own write (a write rule's method): the next version, replaced atomically. */
  public static synchronized int bump(long id) {
    int next = version(id) + 1;
    try {
      Path tmp = Path.of(DIR, id + ".tmp");
      Files.write(tmp, Integer.toString(next).getBytes(StandardCharsets.US_ASCII));
      Files.move(tmp, Path.of(DIR, Long.toString(id)),
          java.nio.file.StandardCopyOption.REPLACE_EXISTING,
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return next;
  }

  public static int version(long id) {
    if (DIR == null) {
      return 1;
    }
    try {
      return Integer.parseInt(new String(Files.readAllBytes(Path.of(DIR, Long.toString(id))),
          StandardCharsets.US_ASCII).trim());
    } catch (NoSuchFileException e) {
      return 1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
