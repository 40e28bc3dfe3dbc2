package io.jasyncio.net;

import java.nio.ByteBuffer;

/** What every transport of this package does with either kind of streaming protocol. */
final class Protocols {
  private Protocols() {}

  /**
   * Hands {@code data} to {@code protocol}: the array itself to a {@link Protocol}, copied into the
   * buffers a {@link BufferedProtocol} gives (as many as it takes).
   */
  static void deliver(BaseProtocol protocol, byte[] data) {
    if (protocol instanceof Protocol p) {
      p.dataReceived(data);
    } else if (protocol instanceof BufferedProtocol bp) {
      int off = 0;
      while (off < data.length) {
        ByteBuffer into = bp.getBuffer(data.length - off);
        if (!into.hasRemaining()) {
          throw new IllegalStateException("getBuffer() returned an empty buffer");
        }
        int n = Math.min(into.remaining(), data.length - off);
        into.put(data, off, n);
        bp.bufferUpdated(n);
        off += n;
      }
    }
  }

  /** Tells {@code protocol} the input ended; returns whether it keeps the connection open. */
  static boolean eofReceived(BaseProtocol protocol) {
    if (protocol instanceof Protocol p) {
      return p.eofReceived();
    }
    return protocol instanceof BufferedProtocol bp && bp.eofReceived();
  }
}
