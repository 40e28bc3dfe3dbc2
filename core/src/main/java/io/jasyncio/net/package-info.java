/**
 * asyncio's I/O: transports and protocols over non-blocking channels polled by the loop, and the
 * streams built on them. Built on the loop's public API ({@link io.jasyncio.EventLoop#addReader},
 * {@link io.jasyncio.EventLoop#addWriter}, futures and tasks), as {@code io.jasyncio.sync} is.
 *
 * <ul>
 *   <li>{@link io.jasyncio.net.Streams}: {@code openConnection}, {@code startServer}, and the
 *       {@link io.jasyncio.net.StreamReader} / {@link io.jasyncio.net.StreamWriter} pair.
 *   <li>{@link io.jasyncio.net.Net}: {@code createConnection}, {@code createServer}, {@code
 *       getaddrinfo} and the {@code sock*} methods, with {@link io.jasyncio.net.Protocol}, {@link
 *       io.jasyncio.net.BufferedProtocol} and {@link io.jasyncio.net.Transport}.
 *   <li>{@link io.jasyncio.net.Server}: a listening server and its 3.13 lifecycle.
 * </ul>
 *
 * <p>Everything here is for the loop's thread (inside tasks and callbacks), as in asyncio.
 */
@NullMarked
package io.jasyncio.net;

import org.jspecify.annotations.NullMarked;
