package io.jasyncio.probe;

import io.jasyncio.Asyncio;
import io.jasyncio.Engine;

/**
 * A child JVM's main for {@code EngineChoiceTest}: prints the default engine, its reason, and the
 * engine a program actually ran on. Outside package io.jasyncio, so that on the module path it sees
 * jasyncio as a user's code does.
 */
public final class EngineProbe {
  private EngineProbe() {}

  public static void main(String[] args) {
    System.out.println("default=" + Engine.defaultEngine());
    System.out.println("reason=" + Engine.defaultEngineReason());
    System.out.println("named=" + Engine.class.getModule().isNamed());
    System.out.println("ran=" + Asyncio.run(() -> Asyncio.getRunningLoop().engine()));
  }
}
