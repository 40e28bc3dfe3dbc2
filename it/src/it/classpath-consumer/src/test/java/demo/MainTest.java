package demo;

import static io.jasyncio.Asyncio.createTask;
import static io.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.test.AsyncTest;

class MainTest {
  @AsyncTest
  void anHourOfSleepTakesNoTime(EventLoop loop) {
    Task<String> t = createTask(() -> { sleep(3600); return "done"; });
    assertEquals("done", t.await());
    assertEquals(3600.0, loop.time(), 1e-9);
  }
}
