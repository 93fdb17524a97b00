package io.methodcache.it.mixed.app;

/** One service class, two instances with different state (compare by identity). */
public final class TaxService {
  private final String country;
  private final int percent;

  public TaxService(String country, int percent) {
    this.country = country;
    this.percent = percent;
  }

  public long gross(long net) {
    return net + net * percent / 100;
  }

  public String label(long net) {
    return country + " " + gross(net);
  }

  public double rate() {
    return percent / 100.0;
  }
}
