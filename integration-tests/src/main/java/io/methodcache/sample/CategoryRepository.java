package io.methodcache.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Plain JDBC access to {@code categories}. Knows nothing about caching. */
public class CategoryRepository {
  private final CatalogDatabase db;

  public CategoryRepository(CatalogDatabase db) {
    this.db = db;
  }

  public Category findById(int id) {
    OriginCalls.DB_QUERIES.increment();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement("SELECT id, name FROM categories WHERE id = ?")) {
      ps.setInt(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? new Category(rs.getInt(1), rs.getString(2)) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("categories query failed for id " + id, e);
    }
  }
}
