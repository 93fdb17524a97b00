package io.methodcache.it.mixed.receivers;

public class BoldLabels extends BaseLabels {
  @Override
  public String label(String text) {
    return "**" + super.label(text) + "**";
  }
}
