package io.jasyncio;

import io.jasyncio.internal.LoopAccess;
import java.nio.channels.SelectableChannel;
import org.jspecify.annotations.Nullable;

/** The core's side of {@link LoopAccess}: what io.jasyncio.net may do to a loop's internals. */
final class CoreAccess extends LoopAccess {
  @Override
  public void own(EventLoop loop, SelectableChannel ch, LoopAccess.@Nullable Owner owner) {
    loop.turn.checkThread("own");
    loop.poller.own(ch, owner);
  }

  @Override
  public void releaseClosed(EventLoop loop) {
    loop.turn.checkThread("releaseClosed");
    loop.poller.poll(0);
  }

  @Override
  public void checkThread(EventLoop loop, String method) {
    loop.turn.checkThread(method);
  }

  @Override
  public void holdClockSoftly(EventLoop loop) {
    loop.clock.holdSoftly();
  }

  @Override
  public void releaseClockSoftly(EventLoop loop) {
    loop.clock.releaseSoftly();
  }
}
