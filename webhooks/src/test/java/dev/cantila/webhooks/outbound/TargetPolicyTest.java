package dev.cantila.webhooks.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SSRF policy over every spelling of a non-public target, at registration and at connect time. */
class TargetPolicyTest {
    private final TargetPolicy strict = TargetPolicy.strict();

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1/", "http://127.0.0.1:8080/x", "http://127.255.255.254/", "http://[::1]/",
            "http://[0:0:0:0:0:0:0:1]:9/", "http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/",
            "http://10.255.255.255/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
            "http://[fd00::1]/", "http://[fc00::1]/", "http://[fdff:ffff::1]/", "http://[fe80::1]/",
            "http://[febf::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
            "http://[::ffff:169.254.169.254]/", "http://[::ffff:10.0.0.1]/", "http://[::127.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://[2002:7f00:1::]/", "http://2130706433/", "http://0177.0.0.1/",
            "http://0x7f.1/", "http://0x7f000001/", "http://127.1/", "http://017700000001/", "http://0/",
            "http://0.0.0.0/", "http://[::]/", "http://100.64.0.1/", "http://100.127.255.255/", "http://224.0.0.1/",
            "http://239.255.255.250/", "http://[ff02::1]/", "http://255.255.255.255/", "http://240.0.0.1/",
            "http://198.18.0.1/", "http://192.0.2.1/", "http://127.0.0.1./", "http://0xA9.0xFE.0xA9.0xFE/",
            "http://localhost/", "http://LOCALHOST:8080/", "http://localhost./", "http://api.localhost/",
            "http://metadata.google.internal/computeMetadata/v1/", "http://metadata/", "http://printer.local/",
            "http://host.localdomain/", "http://1.0.0.127.in-addr.arpa/", "http://intranet/",
            "http://1.2.3.4.5/", "http://256.0.0.1/", "http://999999999999/",
            "ftp://example.com/", "file:///etc/passwd", "gopher://example.com/", "//example.com/", "example.com",
            "http://user:pass@example.com/", "http://user@example.com/", "http:///nohost", "http://%31%32%37.0.0.1/",
    })
    void refusesNonPublicTargetsAtRegistration(String url) {
        assertThat(strict.refusal(url)).as(url).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "https://example.com/hook", "http://example.com:8080/a?b=c", "https://8.8.8.8/", "http://1.1.1.1/",
            "https://[2606:4700:4700::1111]/", "http://172.32.0.1/", "http://172.15.255.255/", "http://100.128.0.1/",
            "http://11.0.0.1/", "http://192.169.0.1/", "https://hooks.example.co.uk./x", "http://134744072/",
            "http://[::ffff:8.8.8.8]/", "http://[2002:808:808::]/",
    })
    void acceptsPublicTargets(String url) {
        assertThat(strict.refusal(url)).as(url).isEmpty();
    }

    @Test
    void theMessageSaysWhatTheTargetIsAndHowToAllowIt() {
        assertThat(strict.refusal("http://169.254.169.254/")).get().asString()
                .contains("link-local").contains("169.254.169.254").contains(TargetPolicy.SETTING);
        assertThat(strict.refusal("http://2130706433/")).get().asString().contains("loopback");
        assertThat(strict.refusal("http://[::ffff:10.0.0.1]/")).get().asString()
                .contains("private address (10/8)");
        assertThat(strict.refusal("http://[64:ff9b::a9fe:a9fe]/")).get().asString()
                .contains("link-local address (cloud metadata lives there) inside an IPv6 address");
        assertThat(strict.refusal("ftp://example.com/")).get().asString().contains("http:// or https://");
        assertThat(strict.refusal("http://u:p@example.com/")).get().asString().contains("credentials");
    }

    @Test
    void theAllowListOpensRangesAndNames() {
        TargetPolicy p = TargetPolicy.allowing(List.of("127.0.0.1", " 10.1.0.0/16 ", "fd00::/8", "hooks.corp",
                "*.lan.example"));
        assertThat(p.refusal("http://127.0.0.1:9/")).isEmpty();
        assertThat(p.refusal("http://[::ffff:127.0.0.1]:9/")).isEmpty();
        assertThat(p.refusal("http://127.0.0.2/")).isPresent();
        assertThat(p.refusal("http://10.1.200.3/")).isEmpty();
        assertThat(p.refusal("http://10.2.0.1/")).isPresent();
        assertThat(p.refusal("http://[fd12::3]/")).isEmpty();
        assertThat(p.refusal("http://[fe80::1]/")).isPresent();
        assertThat(p.refusal("http://hooks.corp/")).isEmpty();
        assertThat(p.refusal("http://a.b.lan.example/")).isEmpty();
        assertThat(p.refusal("http://169.254.169.254/")).isPresent();
        assertThat(p.allowList()).containsExactly("127.0.0.1", "10.1.0.0/16", "fd00::/8", "hooks.corp",
                "*.lan.example");
    }

    @Test
    void aBadAllowListEntryIsNamed() {
        assertThatThrownBy(() -> TargetPolicy.allowing(List.of("10.0.0.0/33")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'10.0.0.0/33'");
        assertThatThrownBy(() -> TargetPolicy.allowing(List.of("not a host!")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'not a host!'");
        assertThatThrownBy(() -> TargetPolicy.allowing(List.of("1.2.3/8")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'1.2.3/8'");
    }

    @Test
    void atConnectTimeEveryResolvedAddressIsChecked() throws Exception {
        TargetPolicy p = strict.withResolver(resolver(Map.of(
                "rebind.example", List.of("93.184.216.34", "127.0.0.1"),
                "meta.example", List.of("::ffff:169.254.169.254"),
                "public.example", List.of("93.184.216.34", "2606:2800:220:1::1"))));
        assertThatThrownBy(() -> p.resolve("rebind.example")).isInstanceOf(TargetPolicy.RefusedException.class)
                .hasMessageContaining("rebind.example resolves to a loopback address (127.0.0.1)");
        assertThatThrownBy(() -> p.resolve("meta.example")).isInstanceOf(TargetPolicy.RefusedException.class)
                .hasMessageContaining("link-local");
        assertThat(p.resolve("public.example")).extracting(InetAddress::getHostAddress)
                .containsExactly("93.184.216.34", "2606:2800:220:1:0:0:0:1");
        assertThatThrownBy(() -> p.resolve("localhost")).isInstanceOf(TargetPolicy.RefusedException.class);
        assertThatThrownBy(() -> p.resolve("0x7f.1")).isInstanceOf(TargetPolicy.RefusedException.class);
        assertThatThrownBy(() -> p.resolve("[::1]")).isInstanceOf(TargetPolicy.RefusedException.class);
        assertThatThrownBy(() -> p.resolve("nowhere.example")).isInstanceOf(UnknownHostException.class);
    }

    @Test
    void anAllowedNameMayResolveToAPrivateAddressAndAnAllowedRangeOpensOnlyItself() throws Exception {
        TargetPolicy p = TargetPolicy.allowing(List.of("hooks.corp", "127.0.0.1/32")).withResolver(resolver(Map.of(
                "hooks.corp", List.of("10.9.9.9"), "rebind.example", List.of("127.0.0.1", "10.0.0.1"))));
        assertThat(p.resolve("hooks.corp")).extracting(InetAddress::getHostAddress).containsExactly("10.9.9.9");
        assertThat(p.resolve("127.0.0.1")).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThatThrownBy(() -> p.resolve("rebind.example")).hasMessageContaining("10.0.0.1");
    }

    static TargetPolicy.Resolver resolver(Map<String, List<String>> names) {
        return host -> {
            List<String> addresses = names.get(host);
            if (addresses == null) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = InetAddress.getByName(addresses.get(i));
            }
            return out;
        };
    }
}
