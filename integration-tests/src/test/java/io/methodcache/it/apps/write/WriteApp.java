package io.methodcache.it.apps.write;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository with cached reads and write methods named by evict/put rules. Prints one RESULT
 * line per step: the values read and how many times the read body ran so far.
 */
public final class WriteApp {
  static final Map<Long, String> DB = new ConcurrentHashMap<>();
  static int reads;

  public static final class Product {
    private final int id; // an int here, a long in findById: keys are matched as text
    private final String name;

    public Product(int id, String name) {
      this.id = id;
      this.name = name;
    }

    public int getId() { return id; }
  }

  public static final class Repo {
    public String findById(long id) {
      reads++;
      return DB.get(id);
    }

    public void save(Product p) {
      DB.put((long) p.id, p.name);
    }

    public Product update(Product p) {
      DB.put((long) p.id, p.name);
      return p;
    }

    public void failingSave(Product p) {
      DB.put((long) p.id, p.name);
      throw new IllegalStateException("rolled back");
    }

    public int clear() {
      DB.replaceAll((k, v) -> v + "*");
      return DB.size();
    }
  }

  private static void step(String name, Repo repo) {
    System.out.println("RESULT " + name + "=" + repo.findById(1) + "," + repo.findById(2)
        + "," + reads);
  }

  public static void main(String[] args) {
    Repo repo = new Repo();
    DB.put(1L, "one");
    DB.put(2L, "two");
    step("start", repo);
    step("cached", repo);
    repo.save(new Product(1, "uno"));
    step("afterSave", repo);
    repo.update(new Product(2, "dos"));
    step("afterPut", repo);
    try {
      repo.failingSave(new Product(1, "ghost"));
    } catch (IllegalStateException expected) {
      // the write failed: no eviction
    }
    step("afterFailedSave", repo);
    repo.clear();
    step("afterClear", repo);
  }
}
