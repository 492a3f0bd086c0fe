package dev.cantila.webhooks.outbound;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * IP address literals and the special-purpose ranges (IANA IPv4/IPv6 special-purpose registries) that are not the
 * public internet. Pure functions, no DNS: {@link #literal} only ever parses text.
 */
final class Addresses {
    /** A range of addresses with what it is, for messages. */
    record Range(byte[] prefix, int bits, String what) {
        static Range of(String cidr, String what) {
            int slash = cidr.indexOf('/');
            byte[] address = parseStrict(cidr.substring(0, slash)).getAddress();
            return new Range(address, Integer.parseInt(cidr.substring(slash + 1)), what);
        }

        boolean contains(InetAddress a) {
            byte[] b = a.getAddress();
            if (b.length != prefix.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (b[i] != prefix[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            return rest == 0 || ((b[whole] ^ prefix[whole]) & (0xff << (8 - rest)) & 0xff) == 0;
        }
    }

    private static final List<Range> V4 = List.of(
            Range.of("0.0.0.0/8", "an unspecified ('this network') address"),
            Range.of("10.0.0.0/8", "a private address (10/8)"),
            Range.of("100.64.0.0/10", "a carrier-grade NAT address (100.64/10)"),
            Range.of("127.0.0.0/8", "a loopback address"),
            Range.of("169.254.0.0/16", "a link-local address (cloud metadata lives there)"),
            Range.of("172.16.0.0/12", "a private address (172.16/12)"),
            Range.of("192.0.0.0/24", "an IETF protocol address (192.0.0/24)"),
            Range.of("192.0.2.0/24", "a documentation address"),
            Range.of("192.88.99.0/24", "a 6to4 relay address"),
            Range.of("192.168.0.0/16", "a private address (192.168/16)"),
            Range.of("198.18.0.0/15", "a benchmarking address"),
            Range.of("198.51.100.0/24", "a documentation address"),
            Range.of("203.0.113.0/24", "a documentation address"),
            Range.of("224.0.0.0/4", "a multicast address"),
            Range.of("240.0.0.0/4", "a reserved or broadcast address"));
    private static final List<Range> V6 = List.of(
            Range.of("::/128", "an unspecified address"),
            Range.of("::1/128", "a loopback address"),
            Range.of("100::/64", "a discard-only address"),
            Range.of("2001::/32", "a Teredo tunnel address"),
            Range.of("2001:db8::/32", "a documentation address"),
            Range.of("fc00::/7", "a unique-local (private) address"),
            Range.of("fe80::/10", "a link-local address"),
            Range.of("fec0::/10", "a site-local (private) address"),
            Range.of("ff00::/8", "a multicast address"),
            Range.of("64:ff9b:1::/48", "a local-use NAT64 address"));
    /** IPv6 ranges that carry an IPv4 address: the embedded address decides. */
    private static final Range MAPPED = Range.of("::ffff:0:0/96", "");
    private static final Range COMPATIBLE = Range.of("::/96", "");
    private static final Range NAT64 = Range.of("64:ff9b::/96", "");
    private static final Range SIX_TO_FOUR = Range.of("2002::/16", "");

    private Addresses() {
    }

    /**
     * What {@code a} is when it is not a public internet address ("a loopback address"), or empty when it is one.
     * IPv4 inside IPv6 (mapped, compatible, NAT64, 6to4) is judged by the IPv4 address it carries.
     */
    static Optional<String> special(InetAddress a) {
        if (a instanceof Inet6Address) {
            Optional<InetAddress> inner = embeddedV4(a);
            if (inner.isPresent()) {
                return special(inner.get()).map(what -> what + " inside an IPv6 address");
            }
        }
        for (Range r : a instanceof Inet4Address ? V4 : V6) {
            if (r.contains(a)) {
                return Optional.of(r.what());
            }
        }
        return Optional.empty();
    }

    /** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64 or 6to4); IPv4 itself is returned as is. */
    static Optional<InetAddress> embeddedV4(InetAddress a) {
        byte[] b = a.getAddress();
        int at;
        if (b.length == 4) {
            return Optional.of(a);
        } else if (MAPPED.contains(a) || NAT64.contains(a)) {
            at = 12;
        } else if (COMPATIBLE.contains(a) && !V6.get(0).contains(a) && !V6.get(1).contains(a)) {
            at = 12;
        } else if (SIX_TO_FOUR.contains(a)) {
            at = 2;
        } else {
            return Optional.empty();
        }
        byte[] v4 = new byte[]{b[at], b[at + 1], b[at + 2], b[at + 3]};
        try {
            return Optional.of(InetAddress.getByAddress(v4));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The address {@code host} spells, if it is an IP literal in any form a resolver accepts: IPv6 (with or
     * without brackets), dotted IPv4 with one to four parts each in decimal, octal ({@code 0177}) or hex
     * ({@code 0x7f}) — so {@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1} and {@code 127.1} are all
     * 127.0.0.1. Empty for a host name. A name that is numeric but no valid address ({@code 1.2.3.4.5},
     * {@code 256.1.1.1}) throws {@link IllegalArgumentException}: resolvers disagree on those.
     */
    static Optional<InetAddress> literal(String host) {
        String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.indexOf(':') >= 0) {
            return Optional.of(parseStrict(h));
        }
        String[] parts = h.split("\\.", -1);
        String last = parts[parts.length - 1].toLowerCase(Locale.ROOT);
        if (!last.matches("0x[0-9a-f]*|[0-9]+")) {
            return Optional.empty();
        }
        if (parts.length > 4) {
            throw new IllegalArgumentException("'" + host + "' is numeric but not an IPv4 address");
        }
        long value = 0;
        for (int i = 0; i < parts.length; i++) {
            long part = number(parts[i], host);
            int width = i == parts.length - 1 ? 4 - i : 1;
            if (part >= 1L << (8 * width)) {
                throw new IllegalArgumentException("'" + host + "' is numeric but not an IPv4 address");
            }
            value = (value << (8 * width)) | part;
        }
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return Optional.of(InetAddress.getByAddress(b));
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long number(String part, String host) {
        String p = part.toLowerCase(Locale.ROOT);
        try {
            BigInteger n;
            if (p.startsWith("0x")) {
                n = p.length() == 2 ? BigInteger.ZERO : new BigInteger(p.substring(2), 16);
            } else if (p.length() > 1 && p.startsWith("0")) {
                n = new BigInteger(p.substring(1), 8);
            } else {
                n = new BigInteger(p, 10);
            }
            if (n.bitLength() > 32) {
                throw new NumberFormatException();
            }
            return n.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + host + "' is numeric but not an IPv4 address", e);
        }
    }

    /** An IPv6 or dotted-quad literal (no DNS: anything else is an error). */
    static InetAddress parseStrict(String literal) {
        if (!literal.matches("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*(%[0-9A-Za-z_.-]+)?|\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address");
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
        }
    }
}
