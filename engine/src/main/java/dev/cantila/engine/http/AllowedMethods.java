package dev.cantila.engine.http;

import io.helidon.common.uri.UriPath;
import io.helidon.http.PathMatcher;
import io.helidon.http.PathMatchers;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which methods each path of the API takes, recorded from the services' own {@code routing(HttpRules)}, so that a
 * request whose path exists for other methods is a 405 naming them (see {@link ErrorMapping}), not a 404. Built
 * once at start-up; read-only after.
 */
public final class AllowedMethods {
    private static final Set<String> VERBS = Set.of("get", "post", "put", "patch", "delete");

    private record Route(String method, PathMatcher path) {
    }

    private final List<Route> routes;

    private AllowedMethods(List<Route> routes) {
        this.routes = List.copyOf(routes);
    }

    /** The routes of the services, by the prefix they are mounted under. */
    public static AllowedMethods of(Map<String, List<HttpService>> servicesByPrefix) {
        List<Route> routes = new ArrayList<>();
        servicesByPrefix.forEach((prefix, services) -> services.forEach(s -> s.routing(recorder(prefix, routes))));
        return new AllowedMethods(routes);
    }

    /** The methods that {@code path} takes, sorted; empty for a path no route has. */
    public Set<String> of(UriPath path) {
        Set<String> out = new TreeSet<>();
        for (Route r : routes) {
            if (r.path().match(path).accepted()) {
                out.add(r.method());
            }
        }
        return out;
    }

    private static HttpRules recorder(String prefix, List<Route> into) {
        return (HttpRules) Proxy.newProxyInstance(HttpRules.class.getClassLoader(), new Class<?>[] {HttpRules.class},
                (proxy, method, args) -> {
                    if (VERBS.contains(method.getName()) && args != null && args.length == 2
                            && args[0] instanceof String path) {
                        into.add(new Route(method.getName().toUpperCase(Locale.ROOT),
                                PathMatchers.create(path.equals("/") ? prefix : prefix + path)));
                    }
                    return proxy;
                });
    }
}
