package dev.cantila.engine.freeswitch;

import dev.cantila.engine.voice.SwitchEvents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records what a VoiceSwitch reports, one line per call ({@code "dtmf <uuid> #"}), for awaiting with a timeout. */
final class SwitchRecorder implements SwitchEvents {
    private final LinkedBlockingQueue<String> pending = new LinkedBlockingQueue<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());

    private void add(String line) {
        all.add(line);
        pending.add(line);
    }

    @Override
    public void parked(String uuid, String from, String to, String node) {
        add("parked " + uuid + " " + from + " " + to + " " + node);
    }

    @Override
    public void ringing(String uuid) {
        add("ringing " + uuid);
    }

    @Override
    public void answered(String uuid) {
        add("answered " + uuid);
    }

    @Override
    public void dtmf(String uuid, char digit) {
        add("dtmf " + uuid + " " + digit);
    }

    @Override
    public void hungUp(String uuid, String cause) {
        add("hungUp " + uuid + " " + cause);
    }

    @Override
    public void sms(String from, String to, String body) {
        add("sms " + from + " " + to + " " + body);
    }

    /** The next line starting with {@code prefix}, skipping others (they stay in {@link #all}). */
    String await(String prefix) throws InterruptedException {
        long end = System.nanoTime() + EslTesting.WAIT.toNanos();
        while (true) {
            String line = pending.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("nothing starting '" + prefix + "' within " + EslTesting.WAIT.toMillis()
                        + " ms; heard " + all());
            }
            if (line.startsWith(prefix)) {
                return line;
            }
        }
    }

    List<String> all() {
        synchronized (all) {
            return List.copyOf(all);
        }
    }

    long count(String prefix) {
        return all().stream().filter(l -> l.startsWith(prefix)).count();
    }
}
