package io.jasyncio.examples;

import static io.jasyncio.Asyncio.*;

import io.jasyncio.Task;
import java.util.List;

/**
 * The lesson's restaurant: the manager (the event loop) hands orders to waiters (tasks), each
 * waiter has a cook prepare the dish, and the three orders are cooked at the same time.
 *
 * {@snippet lang=python :
 * import asyncio
 *
 * # Список поваров.
 * chef_list = ['', 'Франсуа', 'Жан', 'Марсель']
 *
 *
 * async def cook_order(order_number, dish):
 *     # Повар готовит блюдо
 *     print(f"Повар {chef_list[order_number]} начинает готовить заказ №{order_number}: {dish}")
 *     await asyncio.sleep(2)  # Имитация времени на готовку
 *     print(f"Заказ №{order_number}: {dish} готов!")
 *     return f"{dish} для заказа №{order_number}"
 *
 *
 * async def serve_order(order_number, dish):
 *     # Официант подает блюдо
 *     await cook_order(order_number, dish)
 *     print(f"Официант подает {dish}")
 *
 *
 * async def manager():
 *     # Менеджер (событийный цикл) назначает задачи
 *     orders = [(1, 'Салат'), (2, 'Стейк'), (3, 'Суп')]
 *     tasks = [asyncio.create_task(serve_order(order_number, dish)) for order_number, dish in orders]
 *
 *     # Ожидаем завершения всех задач
 *     await asyncio.gather(*tasks)
 *
 *
 * # Запуск событийного цикла
 * asyncio.run(manager())
 * }
 *
 * It prints, in two seconds, exactly the nine lines the lesson shows (UTF-8, through {@link Out}).
 */
public final class Restaurant {
  private Restaurant() {}

  // chef_list = ['', 'Франсуа', 'Жан', 'Марсель']
  static final List<String> chefList = List.of("", "Франсуа", "Жан", "Марсель");

  // An (order_number, dish) pair of the manager's list.
  record Order(int orderNumber, String dish) {}

  // async def cook_order(order_number, dish):
  //
  // A coroutine returning a String: run it as a task with createTask(() -> cookOrder(1, "Салат")),
  // a Task<String>, or call it from another coroutine, which is what `await cook_order(...)` does.
  static String cookOrder(int orderNumber, String dish) {
    // print(f"Повар {chef_list[order_number]} начинает готовить заказ №{order_number}: {dish}")
    Out.println(
        "Повар "
            + chefList.get(orderNumber)
            + " начинает готовить заказ №"
            + orderNumber
            + ": "
            + dish);
    sleep(2); // await asyncio.sleep(2)  # Имитация времени на готовку
    Out.println(
        "Заказ №"
            + orderNumber
            + ": "
            + dish
            + " готов!"); // print(f"Заказ №{order_number}: {dish} готов!")
    return dish
        + " для заказа №"
        + orderNumber; //                   return f"{dish} для заказа №{order_number}"
  }

  // async def serve_order(order_number, dish):
  static void serveOrder(int orderNumber, String dish) {
    // await cook_order(order_number, dish): awaiting a coroutine runs it inside the current task,
    // so in Java it is a plain call; its sleep suspends this task.
    cookOrder(orderNumber, dish);
    Out.println("Официант подает " + dish); // print(f"Официант подает {dish}")
  }

  // async def manager():
  static void manager() {
    // orders = [(1, 'Салат'), (2, 'Стейк'), (3, 'Суп')]
    List<Order> orders = List.of(new Order(1, "Салат"), new Order(2, "Стейк"), new Order(3, "Суп"));
    // tasks = [asyncio.create_task(serve_order(order_number, dish)) for order_number, dish in
    // orders]
    List<Task<Void>> tasks =
        orders.stream().map(o -> createTask(() -> serveOrder(o.orderNumber(), o.dish()))).toList();
    gather(tasks); // await asyncio.gather(*tasks)
  }

  /**
   * Runs the example.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(Restaurant::manager); // asyncio.run(manager())
  }
}
