package dev.cantila.engine.freeswitch;

import dev.cantila.engine.voice.SwitchEvents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Iterator;
import java.util.LinkedList;

/** Records what a VoiceSwitch reports, one line per call ({@code "dtmf <uuid> #"}), for awaiting with a timeout. */
final class SwitchRecorder implements SwitchEvents {
    /** Lines no {@link #await} has taken yet, in arrival order. */
    private final LinkedList<String> pending = new LinkedList<>();
    private final List<String> all = Collections.synchronizedList(new ArrayList<>());

    private void add(String line) {
        all.add(line);
        synchronized (pending) {
            pending.add(line);
            pending.notifyAll();
        }
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
    public void sms(String eventKey, String from, String to, String body) {
        add("sms " + from + " " + to + " " + body);
    }

    /**
     * Takes the earliest line not taken yet that starts with {@code prefix}, waiting for it. Other lines stay for
     * later awaits, so events of different calls (two nodes, two connections) may arrive in any order.
     */
    String await(String prefix) throws InterruptedException {
        long end = System.nanoTime() + EslTesting.WAIT.toNanos();
        synchronized (pending) {
            while (true) {
                for (Iterator<String> it = pending.iterator(); it.hasNext(); ) {
                    String line = it.next();
                    if (line.startsWith(prefix)) {
                        it.remove();
                        return line;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("nothing starting '" + prefix + "' within " + EslTesting.WAIT.toMillis()
                            + " ms; heard " + all());
                }
                pending.wait(Math.max(1, left / 1_000_000));
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
