/**
 * The network benchmarks: E1 echo, E3 HTTP/1.1 keep-alive and E7 idle connections. jasyncio's
 * servers (streams, protocol and, for E1, sock style; both engines) against CPython asyncio,
 * uvloop, Netty and plain virtual threads. Each server runs in its own process pinned to CPU 0; the
 * load ({@link io.jasyncio.bench.echo.EchoLoad} for E1, {@code wrk} through {@link
 * io.jasyncio.bench.echo.HttpLoad} for E3) drives it from CPU 1. Run them with {@code ./jasyncio
 * bench-echo}, {@code bench-http} and {@code bench-idle}; {@link io.jasyncio.bench.echo.EchoBench}
 * explains the method, {@link io.jasyncio.bench.echo.Servers} lists the servers.
 */
@NullMarked
package io.jasyncio.bench.echo;

import org.jspecify.annotations.NullMarked;
