package io.methodcache.testapp;

/**
 * An application class for the agent's unit tests that check rules against loaded classes
 * (outside io.methodcache.agent, which the agent never instruments).
 */
public class Shop {
  public long price(long id) {
    return id * 2;
  }

  public void save(long id) {}

  public String label(String sku, int size) {
    return sku + size;
  }

  /** An interface whose implementations {@code Catalog+} rules match. */
  public interface Catalog {
    String find(long id);
  }

  public static class JdbcCatalog implements Catalog {
    @Override
    public String find(long id) {
      return "p" + id;
    }
  }
}
