package io.jasyncio.conformance;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the Java twin of a conformance scenario: a {@code static void name(Trace out)} method whose
 * trace must equal, line for line, what {@code conformance/NAME.py} prints under CPython.
 *
 * <p>{@link ConformanceTest} finds every such method in {@link ConformanceTest#SCENARIO_CLASSES}.
 * Put {@link org.junit.jupiter.api.Disabled @Disabled("core bug: ...")} on the method to skip one
 * scenario (it is reported as skipped, with the reason).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Scenario {
  /**
   * @return the scenario's name: the Python program is {@code conformance/<name>.py}
   */
  String value();

  /**
   * @return true if the twin must run on the real clock: it blocks the loop with real time (a
   *     {@code Thread.sleep} standing for {@code time.sleep}), which virtual time does not see.
   *     Every other twin runs on virtual time.
   */
  boolean realTime() default false;
}
