package io.jasyncio.bench.mem

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield

/**
 * Kotlin's side of [TaskFootprint]: W2's coroutines (launch { delay; count++ } under runBlocking,
 * one thread), each suspended in delay(1 hour). The warm-up rounds each run in a runBlocking of
 * their own; then [before] runs inside the measured runBlocking, [atPeak] while n coroutines are
 * suspended in it; then they are cancelled and joined.
 */
object KotlinFootprint {
    @JvmStatic
    fun suspended(n: Int, warmups: Int, before: Runnable, atPeak: Runnable) {
        repeat(warmups) { runBlocking { sleepers(n, null) } }
        runBlocking {
            before.run()
            sleepers(n, atPeak)
        }
    }

    private suspend fun CoroutineScope.sleepers(n: Int, atPeak: Runnable?) {
        var started = 0
        var count = 0
        val jobs = ArrayList<Job>(n)
        repeat(n) {
            jobs.add(
                launch {
                    started++
                    delay(3_600_000)
                    count++
                })
        }
        while (started < n) yield()
        atPeak?.run()
        jobs.forEach { it.cancel() }
        jobs.joinAll()
        check(count == 0) { "a coroutine woke up from its hour-long delay" }
    }
}
