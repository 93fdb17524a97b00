package io.methodcache.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;
import org.h2.jdbcx.JdbcConnectionPool;

/** An in-memory H2 database with the catalog schema, seeded deterministically. */
public final class CatalogDatabase implements AutoCloseable {
  public static final int CATEGORIES = 20;
  public static final int PRODUCTS = 2_000;

  private static final String[] WORDS = {
    "alpine", "basic", "classic", "deluxe", "eco", "family", "grand", "heavy", "ideal", "junior",
    "kinetic", "light", "mega", "nordic", "outdoor", "pocket", "quiet", "rapid", "smart", "travel"
  };
  private static final String[] THINGS = {
    "lamp", "kettle", "backpack", "tent", "chair", "desk", "headset", "mug", "jacket", "drill"
  };

  private final JdbcConnectionPool pool;

  private CatalogDatabase(JdbcConnectionPool pool) {
    this.pool = pool;
  }

  /** Creates and seeds a fresh database; {@code name} keeps several instances apart. */
  public static CatalogDatabase create(String name, long seed) throws SQLException {
    JdbcConnectionPool pool =
        JdbcConnectionPool.create("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1", "sa", "");
    pool.setMaxConnections(16);
    CatalogDatabase db = new CatalogDatabase(pool);
    db.seed(new Random(seed));
    return db;
  }

  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  private void seed(Random random) throws SQLException {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE categories (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)");
      s.execute("CREATE TABLE products (id BIGINT PRIMARY KEY, sku VARCHAR(32) NOT NULL UNIQUE,"
          + " name VARCHAR(128) NOT NULL, category_id INT NOT NULL REFERENCES categories(id),"
          + " list_price_cents BIGINT NOT NULL)");
      s.execute("CREATE INDEX products_by_category ON products(category_id)");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO categories VALUES (?, ?)")) {
        for (int i = 1; i <= CATEGORIES; i++) {
          ins.setInt(1, i);
          ins.setString(2, WORDS[i - 1] + " goods");
          ins.addBatch();
        }
        ins.executeBatch();
      }
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO products VALUES (?, ?, ?, ?, ?)")) {
        for (long id = 1; id <= PRODUCTS; id++) {
          ins.setLong(1, id);
          ins.setString(2, sku(id));
          ins.setString(3, WORDS[random.nextInt(WORDS.length)] + " " + THINGS[random.nextInt(THINGS.length)]);
          ins.setInt(4, 1 + random.nextInt(CATEGORIES));
          ins.setLong(5, 499 + random.nextInt(20_000));
          ins.addBatch();
        }
        ins.executeBatch();
      }
    }
  }

  public static String sku(long productId) {
    return String.format("SKU-%05d", productId);
  }

  @Override
  public void close() {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException ignored) {
      // already gone
    }
    pool.dispose();
  }
}
