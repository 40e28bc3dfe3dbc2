package io.jasyncio;

import java.lang.management.ManagementFactory;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanException;
import javax.management.MBeanInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.ReflectionException;
import org.jspecify.annotations.Nullable;

/**
 * The MBean {@code io.jasyncio:type=Tasks}, for {@code ./jasyncio ps PID} (and JConsole): its
 * operations {@code ps()} and {@code pstree()} return {@link LoopSnapshot#formatTable} and {@link
 * LoopSnapshot#formatTree} of every running loop. See docs/adr/0014-inspecting-a-running-loop.md.
 */
final class TasksMBean implements DynamicMBean {
  /*
   * Implementation notes. Making the platform MBean server costs about 0.5 s of CPU (JDK 25), too
   * much to pay at every program's first loop. So the first loop to run starts a daemon thread
   * that looks, twice a second, whether an MBean server exists (a synchronized list lookup); once
   * one does (the inspecting tool made it, by starting the JVM's local management agent through
   * the attach API, or the program uses JMX itself), it registers this MBean there and ends. The
   * system property MARKER tells the tool that jasyncio runs here, before it starts the agent.
   * A DynamicMBean: JMX calls it through its own interface, so the class needs no export.
   */

  /** The MBean's name; a second copy of jasyncio in the JVM (another class loader) adds ,copy=N. */
  static final String NAME = "io.jasyncio:type=Tasks";

  /** The system property set when the watcher starts; its value is {@link #NAME}. */
  static final String MARKER = "jasyncio.tasksMBean";

  /** {@code -Djasyncio.inspect=false} turns the watcher (and so the MBean) off. */
  static final String SWITCH = "jasyncio.inspect";

  private static final long POLL_MILLIS = 500;

  private static boolean started; // guarded by the class lock

  /** At each loop start: starts the watcher the first time. */
  static synchronized void watch() {
    if (started) {
      return;
    }
    started = true;
    if ("false".equalsIgnoreCase(System.getProperty(SWITCH))) {
      return;
    }
    System.setProperty(MARKER, NAME);
    Thread.ofPlatform()
        .daemon()
        .name("jasyncio-inspect")
        .stackSize(256 * 1024)
        .start(TasksMBean::registerWhenJmxStarts);
  }

  private static void registerWhenJmxStarts() {
    try {
      while (MBeanServerFactory.findMBeanServer(null).isEmpty()) {
        Thread.sleep(POLL_MILLIS);
      }
      register(ManagementFactory.getPlatformMBeanServer());
    } catch (InterruptedException e) {
      // the JVM is going down
    } catch (JMException | RuntimeException e) {
      System.getLogger("io.jasyncio")
          .log(System.Logger.Level.WARNING, "could not register the MBean " + NAME, e);
    }
  }

  static void register(MBeanServer server) throws JMException {
    for (int copy = 1; ; copy++) {
      ObjectName name = new ObjectName(copy == 1 ? NAME : NAME + ",copy=" + copy);
      try {
        server.registerMBean(new TasksMBean(), name);
        return;
      } catch (InstanceAlreadyExistsException e) {
        // another copy of jasyncio registered first: take the next name
      }
    }
  }

  @Override
  public @Nullable Object invoke(
      String actionName, Object @Nullable [] params, String @Nullable [] signature)
      throws MBeanException, ReflectionException {
    if (params != null && params.length > 0) {
      throw new ReflectionException(
          new NoSuchMethodException(actionName + " with parameters: ps and pstree take none"));
    }
    return switch (actionName) {
      case "ps" -> LoopSnapshot.formatTable(LoopSnapshot.all());
      case "pstree" -> tree();
      default ->
          throw new ReflectionException(
              new NoSuchMethodException(actionName + ": the operations are ps and pstree"));
    };
  }

  private static String tree() throws MBeanException {
    try {
      return LoopSnapshot.formatTree(LoopSnapshot.all());
    } catch (IllegalStateException cycles) {
      // a JDK exception, so that any JMX client can read it
      throw new MBeanException(new IllegalStateException(cycles.getMessage()));
    }
  }

  @Override
  public MBeanInfo getMBeanInfo() {
    return new MBeanInfo(
        TasksMBean.class.getName(),
        "The tasks of jasyncio's running event loops",
        null,
        null,
        new MBeanOperationInfo[] {
          new MBeanOperationInfo(
              "ps",
              "A table of the tasks of every running loop, as python -m asyncio ps",
              null,
              "java.lang.String",
              MBeanOperationInfo.INFO),
          new MBeanOperationInfo(
              "pstree",
              "The await tree of every running loop, as python -m asyncio pstree",
              null,
              "java.lang.String",
              MBeanOperationInfo.INFO)
        },
        null);
  }

  @Override
  public Object getAttribute(String attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException("no attributes: the operations are ps and pstree");
  }

  @Override
  public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
    throw new AttributeNotFoundException("no attributes: the operations are ps and pstree");
  }

  @Override
  public AttributeList getAttributes(String[] attributes) {
    return new AttributeList();
  }

  @Override
  public AttributeList setAttributes(AttributeList attributes) {
    return new AttributeList();
  }
}
