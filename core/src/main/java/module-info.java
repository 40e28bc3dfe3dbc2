/**
 * jasyncio: Python's asyncio task model in Java.
 *
 * <p>The public API is the package {@code io.jasyncio} (the loop, tasks, futures and asyncio's
 * functions) and {@code io.jasyncio.sync} (locks, events, conditions, semaphores, barriers and
 * queues, built on the first), {@code io.jasyncio.net} (transports, protocols, servers and streams
 * over the loop's selector), {@code io.jasyncio.subprocess} (child processes and their pipes as
 * streams); {@code io.jasyncio.internal} holds the engines and {@code io.jasyncio.tools} the
 * command line of {@code ./jasyncio ps PID}: neither is exported.
 */
module io.jasyncio {
  requires static transitive org.jspecify;
  requires jdk.unsupported; // sun.misc.Signal: Ctrl-C cancels the main task (Runner)
  requires java.management; // the monitors a loop thread holds (Turn.refuseNewMonitors); TasksMBean
  requires static jdk.attach; // io.jasyncio.tools.Inspect (./jasyncio ps PID) attaches to a JVM
  requires jdk.jfr; // the io.jasyncio.* Flight Recorder events (Flight, FlightEvents)

  exports io.jasyncio;
  exports io.jasyncio.sync;
  exports io.jasyncio.net;
  exports io.jasyncio.subprocess;
}
