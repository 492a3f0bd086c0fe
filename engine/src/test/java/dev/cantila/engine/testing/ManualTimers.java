package dev.cantila.engine.testing;

import dev.cantila.engine.voice.Timers;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Timers that fire only when a test advances them, moving a {@link MutableClock} along: a 5 s gather timeout costs
 * no real time. A zero delay runs at once. {@link #awaitPending} blocks until the system under test armed a timer
 * (how a test knows a call is now waiting in a gather), without sleeping.
 */
public final class ManualTimers implements Timers {
    private final MutableClock clock;
    private final PriorityQueue<Task> tasks = new PriorityQueue<>();
    private long seq;

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long order;
        final Duration delay;
        final Runnable run;

        Task(long due, long order, Duration delay, Runnable run) {
            this.due = due;
            this.order = order;
            this.delay = delay;
            this.run = run;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            synchronized (ManualTimers.this) {
                tasks.remove(this);
                ManualTimers.this.notifyAll();
            }
        }
    }

    public ManualTimers(MutableClock clock) {
        this.clock = clock;
    }

    public MutableClock clock() {
        return clock;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        if (delay.isZero() || delay.isNegative()) {
            task.run();
            return () -> { };
        }
        synchronized (this) {
            Task t = new Task(clock.millis() + delay.toMillis(), seq++, delay, task);
            tasks.add(t);
            notifyAll();
            return t;
        }
    }

    /** Moves the clock by {@code d}, running every task that falls due on the way, in due order. */
    public void advance(Duration d) {
        long target = clock.millis() + d.toMillis();
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.peek();
                if (next == null || next.due > target) {
                    break;
                }
                tasks.poll();
            }
            if (next.due > clock.millis()) {
                clock.advanceMillis(next.due - clock.millis());
            }
            next.run.run();
        }
        if (target > clock.millis()) {
            clock.advanceMillis(target - clock.millis());
        }
    }

    /** Waits until a timer of exactly {@code delay} is pending; false after 10 s. */
    public synchronized boolean awaitPending(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tasks.stream().noneMatch(t -> t.delay.equals(delay))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** Waits until no timer of exactly {@code delay} is pending (one was cancelled or fired); false after 10 s. */
    public synchronized boolean awaitNotPending(Duration delay) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tasks.stream().anyMatch(t -> t.delay.equals(delay))) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** How many timers were scheduled so far (to wait for the next one with {@link #awaitScheduledBeyond}). */
    public synchronized long scheduled() {
        return seq;
    }

    /** Waits until more than {@code count} timers were scheduled (a re-armed timer counts); false after 10 s. */
    public synchronized boolean awaitScheduledBeyond(long count) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (seq <= count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /** The delays of the pending timers, soonest first. */
    public synchronized List<Duration> pending() {
        List<Task> sorted = new ArrayList<>(tasks);
        sorted.sort(null);
        return sorted.stream().map(t -> t.delay).toList();
    }

    @Override
    public void close() {
        synchronized (this) {
            tasks.clear();
        }
    }
}
