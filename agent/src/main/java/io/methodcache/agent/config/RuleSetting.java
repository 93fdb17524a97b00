package io.methodcache.agent.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The keys of a rule in format 1: how each one's text is interpreted, and how its value goes into a
 * {@link RuleConfig.Builder}. Messages name the key, say what is wrong and show a value that works.
 * Settings whose value is a list or a mapping ({@link #structured()}) are read by {@link
 * RuleValues}; the others are single values read here.
 */
enum RuleSetting {
  NAME("name", "product-by-id", null),
  METHOD("method", "com.shop.ProductRepository#findById(long)", null),
  TTL("ttl", "5m", "5m"),
  JITTER("jitter", "10%", "0%"),
  MAX_ENTRIES("max-entries", "10000", "10000"),
  KEY("key", "\"{0}\"", "all arguments form the key"),
  CACHE_NULLS("cache-nulls", "30s", "nulls are not cached"),
  STAMPEDE("stampede", "local", "local"),
  STAMPEDE_TIMEOUT("stampede-timeout", "10s", "10s"),
  ENABLED("enabled", "true", "true"),
  TIERS("tiers", "[l1, l2]", "[l1, l2] with a 'redis:' section, else [l1]"),
  L1_TTL("l1-ttl", "30s", "the ttl"),
  MODE("mode", "cache-aside", "cache-aside"),
  REFRESH_AT("refresh-at", "80%", "80%"),
  EARLY_EXPIRY("early-expiry", "{strategy: xfetch, beta: 1.0}", "none"),
  TAGS("tags", "[\"product:{0}\", catalog]", "no tags"),
  COPY_ON_READ("copy-on-read", "true", "false"),
  RECEIVER("receiver", "ignore", "auto"),
  EVICT("evict", "{rule: product-by-id, key: \"{0.id}\"}", null),
  PUT("put", "{rule: product-by-id, key: \"{0.id}\"}", null);

  static final Pattern RULE_NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final List<String> KEYS;
  private static final List<String> DEFAULTABLE_KEYS;
  private static final List<String> WRITE_RULE_KEYS;
  private static final Set<RuleSetting> STRUCTURED = Set.of(TIERS, EARLY_EXPIRY, TAGS, EVICT, PUT);
  /** What a write rule may set: it caches nothing, so the caching settings mean nothing there. */
  private static final Set<RuleSetting> ON_WRITE_RULES = Set.of(NAME, METHOD, ENABLED, TIERS, EVICT,
      PUT);

  static {
    List<String> all = new ArrayList<>();
    List<String> defaultable = new ArrayList<>();
    List<String> write = new ArrayList<>();
    for (RuleSetting s : values()) {
      all.add(s.key);
      if (s.defaultable()) {
        defaultable.add(s.key);
      }
      if (s.allowedOnWriteRule()) {
        write.add(s.key);
      }
    }
    KEYS = Collections.unmodifiableList(all);
    DEFAULTABLE_KEYS = Collections.unmodifiableList(defaultable);
    WRITE_RULE_KEYS = Collections.unmodifiableList(write);
  }

  final String key;
  /** A valid value, shown in messages: {@code ttl: 5m}. */
  final String example;
  /** What applies when neither the rule nor {@code defaults:} sets it (see RuleConfig.Builder). */
  final String builtIn;

  RuleSetting(String key, String example, String builtIn) {
    this.key = key;
    this.example = example;
    this.builtIn = builtIn;
  }

  static RuleSetting of(String key) {
    for (RuleSetting s : values()) {
      if (s.key.equals(key)) {
        return s;
      }
    }
    return null;
  }

  static List<String> keys() { return KEYS; }

  static List<String> defaultableKeys() { return DEFAULTABLE_KEYS; }

  static List<String> writeRuleKeys() { return WRITE_RULE_KEYS; }

  /**
   * Name and method identify a rule, and evict and put make it a write rule: a shared default for
   * them makes no sense.
   */
  boolean defaultable() { return this != NAME && this != METHOD && this != EVICT && this != PUT; }

  /** True for the keys a write rule may have. */
  boolean allowedOnWriteRule() { return ON_WRITE_RULES.contains(this); }

  /** True when the value is a list or a mapping, read by {@link RuleValues}. */
  boolean structured() { return STRUCTURED.contains(this); }

  /**
   * Interprets the (already substituted) text of this key; not for {@link #structured()} ones.
   *
   * @throws IllegalArgumentException with the complete message for the operator
   */
  Object interpret(String text) {
    String t = text.trim();
    switch (this) {
      case NAME:
        if (!RULE_NAME.matcher(t).matches()) {
          throw new IllegalArgumentException("rule name '" + t + "' must be lower-case letters and"
              + " digits in words joined by '-', e.g. " + suggestName(t));
        }
        return t;
      case METHOD:
        try {
          return MethodPattern.parse(t);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("'method': " + e.getMessage());
        }
      case KEY:
        try {
          return KeyTemplate.parse(text); // not trimmed: spaces in a template are literal text
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("'key': " + e.getMessage());
        }
      case TTL:
      case CACHE_NULLS:
      case STAMPEDE_TIMEOUT:
      case L1_TTL:
        String fix = this == CACHE_NULLS ? " (remove 'cache-nulls' to never cache nulls)"
            : this == TTL ? " (set 'enabled: false' to turn the rule off)"
            : this == L1_TTL ? " (remove 'l1-ttl' to keep L1 entries for the ttl)" : "";
        return positiveDuration(key, t, example, fix);
      case JITTER:
        try {
          return Percentages.parse(t);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("'jitter': " + e.getMessage());
        }
      case REFRESH_AT:
        try {
          return Percentages.parse(t, 1, example);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("'refresh-at': " + e.getMessage());
        }
      case MAX_ENTRIES:
        return positiveLong(key, t, example);
      case STAMPEDE:
        return oneOf(t, Stampede.values());
      case MODE:
        for (Mode m : Mode.values()) {
          if (m.key().equals(t)) {
            return m;
          }
        }
        throw new IllegalArgumentException("'mode' must be cache-aside or refresh-ahead, got '" + t
            + "'" + near(t, List.of("cache-aside", "refresh-ahead")));
      case ENABLED:
      case COPY_ON_READ:
        return bool(key, t);
      case RECEIVER:
        if (t.equals("auto") || t.equals("ignore")) {
          return t.equals("ignore");
        }
        throw new IllegalArgumentException("'receiver' must be auto (the object a method is called"
            + " on is part of its key when it compares by value; other instances than the first"
            + " run uncached when it compares by identity) or ignore (every instance shares the"
            + " entries), got '" + t + "'" + near(t, List.of("auto", "ignore")));
      default:
        throw new AssertionError(this);
    }
  }

  private Object oneOf(String t, Stampede[] values) {
    List<String> names = new ArrayList<>();
    for (Stampede s : values) {
      String n = s.name().toLowerCase(Locale.ROOT);
      if (n.equals(t)) {
        return s;
      }
      names.add(n);
    }
    throw new IllegalArgumentException("'" + key + "' must be one of: " + String.join(", ", names)
        + "; got '" + t + "'" + near(t, names));
  }

  /** " — did you mean 'x'?" for a near miss, else nothing. */
  static String near(String t, List<String> candidates) {
    String nearest = t.isEmpty() ? null : KeyNames.nearest(t, candidates);
    return nearest == null || nearest.equals(t) ? "" : " — did you mean '" + nearest + "'?";
  }

  void apply(RuleConfig.Builder b, Object value) {
    switch (this) {
      case NAME: b.name((String) value); break;
      case METHOD: b.method((MethodPattern) value); break;
      case TTL: b.ttl((Duration) value); break;
      case JITTER: b.jitter((Double) value); break;
      case MAX_ENTRIES: b.maxEntries((Long) value); break;
      case KEY: b.key((KeyTemplate) value); break;
      case CACHE_NULLS: b.cacheNulls((Duration) value); break;
      case STAMPEDE: b.stampede((Stampede) value); break;
      case STAMPEDE_TIMEOUT: b.stampedeTimeout((Duration) value); break;
      case ENABLED: b.enabled((Boolean) value); break;
      case L1_TTL: b.l1Ttl((Duration) value); break;
      case MODE: b.mode((Mode) value); break;
      case REFRESH_AT: b.refreshAt((Double) value); break;
      case COPY_ON_READ: b.copyOnRead((Boolean) value); break;
      case RECEIVER: b.receiverIgnored((Boolean) value); break;
      case TIERS: b.tiers(tiers(value)); break;
      case EARLY_EXPIRY: b.earlyExpiry((EarlyExpiry) value); break;
      case TAGS: b.tags(templates(value)); break;
      case EVICT: b.evict(evictTargets(value)); break;
      case PUT: b.put((PutTarget) value); break;
      default: throw new AssertionError(this);
    }
  }

  @SuppressWarnings("unchecked")
  private static Set<Tier> tiers(Object value) { return (Set<Tier>) value; }

  @SuppressWarnings("unchecked")
  private static List<KeyTemplate> templates(Object value) { return (List<KeyTemplate>) value; }

  @SuppressWarnings("unchecked")
  private static List<EvictTarget> evictTargets(Object value) { return (List<EvictTarget>) value; }

  static Boolean bool(String key, String t) {
    if (t.equals("true") || t.equals("false")) {
      return Boolean.valueOf(t);
    }
    throw new IllegalArgumentException("'" + key + "' must be true or false, got '" + t + "'");
  }

  static Duration positiveDuration(String key, String t, String example, String fix) {
    Duration d;
    try {
      d = Durations.parse(t);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + key + "': " + e.getMessage());
    }
    if (d.isZero()) {
      throw new IllegalArgumentException("'" + key + "' must be greater than zero, got '" + t
          + "'; write e.g. " + key + ": " + example + fix);
    }
    return d;
  }

  static Long positiveLong(String key, String t, String example) {
    String digits = t.replace("_", "");
    boolean ok = !digits.isEmpty() && !t.startsWith("_") && !t.endsWith("_");
    for (int i = 0; ok && i < digits.length(); i++) {
      ok = digits.charAt(i) >= '0' && digits.charAt(i) <= '9';
    }
    if (ok) {
      try {
        long v = Long.parseLong(digits);
        if (v > 0) {
          return v;
        }
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + key + "' is too large, got '" + t + "'; write"
            + " e.g. " + key + ": " + example);
      }
    }
    throw new IllegalArgumentException("'" + key + "' must be a positive integer, got '" + t
        + "'; write e.g. " + key + ": " + example);
  }

  static int positiveInt(String key, String t, String example) {
    long v = positiveLong(key, t, example);
    if (v > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("'" + key + "' is too large, got '" + t + "' (at most "
          + Integer.MAX_VALUE + "); write e.g. " + key + ": " + example);
    }
    return (int) v;
  }

  /** "Product_By_Id" → "product-by-id": the fix for a name that is almost right. */
  private static String suggestName(String raw) {
    String s = KeyNames.normalise(raw).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    return s.isEmpty() || !RULE_NAME.matcher(s).matches() ? "product-by-id" : s;
  }
}
