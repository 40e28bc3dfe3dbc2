package io.jasyncio;

/**
 * Run by {@link JfrChildTest} in a child JVM, with or without a flight recording: the program of
 * {@link JfrEventsTest}, on a virtual-time loop, then what it returned.
 */
public final class JfrProgram {
  private JfrProgram() {}

  public static void main(String[] args) {
    System.out.println("result " + Asyncio.runVirtualTime(JfrEventsTest::mainProgram));
  }
}
