/**
 * Command-line tools shipped with jasyncio: {@link io.jasyncio.tools.Inspect} ({@code ./jasyncio ps
 * PID}, {@code pstree PID}). Not exported: run, not called.
 */
@NullMarked
package io.jasyncio.tools;

import org.jspecify.annotations.NullMarked;
