package dev.cantila.engine.freeswitch;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Frames taken from the wire transcripts in {@code reference/freeswitch-esl.md} §5.4. */
class EslCodecTest {

    /** The CHANNEL_PARK capture (cgrates/fsock, FreeSWITCH on Debian 12), headers as on the wire. */
    static final String PARK = """
            Event-Name: CHANNEL_PARK
            Core-UUID: 44d90754-93de-4dd7-807a-9ad31e45d4de
            FreeSWITCH-Hostname: debian12
            FreeSWITCH-Switchname: debian12
            FreeSWITCH-IPv4: 10.0.2.15
            FreeSWITCH-IPv6: %3A%3A1
            Event-Date-Local: 2023-12-22%2010%3A12%3A32
            Event-Date-GMT: Fri,%2022%20Dec%202023%2015%3A12%3A32%20GMT
            Event-Date-Timestamp: 1703257952506074
            Event-Calling-File: switch_ivr.c
            Event-Calling-Function: switch_ivr_park
            Event-Calling-Line-Number: 1002
            Event-Sequence: 498
            Channel-State: CS_EXECUTE
            Channel-Call-State: RINGING
            Channel-State-Number: 4
            Channel-Name: sofia/internal/1001%40192.168.56.120%3A5081
            Unique-ID: 4967ceb1-c6f9-4af9-9855-df323d6763ad
            Call-Direction: inbound
            Presence-Call-Direction: inbound
            Channel-HIT-Dialplan: true
            Channel-Presence-ID: 1001%40192.168.56.120
            Channel-Call-UUID: 4967ceb1-c6f9-4af9-9855-df323d6763ad
            Answer-State: ringing
            Caller-Direction: inbound
            Caller-Logical-Direction: inbound
            Caller-Username: 1001
            Caller-Dialplan: XML
            Caller-Caller-ID-Name: 1001
            Caller-Caller-ID-Number: %2B13055550100
            Caller-Destination-Number: 1002
            Caller-Unique-ID: 4967ceb1-c6f9-4af9-9855-df323d6763ad
            Caller-Channel-Name: sofia/internal/1001%40192.168.56.120%3A5081
            variable_direction: inbound
            variable_sip_call_id: 1-27764%40192.168.56.120
            variable_current_application: park

            """;

