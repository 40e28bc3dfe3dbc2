package io.jasyncio.bench

import java.util.Locale
import kotlin.system.exitProcess
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/*
 * The benchmark workloads in Kotlin coroutines (kotlinx.coroutines), the same program as
 * JasyncioWorkloads; see Workload.java for what each measures. Usage:
 *
 *     java -cp ... io.jasyncio.bench.KotlinWorkloadsKt WORKLOAD N [DEPTH]
 *
 * Single-threaded like asyncio: everything runs in runBlocking, whose event loop is the calling
 * thread. Prints one line, `RESULT seconds=S ops=N impl=kotlin`; S is the wall time of
 * runBlocking, the whole run with its coroutines created and joined. Exits 3 on a failed check.
 *
 * (The argument parsing, check and report repeat Workload.java's: the Kotlin compiler runs before
 * javac and sees only src/main/kotlin, so it cannot call the Java class.)
 */

/** How many times each W4 coroutine suspends at the bottom of its recursion. */
private const val SUSPENSIONS = 10

fun main(args: Array<String>) {
    if (args.size < 2) {
        System.err.println("usage: WORKLOAD N [DEPTH], e.g. w1 1000000")
        exitProcess(2)
    }
    val workload = args[0].lowercase(Locale.ROOT)
    val n = args[1].replace("_", "").toInt()
    val depth = if (args.size > 2) args[2].toInt() else 0
    val run: (Int) -> Long =
        when (workload) {
            "w1" -> { k -> switches(k) }
            "w2" -> { k -> lesson(k) }
            "w3" -> { k -> spawn(k) }
            "w4" -> { k -> deep(k, depth) }
            "w5" -> { k -> queue(k) }
            else -> throw IllegalArgumentException("no workload $workload; w1..w5")
        }
    if (workload != "w2") {
        run(maxOf(1, n / 10)) // warm-up, as every peer does: a tenth of the size, untimed
    }
    val t0 = System.nanoTime()
    val ops = run(n)
    val seconds = (System.nanoTime() - t0) / 1e9
    println(String.format(Locale.ROOT, "RESULT seconds=%.6f ops=%d %s", seconds, ops, "impl=kotlin"))
}

/** W1: two coroutines ping-pong through yield(); n switches in all. */
fun switches(n: Int): Long {
    val each = n / 2
    runBlocking {
        val a = launch { repeat(each) { yield() } }
        val b = launch { repeat(each) { yield() } }
        joinAll(a, b)
    }
    return 2L * each
}

/** W2: the lesson scaled: n coroutines each delay 1 s, then count; all joined. */
fun lesson(n: Int): Long {
    var count = 0 // one thread: runBlocking's event loop
    runBlocking {
        List(n) {
                launch {
                    delay(1000)
                    count++
                }
            }
            .joinAll()
    }
    return check(count.toLong(), n.toLong())
}

/** W3: create and await n coroutines that return at once. */
fun spawn(n: Int): Long {
    val results = runBlocking { List(n) { i -> async { i } }.awaitAll() }
    return check(results.size.toLong(), n.toLong())
}

/** W4: n coroutines that each recurse to [depth], then suspend 10 times there. */
fun deep(n: Int, depth: Int): Long {
    runBlocking { List(n) { async { recurse(depth) } }.awaitAll() }
    return SUSPENSIONS.toLong() * n
}

suspend fun recurse(depth: Int): Int {
    if (depth == 0) {
        repeat(SUSPENSIONS) { yield() }
        return 0
    }
    return recurse(depth - 1) + 1
}

private fun check(got: Long, expected: Long): Long {
    if (got != expected) {
        System.err.println("CHECK FAILED: counted $got, expected $expected")
        exitProcess(3)
    }
    return got
}

/** W5: a producer and a consumer through a Channel bounded at 64; n items. */
fun queue(n: Int): Long {
    var received = 0L
    runBlocking {
        val channel = kotlinx.coroutines.channels.Channel<Int>(64)
        val producer = launch { for (i in 0 until n) channel.send(i) }
        val consumer = launch { repeat(n) { channel.receive(); received++ } }
        joinAll(producer, consumer)
    }
    return check(received, n.toLong())
}
