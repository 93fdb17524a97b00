package io.methodcache.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Plain JDBC access to {@code products}. Knows nothing about caching. */
public class ProductRepository {
  private final CatalogDatabase db;

  public ProductRepository(CatalogDatabase db) {
    this.db = db;
  }

  /** The product with this id, or null. */
  public Product findById(long id) {
    OriginCalls.DB_QUERIES.increment();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, sku, name, category_id, list_price_cents FROM products WHERE id = ?")) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? product(rs) : null;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("products query failed for id " + id, e);
    }
  }

  /** The products of one category, cheapest first (a list query). */
  public List<Product> findByCategory(int categoryId) {
    OriginCalls.DB_QUERIES.increment();
    try (Connection c = db.connection();
        PreparedStatement ps = c.prepareStatement(
            "SELECT id, sku, name, category_id, list_price_cents FROM products"
                + " WHERE category_id = ? ORDER BY list_price_cents, id")) {
      ps.setInt(1, categoryId);
      List<Product> result = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          result.add(product(rs));
        }
      }
      return Collections.unmodifiableList(result);
    } catch (SQLException e) {
      throw new IllegalStateException("products query failed for category " + categoryId, e);
    }
  }

  private static Product product(ResultSet rs) throws SQLException {
    return new Product(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getLong(5));
  }
}
