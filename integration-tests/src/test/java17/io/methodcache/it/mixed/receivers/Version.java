package io.methodcache.it.mixed.receivers;

import io.methodcache.it.target.Bodies;

/** A value class whose compareTo (cached) decides how a list sorts. */
public final class Version implements Comparable<Version> {
  private final int major;
  private final int minor;

  public Version(int major, int minor) {
    this.major = major;
    this.minor = minor;
  }

  public int major() { return major; }
  public int minor() { return minor; }

  @Override
  public int compareTo(Version other) {
    Bodies.ran("compareTo");
    return major != other.major ? Integer.compare(major, other.major)
        : Integer.compare(minor, other.minor);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Version && ((Version) o).major == major && ((Version) o).minor == minor;
  }

  @Override
  public int hashCode() {
    return 31 * major + minor;
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
