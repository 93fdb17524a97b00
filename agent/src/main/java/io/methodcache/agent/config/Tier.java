package io.methodcache.agent.config;

/** Where a rule keeps its entries ({@code tiers: [l1, l2]}); a call looks in L1, then L2. */
public enum Tier {
  /** In-process (Caffeine), per JVM. */
  L1,
  /** Shared (Redis), for every JVM of the namespace; needs a {@code redis:} section. */
  L2;

  /** As written in a rules file: {@code l1}, {@code l2}. */
  public String key() {
    return this == L1 ? "l1" : "l2";
  }
}
