/**
 * JUnit 5 support for code built on jasyncio: {@link io.jasyncio.test.AsyncTest} runs a test as the
 * main task of a fresh loop on virtual time, with a limit in real time; {@link
 * io.jasyncio.test.RunOnLoop} does the same beside {@code @ParameterizedTest} and
 * {@code @RepeatedTest}; {@link io.jasyncio.test.Explore} runs a test under many seeded schedules.
 */
@NullMarked
package io.jasyncio.test;

import org.jspecify.annotations.NullMarked;
