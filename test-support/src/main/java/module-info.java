/** JUnit 5 support for code built on jasyncio. */
module io.jasyncio.test {
  requires transitive io.jasyncio;
  requires transitive org.junit.jupiter.api;

  exports io.jasyncio.test;
}
