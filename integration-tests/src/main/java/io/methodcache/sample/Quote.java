package io.methodcache.sample;

import java.io.Serializable;
import java.util.Objects;

/** A price quote from the (simulated) remote pricing service. */
public final class Quote implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String sku;
  private final long priceCents;
  private final String currency;

  public Quote(String sku, long priceCents, String currency) {
    this.sku = sku;
    this.priceCents = priceCents;
    this.currency = currency;
  }

  public String getSku() { return sku; }
  public long getPriceCents() { return priceCents; }
  public String getCurrency() { return currency; }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Quote)) return false;
    Quote q = (Quote) o;
    return priceCents == q.priceCents && sku.equals(q.sku) && currency.equals(q.currency);
  }

  @Override
  public int hashCode() { return Objects.hash(sku, priceCents, currency); }

  @Override
  public String toString() { return "Quote[" + sku + " " + priceCents + " " + currency + "]"; }
}
