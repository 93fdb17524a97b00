package io.methodcache.agent.config;

/** A place in a rules file, 1-based, for messages of the form {@code FILE:LINE:COL: message}. */
public final class SourcePosition {
  private final String file;
  private final int line;
  private final int column;

  public SourcePosition(String file, int line, int column) {
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public String file() { return file; }
  public int line() { return line; }
  public int column() { return column; }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
