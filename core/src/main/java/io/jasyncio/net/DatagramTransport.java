package io.jasyncio.net;

import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.internal.LoopAccess;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A datagram endpoint: asyncio's {@code DatagramTransport}, over a non-blocking {@link
 * DatagramChannel}. Made by {@link Net#createDatagramEndpoint}. Loop thread only.
 *
 * <p>{@link #sendto} never blocks: a datagram the kernel does not take at once waits in a buffer
 * (flow control as a stream transport's: the protocol's {@code pauseWriting} above 64 KiB).
 */
public final class DatagramTransport implements AutoCloseable {
  /*
   * Implementation notes. States as SocketTransport's without half-close: OPEN --close()-->
   * CLOSING (buffered datagrams still go out) --buffer empty--> LOST (connectionLost once). The
   * reader is registered while OPEN; the writer exactly while `buffer` is not empty.
   */
  private static final int MAX_DATAGRAM = 65_536;

  private final EventLoop loop;
  private final DatagramChannel channel;
  private final DatagramProtocol protocol;
  private final @Nullable SocketAddress remote;
  private final ArrayDeque<Pending> buffer = new ArrayDeque<>();
  private int bufferSize;
  private boolean closing;
  private boolean lost;
  private boolean protocolPaused;
  private final ByteBuffer readBuf = ByteBuffer.allocate(MAX_DATAGRAM);

  private record Pending(ByteBuffer data, @Nullable SocketAddress addr) {}

  DatagramTransport(
      EventLoop loop,
      DatagramChannel channel,
      DatagramProtocol protocol,
      @Nullable SocketAddress remote) {
    this.loop = loop;
    this.channel = channel;
    this.protocol = protocol;
    this.remote = remote;
    LoopAccess.get()
        .own(
            loop,
            channel,
            new LoopAccess.Owner(() -> closing ? null : "unclosed " + this, this::abortNow));
    loop.callSoon(() -> protocol.connectionMade(this));
    loop.callSoon(
        () -> {
          if (!closing) {
            loop.addReader(channel, this::readReady);
          }
        });
  }

  private void readReady() {
    if (lost) {
      return;
    }
    readBuf.clear();
    SocketAddress from;
    try {
      from = channel.receive(readBuf);
    } catch (java.net.PortUnreachableException e) {
      protocol.errorReceived(e);
      return;
    } catch (IOException e) {
      fatalError(e);
      return;
    }
    if (from == null) {
      return;
    }
    readBuf.flip();
    byte[] data = new byte[readBuf.remaining()];
    readBuf.get(data);
    try {
      protocol.datagramReceived(data, from);
    } catch (RuntimeException e) {
      loop.callExceptionHandler(
          new ExceptionContext(
              "Fatal error: protocol.datagramReceived() call failed.", e, null, null, null));
      forceClose(e);
    }
  }

  /**
   * Sends {@code data} to {@code addr} ({@code null}: to the endpoint's remote address).
   *
   * @throws IllegalArgumentException if {@code addr} is null on an endpoint with no remote address,
   *     or differs from the remote address of a connected one (asyncio's ValueError)
   */
  public void sendto(byte[] data, @Nullable SocketAddress addr) {
    Objects.requireNonNull(data, "data");
    LoopAccess.get().checkThread(loop, "DatagramTransport.sendto");
    if (remote != null && addr != null && !remote.equals(addr)) {
      throw new IllegalArgumentException("Invalid address: must be null or " + remote);
    }
    if (remote == null && addr == null) {
      throw new IllegalArgumentException(
          "no address: this endpoint has no remote address, give one to sendto");
    }
    if (lost || closing) {
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(data.clone());
    if (buffer.isEmpty()) {
      try {
        int n = remote != null ? channel.write(b) : channel.send(b, addr);
        if (n > 0 || data.length == 0) {
          return;
        }
      } catch (java.net.PortUnreachableException e) {
        protocol.errorReceived(e);
        return;
      } catch (IOException e) {
        fatalError(e);
        return;
      }
      loop.addWriter(channel, this::writeReady);
    }
    buffer.add(new Pending(b, addr));
    bufferSize += data.length;
    if (bufferSize > SocketTransport.HIGH_WATER && !protocolPaused) {
      protocolPaused = true;
      protocol.pauseWriting();
    }
  }

  /** As {@link #sendto(byte[], SocketAddress) sendto(data, null)}. */
  public void sendto(byte[] data) {
    sendto(data, null);
  }

  private void writeReady() {
    Pending p;
    while ((p = buffer.peek()) != null) {
      int len = p.data().remaining();
      try {
        int n = remote != null ? channel.write(p.data()) : channel.send(p.data(), p.addr());
        if (n == 0 && len > 0) {
          return; // still full
        }
      } catch (java.net.PortUnreachableException e) {
        protocol.errorReceived(e);
      } catch (IOException e) {
        fatalError(e);
        return;
      }
      buffer.poll();
      bufferSize -= len;
    }
    if (protocolPaused && bufferSize <= SocketTransport.HIGH_WATER / 4) {
      protocolPaused = false;
      protocol.resumeWriting();
    }
    loop.removeWriter(channel);
    if (closing) {
      callConnectionLost(null);
    }
  }

  /** How many bytes wait to be sent. */
  public int getWriteBufferSize() {
    return bufferSize;
  }

  /** Whether the endpoint is closing or closed. */
  public boolean isClosing() {
    return closing;
  }

  /** Closes the endpoint once the buffered datagrams are sent; {@code connectionLost} follows. */
  @Override
  public void close() {
    LoopAccess.get().checkThread(loop, "DatagramTransport.close");
    if (closing) {
      return;
    }
    closing = true;
    loop.removeReader(channel);
    if (buffer.isEmpty()) {
      loop.callSoon(() -> callConnectionLost(null));
    }
  }

  /** Closes at once, dropping the buffered datagrams. */
  public void abort() {
    LoopAccess.get().checkThread(loop, "DatagramTransport.abort");
    forceClose(null);
  }

  private void fatalError(IOException e) {
    forceClose(e);
  }

  private void forceClose(@Nullable Throwable exc) {
    if (lost) {
      return;
    }
    buffer.clear();
    bufferSize = 0;
    loop.removeWriter(channel);
    closing = true;
    loop.removeReader(channel);
    loop.callSoon(() -> callConnectionLost(exc));
  }

  private void callConnectionLost(@Nullable Throwable exc) {
    if (lost) {
      return;
    }
    lost = true;
    try {
      protocol.connectionLost(exc);
    } finally {
      abortNow();
    }
  }

  private void abortNow() {
    closing = true;
    try {
      channel.close();
    } catch (IOException e) {
      // closing a datagram channel only fails if it is closed already
    }
  }

  /** {@code "sockname"}, {@code "peername"} (connected endpoints) and {@code "socket"}. */
  public @Nullable Object getExtraInfo(String name) {
    try {
      return switch (name) {
        case "sockname" -> channel.getLocalAddress();
        case "peername" -> remote;
        case "socket" -> channel;
        default -> null;
      };
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    String local;
    try {
      local = String.valueOf(channel.getLocalAddress());
    } catch (IOException e) {
      local = "?";
    }
    return "<DatagramTransport"
        + (closing ? " closing" : "")
        + " "
        + local
        + (remote == null ? "" : " -> " + remote)
        + ">";
  }
}
