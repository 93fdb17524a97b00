package io.methodcache.it.mixed.app;

import java.util.Optional;

/** Results that are null or Optional (empty or not). */
public final class Directory {
  public String nickname(String user) {
    return user.startsWith("a") ? user.substring(0, 2) : null;
  }

  public Optional<String> email(String user) {
    return user.length() > 3 ? Optional.of(user + "@example.org") : Optional.empty();
  }

  public Optional<Integer> age(String user) {
    return user.isEmpty() ? Optional.empty() : Optional.of(user.length() * 7);
  }
}
