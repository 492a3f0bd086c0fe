package dev.cantila.scripts.call;

import dev.cantila.scripts.world.World;
import java.time.Duration;
import java.util.PriorityQueue;

/**
 * Timers on the world's fake clock: nothing fires until {@link #advance} moves the clock past it, so a scenario
 * that waits out a 5-second gather timeout takes microseconds. Single-threaded: used only by the scenario runner.
 */
public final class VirtualTimers {
    private final World world;
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    private long seq;

    public VirtualTimers(World world) {
        this.world = world;
    }

    /** A scheduled task; cancelling one that ran does nothing. */
    public interface Handle {
        void cancel();
    }

    private final class Entry implements Comparable<Entry>, Handle {
        final long due;
        final long order = seq++;
        final Runnable task;
        boolean cancelled;

        Entry(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public int compareTo(Entry o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(order, o.order);
        }

        @Override
        public void cancel() {
            cancelled = true;
            queue.remove(this);
        }
    }

    /** How long until the next timer is due, or null when none is pending. */
    public Duration untilNext() {
        Entry next = queue.peek();
        return next == null ? null : Duration.ofMillis(Math.max(0, next.due - world.elapsedMillis()));
    }

    public Handle schedule(Duration delay, Runnable task) {
        Entry e = new Entry(world.elapsedMillis() + Math.max(0, delay.toMillis()), task);
        queue.add(e);
        return e;
    }

    /**
     * Moves the clock by {@code by}, firing due timers in order at their own time; {@code settle} runs after each
     * (the runner lets the handler react before the next timer, exactly as it would in real time).
     */
    public void advance(Duration by, Runnable settle) {
        long target = world.elapsedMillis() + by.toMillis();
        Entry next;
        while ((next = queue.peek()) != null && next.due <= target) {
            queue.poll();
            world.advance(Duration.ofMillis(next.due - world.elapsedMillis()));
            if (!next.cancelled) {
                next.task.run();
                settle.run();
            }
        }
        world.advance(Duration.ofMillis(target - world.elapsedMillis()));
    }
}
