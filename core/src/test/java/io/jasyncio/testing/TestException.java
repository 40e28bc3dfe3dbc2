package io.jasyncio.testing;

/** The exception tests throw on purpose, so that no other exception can pass for it. */
public final class TestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A test exception without a message. */
  public TestException() {
    super();
  }

  /**
   * @param message which one
   */
  public TestException(String message) {
    super(message);
  }
}
