package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Task;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A chat server that sends each line a client writes to every other client, and three scripted
 * clients that join, talk and leave. Each client is a task with its own script; the script's times
 * (a tenth of a second apart) fix the order of everything the server sees. When a client leaves, it
 * prints every line it received.
 *
 * {@snippet lang=python :
 * import asyncio
 *
 * members = {}  # writer -> name, in the order they joined
 *
 * def broadcast(message, sender):
 *     for writer in members:
 *         if writer is not sender:
 *             writer.write(f"{message}\n".encode())
 *
 * async def handle(reader, writer):
 *     name = (await reader.readline()).decode().strip()
 *     here = ", ".join(members.values()) or "nobody"
 *     writer.write(f"* welcome {name}, here: {here}\n".encode())
 *     broadcast(f"* {name} joined", writer)
 *     members[writer] = name
 *     try:
 *         async for line in reader:
 *             broadcast(f"{name}: {line.decode().strip()}", writer)
 *     finally:
 *         del members[writer]
 *         broadcast(f"* {name} left", writer)
 *         writer.close()
 *
 * async def sleep_until(start, at):
 *     await asyncio.sleep(start + at - asyncio.get_running_loop().time())
 *
 * async def listen(reader):
 *     return [line.decode().strip() async for line in reader]
 *
 * async def client(port, start, name, joins, lines, leaves):
 *     await sleep_until(start, joins)
 *     reader, writer = await asyncio.open_connection("127.0.0.1", port)
 *     writer.write(f"{name}\n".encode())
 *     print(f"{name} joins")
 *     listening = asyncio.create_task(listen(reader))
 *     for at, text in lines:
 *         await sleep_until(start, at)
 *         print(f"{name} says: {text}")
 *         writer.write(f"{text}\n".encode())
 *     await sleep_until(start, leaves)
 *     writer.write_eof()           # the server tells the others, and hangs up
 *     seen = await listening
 *     print(f"{name} leaves, having received:")
 *     for line in seen:
 *         print(f"    {line}")
 *     writer.close()
 *     await writer.wait_closed()
 *
 * SCENE = [
 *     ("alice", 0.0, [(0.2, "hi bob!"), (0.6, "got to go, bye")], 0.7),
 *     ("bob", 0.1, [(0.3, "hi alice, anyone else here?"), (0.8, "bye alice")], 0.9),
 *     ("carol", 0.4, [(0.5, "hello, both of you"), (1.0, "anyone?")], 1.1),
 * ]
 *
 * async def main():
 *     server = await asyncio.start_server(handle, "127.0.0.1", 0)
 *     port = server.sockets[0].getsockname()[1]
 *     start = asyncio.get_running_loop().time()
 *     await asyncio.gather(*(client(port, start, *part) for part in SCENE))
 *     server.close()
 *     await server.wait_closed()
 *
 * asyncio.run(main())
 * }
 */
public final class Chat {
  private Chat() {}

  static final String HOST = "127.0.0.1";

  // ---- the server -------------------------------------------------------------------------------

  /** Who is connected, in the order they joined: tasks of one loop share it without locks. */
  private static final Map<StreamWriter, String> members = new LinkedHashMap<>();

  // def broadcast(message, sender): to everyone else. Short lines: write() buffers what the socket
  // does not take at once, so nobody waits here (a server sending much would drain() each writer).
  static void broadcast(String message, StreamWriter sender) {
    for (StreamWriter writer : members.keySet()) {
      if (writer != sender) {
        writer.write(message + "\n");
      }
    }
  }

  // async def handle(reader, writer): run by the server as a new task for each connection.
  static void handle(StreamReader reader, StreamWriter writer) throws IOException {
    String name = text(reader.readline());
    String here = members.isEmpty() ? "nobody" : String.join(", ", members.values());
    writer.write("* welcome " + name + ", here: " + here + "\n");
    broadcast("* " + name + " joined", writer);
    members.put(writer, name);
    try {
      for (byte[] line : reader.lines()) { //         async for line in reader:
        broadcast(name + ": " + text(line), writer);
      }
    } finally {
      members.remove(writer);
      broadcast("* " + name + " left", writer);
      writer.close();
    }
  }

  // ---- the clients ------------------------------------------------------------------------------

  /** A line a client says, {@code at} seconds into the scene. */
  record Line(double at, String text) {}

  /** Sleeps until {@code at} seconds after {@code start}, a time of the loop's clock. */
  static void sleepUntil(double start, double at) {
    sleep(start + at - getRunningLoop().time());
  }

  // async def listen(reader): every line the server sends, until it hangs up
  static List<String> listen(StreamReader reader) {
    List<String> seen = new ArrayList<>();
    for (byte[] line : reader.lines()) {
      seen.add(text(line));
    }
    return seen;
  }

  /** A client's part in the scene: when it joins, what it says when, and when it leaves. */
  record Part(String name, double joins, List<Line> lines, double leaves) {}

  static final List<Part> SCENE =
      List.of(
          new Part(
              "alice",
              0.0,
              List.of(new Line(0.2, "hi bob!"), new Line(0.6, "got to go, bye")),
              0.7),
          new Part(
              "bob",
              0.1,
              List.of(new Line(0.3, "hi alice, anyone else here?"), new Line(0.8, "bye alice")),
              0.9),
          new Part(
              "carol",
              0.4,
              List.of(new Line(0.5, "hello, both of you"), new Line(1.0, "anyone?")),
              1.1));

  // async def client(port, start, name, joins, lines, leaves): times in seconds after start
  static void client(int port, double start, Part part) throws IOException {
    String name = part.name();
    sleepUntil(start, part.joins());
    // reader, writer = await asyncio.open_connection("127.0.0.1", port)
    Streams.Connection conn = Streams.openConnection(HOST, port);
    StreamWriter writer = conn.writer();
    writer.write(name + "\n");
    Out.println(name + " joins");
    Task<List<String>> listening = createTask(() -> listen(conn.reader()));
    for (Line line : part.lines()) {
      sleepUntil(start, line.at());
      Out.println(name + " says: " + line.text());
      writer.write(line.text() + "\n");
    }
    sleepUntil(start, part.leaves());
    writer.writeEof(); // the server sees the end of the stream, tells the others, and hangs up;
    // then listen() ends, with every line the server sent to this client
    List<String> seen = listening.await(); // seen = await listening
    Out.println(name + " leaves, having received:");
    for (String line : seen) {
      Out.println("    " + line);
    }
    writer.close();
    writer.waitClosed();
  }

  static String text(byte[] line) {
    return new String(line, UTF_8).strip();
  }

  // async def main():
  static void main() throws IOException {
    members.clear();
    Server server = Streams.startServer(Chat::handle, HOST, 0);
    int port = server.port();
    double start = getRunningLoop().time();
    // await asyncio.gather(*(client(port, start, *part) for part in SCENE))
    gather(SCENE.stream().map(part -> createTask(() -> client(port, start, part))).toList());
    server.close(); // every client has left, so there is no connection to wait for
    server.waitClosed();
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
