/**
 * JUnit 5 support for code built on jasyncio: {@link io.jasyncio.test.AsyncTest} runs a test as the
 * main task of a fresh loop on virtual time, {@link io.jasyncio.test.Explore} runs it under many
 * seeded schedules.
 */
@NullMarked
package io.jasyncio.test;

import org.jspecify.annotations.NullMarked;
