package dev.cantila.engine.freeswitch;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The API commands the fake knows, with {@code mod_commands}' exact outputs: {@code uuid_exists} ({@code true} /
 * {@code false}), {@code uuid_break} (nothing on success, so the socket says {@code -ERR no reply}),
 * {@code uuid_kill}, {@code uuid_bridge} ({@code +OK <other uuid>} or {@code -ERR Invalid uuid}), {@code chat}, {@code originate}, {@code show channels}, {@code status}; anything else is
 * {@code -ERR <cmd> Command not found!}. {@code bgapi} runs the same commands and fires {@code BACKGROUND_JOB}.
 */
final class FakeApi {
    private FakeApi() {
    }

    static String run(FakeFreeSwitch fs, String line) {
        String[] w = line.trim().split(" ", 2);
        String args = w.length > 1 ? w[1].trim() : "";
        Duration slow = fs.slowness(w[0]);
        if (slow != null) {
            FakeFreeSwitch.pause(slow);
        }
        return switch (w[0]) {
            case "uuid_exists" -> fs.channelOf(args) != null ? "true" : "false";
            case "uuid_break" -> {
                FakeChannel ch = fs.channelOf(args.split(" ")[0]);
                if (ch == null) {
                    yield "-ERR No Such Channel!\n";
                }
                ch.breakMedia();
                yield "";
            }
            case "uuid_kill" -> {
                String[] a = args.split(" +");
                FakeChannel ch = fs.channelOf(a[0]);
                yield ch != null && ch.kill(a.length > 1 ? a[1] : "NORMAL_CLEARING") ? "+OK\n" : "-ERR No such channel!\n";
            }
            case "uuid_bridge" -> {
                String[] a = args.split(" +");
                FakeChannel x = fs.channelOf(a[0]);
                FakeChannel y = a.length > 1 ? fs.channelOf(a[1]) : null;
                if (x == null || y == null || x == y) {
                    yield "-ERR Invalid uuid\n";
                }
                x.bridgeTo(y);
                y.bridgeTo(x);
                yield "+OK " + a[1] + "\n";
            }
            case "chat" -> {
                String[] p = args.split("\\|", 5);
                yield p.length < 4 ? "-USAGE: <proto>|<from>|<to>|<message>|[<content-type>]\n"
                        : fs.chat(new FakeFreeSwitch.Chat(p[0], p[1], p[2], p[3]));
            }
            case "originate" -> FakeOriginate.run(fs, args);
            case "show" -> args.startsWith("channels") ? showChannels(fs.channelList()) : "-USAGE: show channels\n";
            case "conference" -> fs.conferences().api(args);
            case "status" -> "UP 0 years, 0 days, 0 hours\nFreeSWITCH (Version fake) is ready\n";
            default -> "-ERR " + w[0] + " Command not found!\n";
        };
    }

    static void backgroundJob(FakeFreeSwitch fs, String job, String command) {
        String result = run(fs, command);
        Map<String, String> h = FakeEvent.standard("BACKGROUND_JOB", fs.coreUuid, fs.hostname);
        String[] parts = command.split(" ", 2);
        h.put("Job-UUID", job);
        h.put("Job-Owner-UUID", fs.coreUuid);
        h.put("Job-Command", parts[0]);
        if (parts.length > 1) {
            h.put("Job-Command-Arg", parts[1]);
        }
        fs.fire(new FakeEvent(h, result));
    }

    private static String showChannels(List<FakeChannel> list) {
        StringBuilder sb = new StringBuilder("uuid,direction,created_epoch,name,state,cid_num,dest,callstate\n");
        for (FakeChannel ch : list) {
            sb.append(ch.uuid).append(',').append(ch.inbound ? "inbound" : "outbound").append(",0,").append(ch.name)
                    .append(",CS_EXECUTE,").append(ch.from).append(',').append(ch.to).append(",ACTIVE\n");
        }
        return sb.append('\n').append(list.size()).append(" total.\n").toString();
    }
}
