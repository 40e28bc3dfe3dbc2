package io.jasyncio.internal;

import io.jasyncio.EventLoop;
import java.nio.channels.SelectableChannel;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What the module's own packages (the transports of {@code io.jasyncio.net}) may ask of a loop
 * beyond its public API, as the JDK's {@code SharedSecrets}. This package is not exported: users
 * cannot reach it on the module path.
 */
public abstract class LoopAccess {
  private static volatile @Nullable LoopAccess instance;

  /**
   * Installed once, by {@code io.jasyncio.EventLoop}'s class initialisation; later calls are
   * refused.
   */
  public static synchronized void install(LoopAccess access) {
    if (instance != null) {
      throw new IllegalStateException("LoopAccess is installed already");
    }
    instance = access;
  }

  /** The loop's access. */
  public static LoopAccess get() {
    if (instance == null) { // initialise EventLoop, which installs it
      try {
        Class.forName(EventLoop.class.getName(), true, EventLoop.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    }
    return Objects.requireNonNull(instance);
  }

  /**
   * What owns a registered channel (a transport, a server), for the loop's close.
   *
   * @param leftOpen what to report if the channel is still open when the loop closes (naming the
   *     owner, say "unclosed <...>"), or {@code null} if closing it then loses nothing (the owner
   *     was closing already, with nothing left to send)
   * @param close closes the owner at once
   */
  public record Owner(Supplier<@Nullable String> leftOpen, Runnable close) {}

  /**
   * Marks {@code owner} as what owns {@code channel} (registered with {@code loop} from now on): if
   * the channel is still open when the loop closes, the loop reports what {@code owner} says was
   * left open, and closes it. {@code null} clears the mark. Loop thread only.
   */
  public abstract void own(EventLoop loop, SelectableChannel channel, @Nullable Owner owner);

  /**
   * Releases at once the channels closed since the loop's last poll: the JDK keeps a closed
   * channel's socket open until its key is deregistered by the next select, so a listening socket
   * closed now would still accept connections (and reset them) until then. Loop thread only.
   */
  public abstract void releaseClosed(EventLoop loop);

  /**
   * Refuses a call from a thread other than the one running {@code loop}, before the call changes
   * anything: an IllegalStateException that names the method, both threads, and {@code
   * loop.callSoonThreadsafe}. Any thread; nothing is refused while no thread runs the loop.
   *
   * @param loop the loop the caller's object belongs to
   * @param method the method called, as the message names it ("Transport.write")
   */
  public abstract void checkThread(EventLoop loop, String method);

  /**
   * Holds {@code loop}'s virtual clock softly while real work it cannot see is under way (a TLS
   * handshake with a peer on another thread or process): a due jump waits up to {@code
   * -Djasyncio.stageHoldMillis} of real time, as for an awaited CompletionStage, before it moves
   * the clock. Each call is matched by one {@link #releaseClockSoftly}. Loop thread only; nothing
   * on a real clock.
   */
  public abstract void holdClockSoftly(EventLoop loop);

  /** Ends one {@link #holdClockSoftly}. Loop thread only. */
  public abstract void releaseClockSoftly(EventLoop loop);
}
