/**
 * E1, the echo benchmark: jasyncio's network servers (streams and protocol style, both engines)
 * against CPython asyncio, uvloop, Netty and plain virtual threads. Each server runs in its own
 * process pinned to CPU 0; {@link io.jasyncio.bench.echo.EchoLoad} drives it from CPU 1. Run it
 * with {@code ./jasyncio bench-echo}; {@link io.jasyncio.bench.echo.EchoBench} explains the method.
 */
@NullMarked
package io.jasyncio.bench.echo;

import org.jspecify.annotations.NullMarked;
