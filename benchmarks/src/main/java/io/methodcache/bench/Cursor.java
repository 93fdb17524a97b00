package io.methodcache.bench;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.ThreadParams;

/** Each thread's walk over a key set; the same few instructions in every row. */
@State(Scope.Thread)
public class Cursor {
  private int i;

  @Setup(Level.Trial)
  public void setup(ThreadParams thread) {
    i = thread.getThreadIndex() * 4_999; // two threads start far apart in the 10,000 keys
  }

  public int next(int n) {
    int j = i + 1;
    if (j >= n) {
      j = 0;
    }
    i = j;
    return j;
  }
}
