package io.methodcache.sample;

import java.util.Objects;

/** What the catalog shows for one product: the product, its category and today's price (or none). */
public final class ProductPage {
  private final Product product;
  private final Category category;
  private final Quote quote;

  public ProductPage(Product product, Category category, Quote quote) {
    this.product = product;
    this.category = category;
    this.quote = quote;
  }

  public Product getProduct() { return product; }
  public Category getCategory() { return category; }
  /** Null when the pricing service has no price (discontinued product). */
  public Quote getQuote() { return quote; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ProductPage)) return false;
    ProductPage p = (ProductPage) o;
    return product.equals(p.product) && category.equals(p.category) && Objects.equals(quote, p.quote);
  }

  @Override
  public int hashCode() { return Objects.hash(product, category, quote); }
}
