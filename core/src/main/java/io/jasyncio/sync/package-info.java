/**
 * asyncio's synchronisation primitives and queues for the tasks of one event loop: {@link
 * io.jasyncio.sync.Lock}, {@link io.jasyncio.sync.Event}, {@link io.jasyncio.sync.Condition},
 * {@link io.jasyncio.sync.Semaphore}, {@link io.jasyncio.sync.BoundedSemaphore}, {@link
 * io.jasyncio.sync.Barrier}, and {@link io.jasyncio.sync.Queue} with its LIFO and priority
 * variants.
 *
 * <p>They are built on the public API of {@code io.jasyncio} only ({@code getRunningLoop}, {@code
 * createFuture}, {@code Future.await}), as CPython's {@code locks.py} and {@code queues.py} are,
 * and every wait goes through one internal wait queue. Not thread locks: they order the tasks of
 * one loop across their await points. Every operation refuses a thread other than the one running
 * the primitive's loop, before it changes anything.
 */
@NullMarked
package io.jasyncio.sync;

import org.jspecify.annotations.NullMarked;
