package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.util.List;

/**
 * An echo server and three clients in one program, over real TCP sockets on 127.0.0.1: asyncio's
 * {@code start_server} and {@code open_connection}.
 *
 * {@snippet lang=python :
 * import asyncio
 *
 * clients_seen = 0
 *
 * async def handle_echo(reader, writer):
 *     global clients_seen
 *     clients_seen += 1
 *     number = clients_seen
 *     async for line in reader:                      # until the client's EOF
 *         print(f"server: client {number} sent {line.decode().strip()!r}")
 *         writer.write(line)
 *         await writer.drain()
 *     print(f"server: client {number} left")
 *     writer.close()
 *     await writer.wait_closed()
 *
 * async def client(port, name, lines):
 *     reader, writer = await asyncio.open_connection("127.0.0.1", port)
 *     for text in lines:
 *         print(f"{name} -> {text}")
 *         writer.write(f"{text}\n".encode())
 *         reply = await reader.readline()
 *         print(f"{name} <- {reply.decode().strip()}")
 *     writer.write_eof()                             # "I am done"
 *     await reader.read()                            # until the server hangs up
 *     writer.close()
 *     await writer.wait_closed()
 *
 * async def main():
 *     server = await asyncio.start_server(handle_echo, "127.0.0.1", 0)  # port 0: any free port
 *     port = server.sockets[0].getsockname()[1]
 *     print("server: listening")
 *     await client(port, "alice", ["hello", "how are you?"])
 *     await client(port, "bob", ["ping", "ping again"])
 *     await client(port, "carol", ["привет", "пока"])
 *     server.close()
 *     await server.wait_closed()
 *     print("server: closed")
 *
 * asyncio.run(main())
 * }
 *
 * The clients run one after another, so the output is always the same; with {@code gather} they
 * would talk to the server at the same time, and their lines would interleave in any order.
 */
public final class Echo {
  private Echo() {}

  static final String HOST = "127.0.0.1";

  /** How many clients the server has seen: tasks of one loop share it without locks. */
  private static int clientsSeen;

  // async def handle_echo(reader, writer): run by the server as a new task for each connection.
  static void handleEcho(StreamReader reader, StreamWriter writer) throws IOException {
    int number = ++clientsSeen;
    for (byte[] line : reader.lines()) { //           async for line in reader:
      Out.println("server: client " + number + " sent '" + text(line) + "'");
      writer.write(line); //                          writer.write(line)
      writer.drain(); //                              await writer.drain()
    }
    Out.println("server: client " + number + " left"); // the client sent its EOF
    writer.close(); //                                writer.close()
    writer.waitClosed(); //                           await writer.wait_closed()
  }

  // async def client(port, name, lines):
  static void client(int port, String name, List<String> lines) throws IOException {
    // reader, writer = await asyncio.open_connection("127.0.0.1", port)
    Streams.Connection conn = Streams.openConnection(HOST, port);
    StreamReader reader = conn.reader();
    StreamWriter writer = conn.writer();
    for (String line : lines) {
      Out.println(name + " -> " + line);
      writer.write(line + "\n"); //                  writer.write(f"{text}\n".encode())
      Out.println(name + " <- " + text(reader.readline())); // await reader.readline()
    }
    writer.writeEof(); //                             writer.write_eof()
    reader.read(); //                                 await reader.read(): the server hangs up
    writer.close();
    writer.waitClosed();
  }

  static String text(byte[] line) {
    return new String(line, UTF_8).strip();
  }

  // async def main():
  static void main() throws IOException {
    clientsSeen = 0;
    // server = await asyncio.start_server(handle_echo, "127.0.0.1", 0): port 0 is any free port
    Server server = Streams.startServer(Echo::handleEcho, HOST, 0);
    Out.println("server: listening");
    client(server.port(), "alice", List.of("hello", "how are you?"));
    client(server.port(), "bob", List.of("ping", "ping again"));
    client(server.port(), "carol", List.of("привет", "пока"));
    server.close(); //                                server.close(): stop listening
    server.waitClosed(); //                           await server.wait_closed()
    Out.println("server: closed");
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(() -> main()); // asyncio.run(main())
  }
}
