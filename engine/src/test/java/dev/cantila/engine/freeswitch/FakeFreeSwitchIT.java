package dev.cantila.engine.freeswitch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The fake speaks FreeSWITCH's wire format byte for byte (reference §5.3-5.5); checked with a raw socket. */
class FakeFreeSwitchIT {
    private FakeFreeSwitch fs;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    @BeforeEach
    void connect() throws IOException {
        fs = FakeFreeSwitch.start();
        socket = new Socket("127.0.0.1", fs.port());
        socket.setSoTimeout(5000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    @AfterEach
    void close() throws IOException {
        socket.close();
        fs.close();
    }

    private void send(String command) throws IOException {
        out.write(command.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private String raw(int n) throws IOException {
        return new String(in.readNBytes(n), StandardCharsets.UTF_8);
    }

    @Test
    void commandsBeforeAuthAreNotFoundAndABadPasswordIsShownTheDoor() throws IOException {
        assertThat(raw(28)).isEqualTo("Content-Type: auth/request\n\n");
        send("api status\n\n");
        String notFound = "Content-Type: command/reply\nReply-Text: -ERR command not found\n\n";
        assertThat(raw(notFound.length())).isEqualTo(notFound);
        send("auth nope\n\n");
        String rest = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        assertThat(rest).isEqualTo("Content-Type: command/reply\nReply-Text: -ERR invalid\n\n"
                + "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
                + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n");
    }

    @Test
    void replyTextsAndFramingAreFreeSwitchs() throws IOException {
        raw(28);
        send("auth ClueCon\n\nevent plain\n\nevent plain DTMF BACKGROUND_JOB\n\nfilter Unique-ID abc\n\n"
                + "filter delete Unique-ID abc\n\nlinger\n\napi uuid_exists nope\n\napi uuid_break nope\n\n"
                + "bgapi status\nJob-UUID: 7f4db78a-17d7-11dd-b7a0-db4edd065621\n\nsendmsg nope\ncall-command: hangup\n\n");
        List<EslFrame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            frames.add(EslCodec.readFrame(in));
        }
        assertThat(frames.subList(0, 6)).extracting(EslFrame::replyText).containsExactly("+OK accepted",
                "-ERR no keywords supplied", "+OK event listener enabled plain",
                "+OK filter added. [Unique-ID]=[abc]", "+OK filter deleted. [Unique-ID][abc]",
                "-ERR not controlling a session");
        assertThat(List.copyOf(frames.get(6).headers().keySet())).containsExactly("Content-Type", "Content-Length");
        assertThat(frames.get(6).bodyText()).isEqualTo("false");
        assertThat(frames.get(7).bodyText()).isEqualTo("-ERR No Such Channel!\n");
        assertThat(frames.get(8).replyText()).isEqualTo("+OK Job-UUID: 7f4db78a-17d7-11dd-b7a0-db4edd065621");
        assertThat(frames.get(8).header("Job-UUID")).isEqualTo("7f4db78a-17d7-11dd-b7a0-db4edd065621");
        // the BACKGROUND_JOB and the sendmsg reply may come in either order: the job runs on its own thread
        List<EslFrame> last = List.of(frames.get(9), EslCodec.readFrame(in));
        assertThat(last).anyMatch(f -> "-ERR invalid session id [nope]".equals(f.replyText()));
        EslFrame job = last.stream().filter(f -> "text/event-plain".equals(f.contentType())).findFirst().orElseThrow();
        assertThat(List.copyOf(job.headers().keySet())).containsExactly("Content-Length", "Content-Type");
        EslEvent e = EslCodec.parseEvent(job.body());
        assertThat(e.get("Job-UUID")).isEqualTo("7f4db78a-17d7-11dd-b7a0-db4edd065621");
        assertThat(e.get("Job-Command")).isEqualTo("status");
        assertThat(e.body()).startsWith("UP ");
    }

    @Test
    void eventsAreSerializedByteForByte() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Event-Name", "DTMF");
        h.put("Caller-Caller-ID-Number", "+13055550100");
        h.put("Caller-Caller-ID-Name", "");
        h.put("DTMF-Digit", "#");
        h.put("DTMF-Source", "RTP");
        FakeEvent dtmf = new FakeEvent(h, null);
        String serialized = "Event-Name: DTMF\nCaller-Caller-ID-Number: %2B13055550100\nCaller-Caller-ID-Name: _undef_\n"
                + "DTMF-Digit: %23\nDTMF-Source: RTP\n\n";
        assertThat(new String(dtmf.frame(), StandardCharsets.UTF_8)).isEqualTo("Content-Length: "
                + serialized.length() + "\nContent-Type: text/event-plain\n\n" + serialized);

        Map<String, String> m = new LinkedHashMap<>();
        m.put("Event-Name", "MESSAGE");
        m.put("from_user", "1001");
        String body = "Zoë: 1+1=2\n";
        assertThat(FakeEvent.serialize(m, body)).isEqualTo("Event-Name: MESSAGE\nfrom_user: 1001\nContent-Length: 12\n\n"
                + body);
    }

    @Test
    void parkedChannelsCarryTheCaptureHeadersInOrder() throws IOException {
        raw(28);
        send("auth ClueCon\n\nevent plain CHANNEL_PARK\n\n");
        EslCodec.readFrame(in);
        EslCodec.readFrame(in);
        fs.parkInbound("+14155550100", "14155550199");
        EslFrame frame = EslCodec.readFrame(in);
        String text = frame.bodyText();
        assertThat(frame.body()).hasSize(Integer.parseInt(frame.header("Content-Length")));
        assertThat(text).startsWith("Event-Name: CHANNEL_PARK\nCore-UUID: ").endsWith("\n\n")
                .contains("\nEvent-Calling-Function: switch_ivr_park\n", "\nCaller-Caller-ID-Number: %2B14155550100\n",
                        "\nChannel-Name: sofia/external/%2B14155550100%40198.51.100.7%3A5060\n",
                        "\nCaller-Destination-Number: 14155550199\n", "\nvariable_current_application: park\n");
        EslEvent e = EslCodec.parseEvent(frame.body());
        assertThat(List.copyOf(e.headers().keySet()).subList(0, 13)).containsExactly("Event-Name", "Core-UUID",
                "FreeSWITCH-Hostname", "FreeSWITCH-Switchname", "FreeSWITCH-IPv4", "FreeSWITCH-IPv6", "Event-Date-Local",
                "Event-Date-GMT", "Event-Date-Timestamp", "Event-Calling-File", "Event-Calling-Function",
                "Event-Calling-Line-Number", "Event-Sequence");
        assertThat(e.get("Call-Direction")).isEqualTo("inbound");
        assertThat(e.get("Answer-State")).isEqualTo("ringing");
    }
}
