package io.jasyncio.bench.echo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.bench.echo.HttpRequests.BadRequest;
import io.jasyncio.bench.echo.HttpRequests.Head;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** E3's request parser: what it accepts, what each version keeps alive, what it refuses. */
class HttpRequestsTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static Head parse(String head) throws BadRequest {
    byte[] x = b(head);
    return HttpRequests.parse(x, 0, x.length);
  }

  @Test
  void wrksGetKeepsTheConnection() throws BadRequest {
    assertThat(parse("GET / HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n"))
        .isEqualTo(new Head(true, 0));
  }

  @Test
  void connectionHeaderAndVersionDecideKeepAlive() throws BadRequest {
    assertThat(parse("GET / HTTP/1.1\r\nConnection: close\r\n\r\n").keepAlive()).isFalse();
    assertThat(parse("GET / HTTP/1.1\r\nconnection:   CLOSE \r\n\r\n").keepAlive()).isFalse();
    assertThat(parse("GET / HTTP/1.0\r\n\r\n").keepAlive()).isFalse();
    assertThat(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").keepAlive()).isTrue();
  }

  @Test
  void contentLengthIsReadWhateverItsCase() throws BadRequest {
    assertThat(parse("POST /f HTTP/1.1\r\nCONTENT-LENGTH: 1234\r\n\r\n").contentLength())
        .isEqualTo(1234);
  }

  @Test
  void headEndFindsEachOfTwoPipelinedRequests() {
    byte[] two = b("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\nX: y\r\n\r\n");
    int first = HttpRequests.headEnd(two, 0, two.length);
    assertThat(first).isEqualTo(19);
    assertThat(HttpRequests.headEnd(two, first, two.length)).isEqualTo(two.length);
    assertThat(HttpRequests.headEnd(two, 0, 18)).isEqualTo(-1);
  }

  @Test
  void refusesWhatItDoesNotHandleAndSaysWhat() {
    assertThatThrownBy(() -> parse("GET /\r\n\r\n")).hasMessageContaining("malformed request line");
    assertThatThrownBy(() -> parse("GET / HTTP/2.0\r\n\r\n"))
        .hasMessageContaining("unsupported version");
    assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nno colon\r\n\r\n"))
        .hasMessageContaining("malformed header line");
    assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n"))
        .hasMessageContaining("bad Content-Length");
    assertThatThrownBy(() -> parse("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"))
        .hasMessageContaining("Transfer-Encoding");
    assertThatThrownBy(() -> parse("GET / HTTP/1.1\nHost: x\r\n\r\n"))
        .hasMessageContaining("bare LF");
    assertThatThrownBy(() -> parse("GET / HTTP/1.1\r\nX: " + "y".repeat(9000) + "\r\n\r\n"))
        .hasMessageContaining("over " + HttpRequests.MAX_HEAD);
  }
}
