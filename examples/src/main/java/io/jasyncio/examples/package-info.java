/**
 * The lesson's examples, each the literal twin of a Python program: run them with {@code ./jasyncio
 * examples} or {@code ./jasyncio example NAME}.
 */
@NullMarked
package io.jasyncio.examples;

import org.jspecify.annotations.NullMarked;
