package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.jasyncio.Task;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.sync.Held;
import io.jasyncio.sync.Semaphore;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;

/**
 * The lesson's "do many downloads at once": ten HTTP/1.1 GETs, at most three at a time (a
 * semaphore), each with its own time limit, all of them under an overall one. The server is a tiny
 * HTTP/1.1 server on streams in the same program: {@code /page/N} answers after N tenths of a
 * second, {@code /slow} after 1.5 s, anything else is a 404.
 *
 * {@snippet lang=python :
 * import asyncio
 * import re
 *
 * def respond(writer, status, body):
 *     body = body.encode()
 *     writer.write(f"HTTP/1.1 {status}\r\nContent-Type: text/plain; charset=utf-8\r\n"
 *                  f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n".encode() + body)
 *
 * async def handle(reader, writer):
 *     try:
 *         request = (await reader.readline()).decode().strip()   # "GET /page/3 HTTP/1.1"
 *         while (await reader.readline()).strip():               # the headers: not needed here
 *             pass
 *         path = request.split(" ", 2)[1]
 *         n = int(path[6:]) if re.fullmatch(r"/page/[0-9]{1,3}", path) else 0
 *         if 1 <= n <= 8:
 *             await asyncio.sleep(n / 10)
 *             respond(writer, "200 OK", f"This is page {n}.")
 *         elif path == "/slow":
 *             await asyncio.sleep(1.5)
 *             respond(writer, "200 OK", "Sorry for the wait.")
 *         else:
 *             respond(writer, "404 Not Found", f"No such page: {path}")
 *         await writer.drain()
 *     except ConnectionError:
 *         pass                                                   # the client hung up
 *     finally:
 *         writer.close()
 *
 * async def get(port, path):
 *     reader, writer = await asyncio.open_connection("127.0.0.1", port)
 *     try:
 *         writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
 *         status = (await reader.readline()).decode().split(" ", 2)[1]  # "HTTP/1.1 200 OK"
 *         length = 0
 *         while header := (await reader.readline()).decode().strip():   # up to the blank line
 *             name, _, value = header.partition(":")
 *             if name.lower() == "content-length":
 *                 length = int(value)
 *         body = await reader.readexactly(length)
 *         return f"{status} {body.decode()}"
 *     finally:
 *         writer.close()
 *
 * in_flight = most_in_flight = 0                                   # to show the semaphore at work
 *
 * async def fetch(port, slots, path):
 *     global in_flight, most_in_flight
 *     async with slots:                                            # at most 3 at a time
 *         in_flight += 1
 *         most_in_flight = max(most_in_flight, in_flight)
 *         try:
 *             return await asyncio.wait_for(get(port, path), 1.0)  # each within 1 s
 *         except TimeoutError:
 *             return "timed out after 1.0 s"
 *         finally:
 *             in_flight -= 1
 *
 * async def main():
 *     server = await asyncio.start_server(handle, "127.0.0.1", 0)
 *     port = server.sockets[0].getsockname()[1]
 *     slots = asyncio.Semaphore(3)
 *     paths = [f"/page/{n}" for n in range(1, 9)] + ["/page/99", "/slow"]
 *     tasks = [asyncio.create_task(fetch(port, slots, path)) for path in paths]
 *     try:
 *         async with asyncio.timeout(5):                           # all within 5 s
 *             results = await asyncio.gather(*tasks)
 *         for path, result in zip(paths, results):
 *             print(f"{path:<9} {result}")
 *         print(f"at most {most_in_flight} requests at a time")
 *     except TimeoutError:
 *         print("gave up: not all done within 5.0 s")
 *     finally:
 *         server.close()
 *         await server.wait_closed()
 *
 * asyncio.run(main())
 * }
 *
 * The results are printed in the order of the list, whatever the order they came in. The ten
 * downloads take 1.9 s together, not the 4.6 s they would one after another; the server then
 * finishes answering {@code /slow} (the client gave up on it, but the server does not know), so the
 * program ends after 2.4 s.
 */
public final class Fetch {
  private Fetch() {}

  static final String HOST = "127.0.0.1";
  static final int PAGES = 8;
  static final double SLOW = 1.5;
  static final int AT_A_TIME = 3;
  static final double REQUEST_TIMEOUT = 1.0;
  static final double OVERALL_TIMEOUT = 5.0;

  static final List<String> PATHS =
      List.of(
          "/page/1",
          "/page/2",
          "/page/3",
          "/page/4",
          "/page/5",
          "/page/6",
          "/page/7",
          "/page/8",
          "/page/99",
          "/slow");

