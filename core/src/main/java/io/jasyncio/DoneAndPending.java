package io.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: the futures that are done and those still pending, each set in
 * the order the futures were given. asyncio's {@code (done, pending)} pair.
 *
 * @param <F> the type of the futures
 * @param done the futures that are done (with a result, an exception or cancelled)
 * @param pending the futures not done yet; {@code wait} never cancels them
 */
public record DoneAndPending<F extends Future<?>>(Set<F> done, Set<F> pending) {
  /** Both sets, unmodifiable. */
  public DoneAndPending {
    done = java.util.Collections.unmodifiableSet(done);
    pending = java.util.Collections.unmodifiableSet(pending);
  }
}
