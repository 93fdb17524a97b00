package io.methodcache.agent.config;

import java.util.Objects;

/**
 * {@code early-expiry:} probabilistic early recompute of a cache-aside entry. With XFetch (Vattani,
 * Chierichetti and Lowenstein, "Optimal Probabilistic Cache Stampede Prevention") a hit recomputes
 * early when {@code now - delta * beta * ln(random()) >= expiry}, delta being the entry's measured
 * load time: the nearer expiry and the slower the load, the likelier an early recompute.
 */
public final class EarlyExpiry {
  /** The recompute decision; only one so far. */
  public enum Strategy {
    XFETCH;

    /** As written in a rules file. */
    public String key() {
      return "xfetch";
    }
  }

  public static final double DEFAULT_BETA = 1.0;

  private final Strategy strategy;
  private final double beta;

  /** @throws IllegalArgumentException for a beta that is not a finite number above zero */
  public EarlyExpiry(Strategy strategy, double beta) {
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("beta must be a finite number greater than zero: " + beta);
    }
    this.beta = beta;
  }

  public Strategy strategy() { return strategy; }

  /** Greater than 1 recomputes earlier, less than 1 later; 1.0 is the paper's optimum. */
  public double beta() { return beta; }

  @Override
  public boolean equals(Object o) {
    return o instanceof EarlyExpiry && ((EarlyExpiry) o).strategy == strategy
        && Double.compare(((EarlyExpiry) o).beta, beta) == 0;
  }

  @Override
  public int hashCode() { return 31 * strategy.hashCode() + Double.hashCode(beta); }

  @Override
  public String toString() {
    return "{strategy: " + strategy.key() + ", beta: " + beta + "}";
  }
}