  // ---- the server: HTTP/1.1 on streams, one request per connection ------------------------------

  // async def handle(reader, writer): run by the server as a new task for each connection.
  static void handle(StreamReader reader, StreamWriter writer) {
    try {
      String request = line(reader); // "GET /page/3 HTTP/1.1"
      while (!line(reader).isEmpty()) {} // the headers, up to the blank line: not needed here
      String path = request.split(" ", 3)[1];
      int n = path.matches("/page/[0-9]{1,3}") ? Integer.parseInt(path.substring(6)) : 0;
      if (1 <= n && n <= PAGES) {
        sleep(n / 10.0); // await asyncio.sleep(n / 10): a page takes time to make
        respond(writer, "200 OK", "This is page " + n + ".");
      } else if (path.equals("/slow")) {
        sleep(SLOW);
        respond(writer, "200 OK", "Sorry for the wait.");
      } else {
        respond(writer, "404 Not Found", "No such page: " + path);
      }
      writer.drain();
    } catch (IOException e) {
      // the client hung up: nobody to answer
    } finally {
      writer.close(); // Connection: close
    }
  }

  static void respond(StreamWriter writer, String status, String body) {
    byte[] bytes = body.getBytes(UTF_8);
    writer.write(
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + bytes.length
            + "\r\nConnection: close\r\n\r\n"
            + body);
  }

  /** A line without its {@code \r\n}: HTTP's lines end with both. */
  static String line(StreamReader reader) throws IOException {
    return new String(reader.readline(), UTF_8).strip();
  }

  // ---- the client -------------------------------------------------------------------------------

  // async def get(port, path): one GET on its own connection; its status and body
  static String get(int port, String path) throws IOException {
    Streams.Connection conn = Streams.openConnection(HOST, port);
    StreamReader reader = conn.reader();
    try {
      conn.writer()
          .write("GET " + path + " HTTP/1.1\r\nHost: " + HOST + "\r\nConnection: close\r\n\r\n");
      String status = line(reader).split(" ", 3)[1]; // "HTTP/1.1 200 OK"
      int length = 0;
      for (String header = line(reader); !header.isEmpty(); header = line(reader)) {
        int colon = header.indexOf(':');
        if (header.substring(0, colon).equalsIgnoreCase("Content-Length")) {
          length = Integer.parseInt(header.substring(colon + 1).strip());
        }
      }
      byte[] body = reader.readexactly(length); // await reader.readexactly(length)
      return status + " " + new String(body, UTF_8);
    } finally {
      conn.writer().close(); // also when wait_for cancels us: never leak a connection
    }
  }

  /** How many requests are running now, and the most at once: counted to show the semaphore. */
  private static int inFlight;

  private static int mostInFlight;

  // async def fetch(port, slots, path):
  static String fetch(int port, Semaphore slots, String path) throws IOException {
    try (Held _ = slots.acquired()) { //                     async with slots:
      mostInFlight = Math.max(mostInFlight, ++inFlight);
      try {
        // return await asyncio.wait_for(get(port, path), 1.0)
        return waitFor(() -> get(port, path), REQUEST_TIMEOUT);
      } catch (TimeoutException e) { //                     except TimeoutError:
        return "timed out after " + REQUEST_TIMEOUT + " s";
      } finally {
        inFlight--;
      }
    }
  }

  // async def main():
  static void main() throws IOException {
    inFlight = 0;
    mostInFlight = 0;
    // server = await asyncio.start_server(handle, "127.0.0.1", 0)
    Server server = Streams.startServer(Fetch::handle, HOST, 0);
    int port = server.port();
    Semaphore slots = new Semaphore(AT_A_TIME); //           slots = asyncio.Semaphore(3)
    // tasks = [asyncio.create_task(fetch(port, slots, path)) for path in paths]
    List<Task<String>> tasks =
        PATHS.stream().map(path -> createTask(() -> fetch(port, slots, path))).toList();
    try {
      // async with asyncio.timeout(5): results = await asyncio.gather(*tasks)
      List<String> results = timeout(OVERALL_TIMEOUT).run(() -> gather(tasks));
      for (int i = 0; i < PATHS.size(); i++) {
        Out.println(String.format(Locale.ROOT, "%-9s %s", PATHS.get(i), results.get(i)));
      }
      Out.println("at most " + mostInFlight + " requests at a time");
    } catch (TimeoutException e) {
      Out.println("gave up: not all done within " + OVERALL_TIMEOUT + " s");
    } finally {
      server.close();
      server.waitClosed(); // waits for the handlers still answering: /slow's, until 2.4 s
    }
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
