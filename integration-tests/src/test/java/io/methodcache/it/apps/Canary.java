package io.methodcache.it.apps;

/** If a rules file's YAML tag could construct Java objects, this would say so on stdout. */
public final class Canary {
  public Canary(String word) {
    System.out.println("CANARY CONSTRUCTED " + word);
  }
}
