package io.methodcache.it.apps.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A repository with cached reads and write methods named by evict/put rules. Prints one RESULT
 * line per step: the values read and how many times the read body ran so far.
 */
public final class WriteApp {
  static final Map<Long, String> DB = new ConcurrentHashMap<>();
  static int reads;
  static int renders;

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

    /** Returns the stored name: what findById returns afterwards, so a put can cache it. */
    public String update(Product p) {
      DB.put((long) p.id, p.name);
      return p.name;
    }

    /** Changes a product without a key eviction: its pages are dropped by tag. */
    public void rename(Product p) {
      DB.put((long) p.id, p.name);
    }

    /** A fresh, mutable list of every name (cached with copy-on-read). */
    public List<String> names() {
      reads++;
      List<String> out = new ArrayList<>();
      for (long id = 1; id <= 2; id++) {
        out.add(DB.get(id));
      }
      return out;
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

  /** Pages tagged product:{id} and catalog. */
  public static final class Pages {
    public String render(long id) {
      renders++;
      return "<h1>" + DB.get(id) + "</h1>";
    }
  }

  private static void pages(String name, Pages pages) {
    System.out.println("RESULT " + name + "=" + pages.render(1) + "," + pages.render(2) + ","
        + renders);
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

    Pages pages = new Pages();
    pages("pages", pages);
    pages("pagesCached", pages);
    repo.rename(new Product(1, "eins"));
    pages("afterRename", pages);
    repo.clear();
    pages("afterClearPages", pages);

    List<String> mine = repo.names();
    mine.set(0, "scribbled on by a caller");
    List<String> again = repo.names();
    List<String> third = repo.names();
    System.out.println("RESULT copies=" + again + "," + (again != third) + "," + reads);
  }
}
