/** The lesson's examples, runnable with {@code ./jasyncio example NAME}. */
module io.jasyncio.examples {
  requires io.jasyncio;
}
