package io.methodcache.it.mixed.app;

/** Integer to hex text; called through Converter's erased signature, i.e. its bridge. */
public class HexConverter extends Converter<Integer, String> {
  private final boolean upper;

  public HexConverter(boolean upper) {
    this.upper = upper;
  }

  @Override
  public String convert(Integer value) {
    String hex = Integer.toHexString(value);
    return upper ? hex.toUpperCase() : hex;
  }
}
