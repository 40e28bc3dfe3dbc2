/**
 * jasyncio: Python's asyncio task model in Java.
 *
 * <p>The public API is the package {@code io.jasyncio}; {@code io.jasyncio.internal} holds the
 * engines and is not exported.
 */
module io.jasyncio {
  requires static transitive org.jspecify;

  exports io.jasyncio;
}
