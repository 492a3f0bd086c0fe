package dev.cantila.webhooks.outbound;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs Cantila may call for a user: the one SSRF policy of the engine and of the webhooks module.
 * <p>
 * A target must be {@code http} or {@code https}, without credentials, on a public internet address. Refused:
 * loopback, private (10/8, 172.16/12, 192.168/16, fc00::/7), link-local (169.254/16 — where cloud metadata
 * answers — and fe80::/10), carrier-grade NAT, unspecified, multicast, reserved and documentation ranges, IPv4
 * carried in IPv6 ({@code ::ffff:127.0.0.1}) when the IPv4 address is refused, IPv4 in any spelling a resolver
 * accepts ({@code 2130706433}, {@code 0177.0.0.1}, {@code 0x7f.1}), and names that are local by definition
 * ({@code localhost} and {@code *.localhost}, {@code *.local}, {@code *.internal} such as
 * {@code metadata.google.internal}, {@code *.home.arpa}, single-label names that the resolver's search list
 * would complete to an internal host).
 * <p>
 * It is applied twice: {@link #refusal} when a URL is registered (a 400 naming the field; no DNS, so the answer
 * is immediate and a name may still turn out private), and {@link #resolve} for every request, which resolves
 * the name once and checks every address it has; the caller connects to one of those addresses and never
 * resolves again, so a DNS answer that changes between check and connect (rebinding) gains nothing.
 * <p>
 * The operator's allow-list ({@code cantila.http.allow-private}) lets a self-hosted install reach private
 * targets: CIDR ranges or single addresses ({@code 10.1.0.0/16}, {@code 127.0.0.1}) allow those addresses;
 * host names ({@code hooks.corp.example}, or {@code *.corp.example} for its subdomains) allow that name whatever
 * it resolves to. Immutable and thread-safe.
 */
public final class TargetPolicy {
    /** The setting that holds the allow-list, for messages. */
    public static final String SETTING = "cantila.http.allow-private";
    private static final List<String> LOCAL_SUFFIXES = List.of(".localhost", ".local", ".localdomain",
            ".internal", ".arpa");

    /** Turns a host name into its addresses; {@link #SYSTEM} is the JVM's resolver. */
    @FunctionalInterface
    public interface Resolver {
        Resolver SYSTEM = InetAddress::getAllByName;

        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** A request refused by the policy at connect time (what the name resolved to, and why). */
    public static final class RefusedException extends IOException {
        RefusedException(String message) {
            super(message);
        }
    }

    private final List<Addresses.Range> allowedRanges;
    private final List<String> allowedNames;
    private final List<String> entries;
    private final Resolver resolver;

    private TargetPolicy(List<Addresses.Range> ranges, List<String> names, List<String> entries, Resolver resolver) {
        this.allowedRanges = ranges;
        this.allowedNames = names;
        this.entries = entries;
        this.resolver = resolver;
    }

    /** Public internet only, the system resolver. */
    public static TargetPolicy strict() {
        return allowing(List.of());
    }

    /**
     * Public internet plus {@code entries}: CIDRs, addresses, host names or {@code *.}suffixes.
     *
     * @throws IllegalArgumentException naming the first entry that is none of these
     */
    public static TargetPolicy allowing(Collection<String> entries) {
        List<Addresses.Range> ranges = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (String raw : entries) {
            String e = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            kept.add(e);
            if (e.matches("(\\*\\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\\.?")
                    && !e.matches("[0-9.]+")) {
                names.add(name(e));
                continue;
            }
            ranges.add(range(e));
        }
        return new TargetPolicy(List.copyOf(ranges), List.copyOf(names), List.copyOf(kept), Resolver.SYSTEM);
    }

    private static Addresses.Range range(String entry) {
        int slash = entry.indexOf('/');
        String address = slash < 0 ? entry : entry.substring(0, slash);
        try {
            InetAddress a = Addresses.parseStrict(address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1) : address);
            int max = a.getAddress().length * 8;
            int bits = slash < 0 ? max : Integer.parseInt(entry.substring(slash + 1));
            if (bits < 0 || bits > max) {
                throw new IllegalArgumentException("the prefix length must be 0-" + max);
            }
            return new Addresses.Range(a.getAddress(), bits, "allowed by " + SETTING);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + entry + "' is not a CIDR range (10.0.0.0/8, fd00::/8), an IP"
                    + " address or a host name (hooks.corp.example, *.corp.example)", e);
        }
    }

    /** The same allow-list with another resolver (tests resolve made-up names with it). */
    public TargetPolicy withResolver(Resolver other) {
        return new TargetPolicy(allowedRanges, allowedNames, entries, other);
    }

    /** The allow-list as given (lower-cased), for the start-up log. */
    public List<String> allowList() {
        return entries;
    }

    /**
     * Why {@code url} may not be registered as a target, as a phrase to follow the field name
     * ("points to a loopback address (127.0.0.1) …"), or empty when it may. Looks at the text only (no DNS).
     */
    public Optional<String> refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException | NullPointerException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return Optional.of("must be an absolute http:// or https:// URL");
        }
        if (uri.getRawUserInfo() != null) {
            return Optional.of("must not contain credentials (user:password@)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            return Optional.of("has no host (or a host that is not a plain name or IP address)");
        }
        String host = name(uri.getHost());
        if (allowedByName(host)) {
            return Optional.empty();
        }
        try {
            Optional<InetAddress> literal = Addresses.literal(host);
            if (literal.isPresent()) {
                return refused(literal.get()).map(why -> "points to " + uri.getHost() + ", " + why + hint());
            }
        } catch (IllegalArgumentException e) {
            return Optional.of("has a host that is neither a name nor a valid IP address (" + uri.getHost() + ")");
        }
        if (host.equals("localhost") || LOCAL_SUFFIXES.stream().anyMatch(host::endsWith)) {
            return Optional.of("points to " + uri.getHost() + ", a local host name" + hint());
        }
        if (host.indexOf('.') < 0) {
            return Optional.of("has a single-label host name (" + uri.getHost() + "); use a fully qualified name"
                    + hint());
        }
        return Optional.empty();
    }

    /**
     * Resolves {@code host} once and checks every address: all of them must be allowed, or the request is
     * refused. The caller connects to one of the returned addresses and does not resolve again.
     *
     * @throws RefusedException     when the URL's host or any of its addresses is refused
     * @throws UnknownHostException when the name does not resolve
     */
    public List<InetAddress> resolve(String host) throws IOException {
        String name = name(host);
        Optional<InetAddress> literal;
        try {
            literal = Addresses.literal(name);
        } catch (IllegalArgumentException e) {
            throw new RefusedException(e.getMessage());
        }
        boolean named = literal.isEmpty() && allowedByName(name);
        if (literal.isEmpty() && !named) {
            Optional<String> why = refusal("http://" + name + "/");
            if (why.isPresent()) {
                throw new RefusedException(host + " " + why.get());
            }
        }
        List<InetAddress> addresses = literal.isPresent() ? List.of(literal.get()) : List.of(resolver.resolve(name));
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host + " has no address");
        }
        if (named) {
            return addresses;
        }
        for (InetAddress a : addresses) {
            Optional<String> why = refused(a);
            if (why.isPresent()) {
                throw new RefusedException(host + " resolves to " + why.get() + " (" + a.getHostAddress() + ")"
                        + hint());
            }
        }
        return addresses;
    }

    private Optional<String> refused(InetAddress a) {
        Optional<String> why = Addresses.special(a);
        if (why.isEmpty()) {
            return why;
        }
        InetAddress plain = Addresses.embeddedV4(a).orElse(a);
        boolean allowed = allowedRanges.stream().anyMatch(r -> r.contains(a) || r.contains(plain));
        return allowed ? Optional.empty() : why;
    }

    private boolean allowedByName(String host) {
        for (String n : allowedNames) {
            if (n.startsWith("*.") ? host.endsWith(n.substring(1)) : host.equals(n)) {
                return true;
            }
        }
        return false;
    }

    private static String hint() {
        return ": Cantila only calls public internet addresses (an operator can allow private targets with "
                + SETTING + ")";
    }

    private static String name(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
