package io.jasyncio.testing;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Ordering assertions in the manner of kotlinx.coroutines' {@code expect(n)} / {@code finish(n)}:
 * each step of a test says which number it must be, so a test reads as the exact sequence it
 * checks, and fails at the first step out of order.
 *
 * {@snippet :
 * @RegisterExtension final Steps steps = new Steps();
 *
 * @Test void childRunsAtTheFirstAwait() {
 *   run(() -> {
 *     steps.expect(1);
 *     Task<Void> t = createTask(() -> steps.expect(3));
 *     steps.expect(2);
 *     t.await();
 *     steps.finish(4);
 *   });
 * }
 * }
 *
 * <p>Registered as an extension, it fails a test that used {@link #expect} but never reached {@link
 * #finish}: a step that silently never ran cannot pass. Not thread-safe: one loop thread.
 */
public final class Steps implements AfterEachCallback {
  private int last;
  private boolean finished;
  private final List<String> taken = new ArrayList<>();

  /**
   * Records step {@code n}.
   *
   * @throws AssertionError unless {@code n} is the step after the last one
   */
  public void expect(int n) {
    int actual = ++last;
    taken.add(String.valueOf(n));
    if (n != actual) {
      throw new AssertionError(
          "expected to be at step " + n + ", but this is step " + actual + "; steps: " + taken);
    }
  }

  /** Records the last step, {@code n}. */
  public void finish(int n) {
    expect(n);
    if (finished) {
      throw new AssertionError("finish(" + n + ") after the test had already finished");
    }
    finished = true;
  }

  /** Fails: the test reached code it must not reach. */
  public void expectUnreached() {
    throw new AssertionError("this code must not be reached; steps so far: " + taken);
  }

  /** Returns the number of the last step taken, 0 before any. */
  public int last() {
    return last;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    boolean failed = context.getExecutionException().isPresent();
    if (last > 0 && !finished && !failed) {
      throw new AssertionError(
          "the test took steps " + taken + " but never reached finish(n): a step did not run");
    }
    last = 0;
    finished = false;
    taken.clear();
  }
}
