package io.methodcache.agent.cli;

/** Ends a command with an exit status and one message for stderr. */
final class CliException extends Exception {
  private static final long serialVersionUID = 1L;

  private final int status;

  CliException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  CliException(int status, String message, Throwable cause) {
    super(message, cause, false, false);
    this.status = status;
  }

  static CliException usage(String message) {
    return new CliException(Main.USAGE, message);
  }

  static CliException failed(String message) {
    return new CliException(Main.FAILED, message);
  }

  static CliException unreachable(String message) {
    return new CliException(Main.UNREACHABLE, message);
  }

  int status() { return status; }
}
