package io.methodcache.it.apps;

/** Hangs: for the harness's own test of its timeout. */
public final class Sleeper {
  public static void main(String[] args) throws InterruptedException {
    System.out.println("sleeping");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
