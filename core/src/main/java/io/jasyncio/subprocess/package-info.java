/**
 * asyncio's subprocesses: {@link io.jasyncio.subprocess.Subprocess#createSubprocessExec} and {@link
 * io.jasyncio.subprocess.Subprocess#createSubprocessShell}, a child's pipes as {@link
 * io.jasyncio.net.StreamReader}/{@link io.jasyncio.net.StreamWriter}, {@code communicate}, {@code
 * await()} for the exit code. Named {@code Subprocess}, not to clash with {@link Process}.
 */
@NullMarked
package io.jasyncio.subprocess;

import org.jspecify.annotations.NullMarked;
