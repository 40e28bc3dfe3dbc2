package io.jasyncio.tools;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import io.jasyncio.LoopSnapshot;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Lists the tasks of every running event loop in another JVM: {@code python -m asyncio ps PID} and
 * {@code pstree PID} for jasyncio. Run it as {@code ./jasyncio ps PID}, or {@code java -cp
 * jasyncio-core.jar io.jasyncio.tools.Inspect ps PID} (on the module path, add {@code --add-modules
 * jdk.attach,java.management.rmi}).
 *
 * <p>It attaches to the JVM (the attach API: a HotSpot JVM of the same user), checks that a
 * jasyncio loop has run there, starts the JVM's local JMX agent if it is not running, and calls the
 * operation {@code ps} or {@code pstree} of the MBean {@code io.jasyncio:type=Tasks}, which prints
 * {@link LoopSnapshot#formatTable} or {@link LoopSnapshot#formatTree} of that JVM's loops. See
 * {@code docs/inspecting.md}.
 */
public final class Inspect {
  /*
   * Implementation notes. The target registers its MBean only once an MBean server exists (see
   * TasksMBean): after starting the agent, wait for it, up to MBEAN_WAIT_MILLIS. The names and
   * the property are TasksMBean's, repeated: that class is package-private.
   */
  private static final String MARKER = "jasyncio.tasksMBean";
  private static final String PATTERN = "io.jasyncio:type=Tasks,*";
  private static final long MBEAN_WAIT_MILLIS = 5_000;

  private Inspect() {}

  /**
   * Runs the tool and exits with its status: 0, 1 when the process cannot be inspected or its tasks
   * await each other in a cycle ({@code pstree}), 2 for a bad command line.
   *
   * @param args {@code ps PID} or {@code pstree PID}
   */
  public static void main(String[] args) {
    System.exit(run(List.of(args), System.out, System.err));
  }

  /**
   * Runs the tool: prints the table or tree to {@code out}, errors to {@code err}.
   *
   * @param args {@code ps PID} or {@code pstree PID}
   * @param out where the table or tree goes
   * @param err where errors go, one line each, starting with {@code jasyncio:}
   * @return the exit status, as {@link #main} exits with
   */
  public static int run(List<String> args, PrintStream out, PrintStream err) {
    if (args.size() != 2 || !(args.get(0).equals("ps") || args.get(0).equals("pstree"))) {
      err.println("usage: Inspect ps PID | Inspect pstree PID");
      return 2;
    }
    boolean tree = args.get(0).equals("pstree");
    long pid;
    try {
      pid = Long.parseLong(args.get(1));
    } catch (NumberFormatException e) {
      err.println("jasyncio: '" + args.get(1) + "' is not a process id (a number, as jps lists)");
      return 2;
    }
    try {
      String text = pid == ProcessHandle.current().pid() ? ownText(tree) : remoteText(pid, tree);
      out.print(text);
      out.flush();
      return 0;
    } catch (Failure f) {
      err.println("jasyncio: " + f.getMessage());
      return 1;
    }
  }

  /** Why the process could not be inspected; the message is the whole explanation. */
  private static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;

    Failure(String message) {
      super(message);
    }
  }

  private static String ownText(boolean tree) throws Failure {
    List<LoopSnapshot> all = LoopSnapshot.all();
    try {
      return tree ? LoopSnapshot.formatTree(all) : LoopSnapshot.formatTable(all);
    } catch (IllegalStateException cycles) {
      throw new Failure("ERROR: " + cycles.getMessage());
    }
  }

  // The JMX address is the target's own local agent (same user, just attached to), not user input.
  @SuppressWarnings("BanJNDI")
  private static String remoteText(long pid, boolean tree) throws Failure {
    Optional<ProcessHandle> p = ProcessHandle.of(pid);
    if (p.isEmpty() || !p.get().isAlive()) {
      throw new Failure("no process with id " + pid);
    }
    String what = p.get().info().command().orElse("?");
    String address;
    VirtualMachine vm;
    try {
      vm = VirtualMachine.attach(Long.toString(pid));
    } catch (AttachNotSupportedException | IOException e) {
      throw new Failure(
          "cannot attach to process "
              + pid
              + " ("
              + what
              + "): "
              + String.valueOf(e.getMessage()).replaceAll("[!.]+$", "")
              + ". It must be a JVM (JDK 25) run by the same user, without"
              + " -XX:+DisableAttachMechanism");
    }
    try {
      Properties props = vm.getSystemProperties();
      if (props.getProperty(MARKER) == null) {
        String main = props.getProperty("sun.java.command", "?");
        throw new Failure(
            "process "
                + pid
                + " is a JVM ("
                + main
                + "), but no jasyncio event loop has run in it (or it runs with"
                + " -Djasyncio.inspect=false)");
      }
      address = vm.startLocalManagementAgent();
    } catch (IOException e) {
      throw new Failure("process " + pid + " did not answer the attach request: " + e);
    } finally {
      try {
        vm.detach();
      } catch (IOException e) {
        // the process went away: the JMX connection below says so
      }
    }
    try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
      MBeanServerConnection server = c.getMBeanServerConnection();
      Set<ObjectName> names = awaitMBeans(server);
      if (names.isEmpty()) {
        throw new Failure(
            "process "
                + pid
                + " runs jasyncio, but its MBean io.jasyncio:type=Tasks did not appear within "
                + MBEAN_WAIT_MILLIS / 1000
                + " s of starting its JMX agent (is its thread 'jasyncio-inspect' alive?)");
      }
      StringBuilder sb = new StringBuilder();
      for (ObjectName n : names) { // one per copy of jasyncio in the JVM, usually one
        sb.append((String) server.invoke(n, tree ? "pstree" : "ps", null, null));
      }
      return sb.toString();
    } catch (MBeanException e) {
      throw new Failure("ERROR: " + e.getTargetException().getMessage());
    } catch (IOException | JMException e) {
      throw new Failure("the JMX connection to process " + pid + " failed: " + e);
    }
  }

  private static Set<ObjectName> awaitMBeans(MBeanServerConnection server)
      throws IOException, JMException, Failure {
    ObjectName pattern = new ObjectName(PATTERN);
    long deadline = System.nanoTime() + MBEAN_WAIT_MILLIS * 1_000_000;
    while (true) {
      Set<ObjectName> names = new java.util.TreeSet<>(server.queryNames(pattern, null));
      if (!names.isEmpty() || System.nanoTime() - deadline > 0) {
        return names;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Failure("interrupted while waiting for the MBean");
      }
    }
  }
}
