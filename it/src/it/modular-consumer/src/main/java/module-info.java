/** A user's module. */
module demo {
  requires io.jasyncio;
}
