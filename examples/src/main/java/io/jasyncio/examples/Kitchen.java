package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.Task;
import io.jasyncio.sync.Held;
import io.jasyncio.sync.Queue;
import io.jasyncio.sync.QueueShutDown;
import io.jasyncio.sync.Semaphore;
import java.util.ArrayList;
import java.util.List;

/**
 * The restaurant grown up: a queue of orders, three cooks who share two stoves (a semaphore), and
 * two waiters who serve the dishes from a second queue. The manager puts the orders in, waits until
 * every order is cooked and served ({@code join}), then closes the kitchen ({@code shutdown}),
 * which sends the staff home.
 */
public final class Kitchen {
  private Kitchen() {}

  /** An order: its number, its dish and how long the dish takes on a stove, in seconds. */
  record Order(int number, String dish, double cookingTime) {}

  static final List<Order> ORDERS =
      List.of(
          new Order(1, "Салат", 0.2),
          new Order(2, "Стейк", 0.5),
          new Order(3, "Суп", 0.3),
          new Order(4, "Плов", 0.4),
          new Order(5, "Борщ", 0.6),
          new Order(6, "Десерт", 0.1));

  static final List<String> COOKS = List.of("Франсуа", "Жан", "Марсель");
  static final List<String> WAITERS = List.of("Пьер", "Мари");
  static final int STOVES = 2;

  /** How many stoves are in use: tasks of one loop share it without locks. */
  private static int stovesInUse;

  static void cook(String name, Queue<Order> orders, Semaphore stoves, Queue<Order> ready) {
    try {
      while (true) {
        Order o = orders.get(); // waits for an order; QueueShutDown when the kitchen closes
        Out.println("Повар " + name + " берёт заказ №" + o.number() + ": " + o.dish());
        try (Held _ = stoves.acquired()) { // waits for a free stove
          stovesInUse++;
          Out.println(
              "Повар "
                  + name
                  + " ставит на плиту: "
                  + o.dish()
                  + " (занято плит: "
                  + stovesInUse
                  + " из "
                  + STOVES
                  + ")");
          sleep(o.cookingTime());
          stovesInUse--;
        }
        Out.println("Заказ №" + o.number() + ": " + o.dish() + " готов!");
        ready.put(o);
        orders.taskDone();
      }
    } catch (QueueShutDown closed) {
      Out.println("Повар " + name + " уходит домой");
    }
  }

  static void serve(String name, Queue<Order> ready) {
    try {
      while (true) {
        Order o = ready.get();
        Out.println("Официант " + name + " подает " + o.dish());
        sleep(0.05);
        ready.taskDone();
      }
    } catch (QueueShutDown closed) {
      Out.println("Официант " + name + " уходит домой");
    }
  }

  static void manager() {
    Queue<Order> orders = new Queue<>();
    Queue<Order> ready = new Queue<>();
    Semaphore stoves = new Semaphore(STOVES);
    stovesInUse = 0;
    for (Order o : ORDERS) {
      orders.putNowait(o);
    }
    List<Task<Void>> staff = new ArrayList<>();
    for (String cook : COOKS) {
      staff.add(createTask(() -> cook(cook, orders, stoves, ready), cook));
    }
    for (String waiter : WAITERS) {
      staff.add(createTask(() -> serve(waiter, ready), waiter));
    }
    orders.join(); // every order cooked
    ready.join(); // and served
    Out.println("Все заказы поданы");
    orders.shutdown();
    ready.shutdown();
    gather(staff);
  }

  public static void main(String[] args) {
    run(() -> manager());
  }
}
