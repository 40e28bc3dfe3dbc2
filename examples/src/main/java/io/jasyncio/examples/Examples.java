package io.jasyncio.examples;

/** Placeholder: replaced by the examples runner. */
public final class Examples {
  private Examples() {}

  public static void main(String[] args) {}
}
