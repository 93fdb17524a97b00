package io.methodcache.it.mixed.app;

/** Overrides an override, calling it through super for the same argument. */
public class PaddedHexConverter extends HexConverter {
  public PaddedHexConverter() {
    super(false);
  }

  @Override
  public String convert(Integer value) {
    String hex = super.convert(value);
    return "0".repeat(Math.max(0, 8 - hex.length())) + hex;
  }
}