    private static InputStream wire(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String eventFrame(String serialized) {
        return "Content-Length: " + serialized.getBytes(StandardCharsets.UTF_8).length
                + "\nContent-Type: text/event-plain\n\n" + serialized;
    }

    @Test
    void authRequestThenCommandRepliesInOrder() throws Exception {
        InputStream in = wire("""
                Content-Type: auth/request

                Content-Type: command/reply
                Reply-Text: +OK accepted

                Content-Type: command/reply
                Reply-Text: +OK event listener enabled plain

                """);
        assertThat(EslCodec.readFrame(in).contentType()).isEqualTo("auth/request");
        EslFrame accepted = EslCodec.readFrame(in);
        assertThat(accepted.contentType()).isEqualTo("command/reply");
        assertThat(accepted.replyText()).isEqualTo("+OK accepted");
        assertThat(accepted.body()).isEmpty();
        assertThat(EslCodec.readFrame(in).replyText()).isEqualTo("+OK event listener enabled plain");
        assertThat(EslCodec.readFrame(in)).isNull();
    }

    @Test
    void bgapiReplyCarriesTheRawJobUuidHeader() throws Exception {
        EslFrame f = EslCodec.readFrame(wire("""
                Content-Type: command/reply
                Reply-Text: +OK Job-UUID: 7f4db78a-17d7-11dd-b7a0-db4edd065621
                Job-UUID: 7f4db78a-17d7-11dd-b7a0-db4edd065621

                """));
        assertThat(f.replyText()).isEqualTo("+OK Job-UUID: 7f4db78a-17d7-11dd-b7a0-db4edd065621");
        assertThat(f.header("Job-UUID")).isEqualTo("7f4db78a-17d7-11dd-b7a0-db4edd065621");
        assertThat(f.header("job-uuid")).isEqualTo("7f4db78a-17d7-11dd-b7a0-db4edd065621");
    }

    @Test
    void apiResponseBodyIsExactlyContentLengthBytes() throws Exception {
        InputStream in = wire("Content-Type: api/response\nContent-Length: 4\n\n+OK\nContent-Type: api/response\n"
                + "Content-Length: 14\n\n-ERR no reply\n");
        EslFrame ok = EslCodec.readFrame(in);
        assertThat(List.copyOf(ok.headers().keySet())).containsExactly("Content-Type", "Content-Length");
        assertThat(ok.bodyText()).isEqualTo("+OK\n");
        assertThat(EslCodec.readFrame(in).bodyText()).isEqualTo("-ERR no reply\n");
    }

    @Test
    void parkEventIsDecodedInWireOrder() throws Exception {
        InputStream in = wire("\n\n" + eventFrame(PARK));
        EslFrame frame = EslCodec.readFrame(in);
        assertThat(List.copyOf(frame.headers().keySet())).containsExactly("Content-Length", "Content-Type");
        EslEvent e = EslCodec.parseEvent(frame.body());
        assertThat(e.name()).isEqualTo("CHANNEL_PARK");
        assertThat(List.copyOf(e.headers().keySet()).subList(0, 4))
                .containsExactly("Event-Name", "Core-UUID", "FreeSWITCH-Hostname", "FreeSWITCH-Switchname");
        assertThat(e.get("FreeSWITCH-IPv6")).isEqualTo("::1");
        assertThat(e.get("Event-Date-Local")).isEqualTo("2023-12-22 10:12:32");
        assertThat(e.get("Event-Date-GMT")).isEqualTo("Fri, 22 Dec 2023 15:12:32 GMT");
        assertThat(e.get("Channel-Name")).isEqualTo("sofia/internal/1001@192.168.56.120:5081");
        assertThat(e.uuid()).isEqualTo("4967ceb1-c6f9-4af9-9855-df323d6763ad");
        assertThat(e.get("Caller-Caller-ID-Number")).isEqualTo("+13055550100");
        assertThat(e.variable("sip_call_id")).isEqualTo("1-27764@192.168.56.120");
        assertThat(e.body()).isEmpty();
        assertThat(EslCodec.readFrame(in)).isNull();
    }

    @Test
    void dtmfPoundArrivesAsPercent23AndUndefIsEmpty() throws Exception {
        EslFrame frame = EslCodec.readFrame(wire(eventFrame("""
                Event-Name: DTMF
                Unique-ID: 4967ceb1-c6f9-4af9-9855-df323d6763ad
                Answer-State: answered
                Caller-Caller-ID-Name: _undef_
                DTMF-Digit: %23
                DTMF-Duration: 1200
                DTMF-Source: RTP

                """)));
        EslEvent e = EslCodec.parseEvent(frame.body());
        assertThat(e.get("DTMF-Digit")).isEqualTo("#");
        assertThat(e.get("Caller-Caller-ID-Name")).isEmpty();
        assertThat(e.get("DTMF-Source")).isEqualTo("RTP");
    }

    @Test
    void backgroundJobBodyIsTheInnerContentLength() throws Exception {
        String job = """
                Event-Name: BACKGROUND_JOB
                Event-Calling-File: mod_event_socket.c
                Event-Calling-Function: api_exec
                Job-UUID: 7f4db78a-17d7-11dd-b7a0-db4edd065621
                Job-Command: originate
                Job-Command-Arg: %7Borigination_caller_id_number%3D15550001111%7Dsofia/gateway/carrier/15551234567%20%26park()
                Content-Length: 41

                +OK 0d3c1a2e-aaaa-bbbb-cccc-123456789abc
                """;
        EslEvent e = EslCodec.parseEvent(EslCodec.readFrame(wire(eventFrame(job))).body());
        assertThat(e.get("Job-UUID")).isEqualTo("7f4db78a-17d7-11dd-b7a0-db4edd065621");
        assertThat(e.get("Job-Command-Arg"))
                .isEqualTo("{origination_caller_id_number=15550001111}sofia/gateway/carrier/15551234567 &park()");
        assertThat(e.get("Content-Length")).isNull();
        assertThat(e.body()).isEqualTo("+OK 0d3c1a2e-aaaa-bbbb-cccc-123456789abc\n");
    }

    @Test
    void messageEventBodyMayHoldLineBreaks() throws Exception {
        String body = "line one\nline two: #1\n";
        String msg = "Event-Name: MESSAGE\nproto: sip\nfrom_user: %2B14155550100\nto_user: 14155550199\n"
                + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body;
        EslEvent e = EslCodec.parseEvent(EslCodec.readFrame(wire(eventFrame(msg))).body());
        assertThat(e.get("from_user")).isEqualTo("+14155550100");
        assertThat(e.body()).isEqualTo(body);
    }

    @Test
    void disconnectNoticesWithAndWithoutSessionAndLinger() throws Exception {
        String goodbye = "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
        assertThat(goodbye.getBytes(StandardCharsets.UTF_8)).hasSize(67);
        InputStream in = wire("Content-Type: text/disconnect-notice\nContent-Length: 67\n\n" + goodbye
                + "Content-Type: text/disconnect-notice\nControlled-Session-UUID: 4192e98c-e569-11e7-b747-73bec77e82ec\n"
                + "Content-Disposition: linger\nChannel-Name: sofia/internal/1000@192.168.1.146:5060\n"
                + "Linger-Time: -1\nContent-Length: 0\n\n"
                + "Content-Type: text/disconnect-notice\nControlled-Session-UUID: 4192e98c-e569-11e7-b747-73bec77e82ec\n"
                + "Content-Disposition: disconnect\nContent-Length: 67\n\n" + goodbye);
        EslFrame plain = EslCodec.readFrame(in);
        assertThat(plain.contentType()).isEqualTo("text/disconnect-notice");
        assertThat(plain.bodyText()).isEqualTo(goodbye);
        EslFrame linger = EslCodec.readFrame(in);
        assertThat(linger.header("Content-Disposition")).isEqualTo("linger");
        assertThat(linger.header("Channel-Name")).isEqualTo("sofia/internal/1000@192.168.1.146:5060");
        assertThat(linger.body()).isEmpty();
        EslFrame withSession = EslCodec.readFrame(in);
        assertThat(withSession.header("Controlled-Session-UUID")).isEqualTo("4192e98c-e569-11e7-b747-73bec77e82ec");
        assertThat(withSession.bodyText()).isEqualTo(goodbye);
    }

    @Test
    void rudeRejection() throws Exception {
        EslFrame f = EslCodec.readFrame(wire("Content-Type: text/rude-rejection\nContent-Length: 24\n\n"
                + "Access Denied, go away.\n"));
        assertThat(f.contentType()).isEqualTo("text/rude-rejection");
        assertThat(f.bodyText()).isEqualTo("Access Denied, go away.\n");
    }

    @Test
    void carriageReturnsAreTolerated() throws Exception {
        EslFrame f = EslCodec.readFrame(wire("\r\nContent-Type: api/response\r\nContent-Length: 5\r\n\r\ntrue\n"));
        assertThat(f.contentType()).isEqualTo("api/response");
        assertThat(f.bodyText()).isEqualTo("true\n");
    }

    @Test
    void oversizedOrBrokenContentLengthIsAProtocolError() {
        assertThatThrownBy(() -> EslCodec.readFrame(wire("Content-Type: api/response\nContent-Length: "
                + (EslCodec.MAX_BODY + 1) + "\n\n")))
                .isInstanceOfSatisfying(EslException.class, e -> assertThat(e.kind()).isEqualTo(EslException.Kind.PROTOCOL))
                .hasMessageContaining("16777217");
        assertThatThrownBy(() -> EslCodec.readFrame(wire("Content-Length: many\n\n")))
                .isInstanceOf(EslException.class).hasMessageContaining("many");
        assertThatThrownBy(() -> EslCodec.readFrame(wire("Content-Type: api/response\nContent-Length: 10\n\nabc")))
                .isInstanceOf(EOFException.class).hasMessageContaining("3 of 10");
        assertThatThrownBy(() -> EslCodec.readFrame(wire("Content-Type: api/resp")))
                .isInstanceOf(EOFException.class);
    }

    @Test
    void commandsWithHeadersAndBodyRoundTrip() throws Exception {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("call-command", "execute");
        headers.put("execute-app-name", "speak");
        headers.put("event-lock", "true");
        headers.put("Event-UUID", "0b9f6a3e-0000-4000-8000-000000000002");
        headers.put("Content-Type", "text/plain");
        String arg = "flite|kal|Press 1\nfor sales: #";
        byte[] bytes = EslCodec.command("sendmsg 4967ceb1-c6f9-4af9-9855-df323d6763ad", headers, arg);
        String expectedHead = """
                sendmsg 4967ceb1-c6f9-4af9-9855-df323d6763ad
                call-command: execute
                execute-app-name: speak
                event-lock: true
                Event-UUID: 0b9f6a3e-0000-4000-8000-000000000002
                Content-Type: text/plain
                Content-Length: 30

                """;
        assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(expectedHead + arg);

        EslFrame back = EslCodec.readCommand(new ByteArrayInputStream(bytes));
        assertThat(back.command()).isEqualTo("sendmsg 4967ceb1-c6f9-4af9-9855-df323d6763ad");
        assertThat(back.header("execute-app-name")).isEqualTo("speak");
        assertThat(back.bodyText()).isEqualTo(arg);

        assertThat(new String(EslCodec.command("auth ClueCon", Map.of(), null), StandardCharsets.UTF_8))
                .isEqualTo("auth ClueCon\n\n");
        assertThatThrownBy(() -> EslCodec.command("api chat sip|a|b|two\nlines", Map.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one line");
    }

    @Test
    void urlEncodingIsFreeSwitchsUnsafeSet() {
        assertThat(EslCodec.urlEncode("#")).isEqualTo("%23");
        assertThat(EslCodec.urlEncode("+13055550100")).isEqualTo("%2B13055550100");
        assertThat(EslCodec.urlEncode("sofia/internal/1001@192.168.56.120:5081"))
                .isEqualTo("sofia/internal/1001%40192.168.56.120%3A5081");
        assertThat(EslCodec.urlEncode("2023-12-22 10:12:32")).isEqualTo("2023-12-22%2010%3A12%3A32");
        assertThat(EslCodec.urlEncode("*9,a=b&c")).isEqualTo("*9,a%3Db%26c");
        assertThat(EslCodec.urlEncode("+OK\n")).isEqualTo("%2BOK%0A");
        assertThat(EslCodec.urlEncode("{}[]|\"`^\\<>?;%\t\u007f")).isEqualTo("%7B%7D%5B%5D%7C%22%60%5E%5C%3C%3E%3F%3B%25%09%7F");
        assertThat(EslCodec.urlEncode("Zoë")).isEqualTo("Zoë");
    }

    @Test
    void urlDecodingIsNotFormDecoding() {
        assertThat(EslCodec.urlDecode("%23")).isEqualTo("#");
        assertThat(EslCodec.urlDecode("%2BOK%0A")).isEqualTo("+OK\n");
        assertThat(EslCodec.urlDecode("a+b")).isEqualTo("a+b");
        assertThat(EslCodec.urlDecode("100%")).isEqualTo("100%");
        assertThat(EslCodec.urlDecode("%zz%4")).isEqualTo("%zz%4");
        assertThat(EslCodec.urlDecode("Zo%C3%AB")).isEqualTo("Zoë");
        for (String s : List.of("#", "+1 (415) 555-0100", "a@b:c;d", "Zoë *&=?", "\r\n")) {
            assertThat(EslCodec.urlDecode(EslCodec.urlEncode(s))).isEqualTo(s);
        }
    }
}
