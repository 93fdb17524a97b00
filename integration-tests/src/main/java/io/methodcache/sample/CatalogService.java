package io.methodcache.sample;

import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The catalog's use cases. Each use case calls repositories and the price service; {@link #LOOKUPS}
 * counts those calls from the caller's side, so {@code 1 - origin / lookups} is the share answered
 * without going to the origin.
 */
public class CatalogService {
  public static final LongAdder LOOKUPS = new LongAdder();

  private final ProductRepository products;
  private final CategoryRepository categories;
  private final PriceService prices;

  public CatalogService(ProductRepository products, CategoryRepository categories, PriceService prices) {
    this.products = products;
    this.categories = categories;
    this.prices = prices;
  }

  /** A product page: product, its category, and its current price. */
  public ProductPage productPage(long productId) {
    LOOKUPS.increment();
    Product product = products.findById(productId);
    if (product == null) {
      throw new IllegalArgumentException("no product " + productId);
    }
    LOOKUPS.add(2);
    Category category = categories.findById(product.getCategoryId());
    Quote quote = prices.quote(product.getSku());
    return new ProductPage(product, category, quote);
  }

  /** A category page: the category and the cheapest products in it. */
  public List<Product> categoryPage(int categoryId) {
    LOOKUPS.add(2);
    Category category = categories.findById(categoryId);
    if (category == null) {
      throw new IllegalArgumentException("no category " + categoryId);
    }
    List<Product> all = products.findByCategory(categoryId);
    return all.subList(0, Math.min(10, all.size()));
  }
}
