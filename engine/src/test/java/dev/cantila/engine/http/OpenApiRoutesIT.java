package dev.cantila.engine.http;

import dev.cantila.engine.Main;
import dev.cantila.engine.testing.Api;
import dev.cantila.engine.testing.TestApps;
import dev.cantila.engine.testing.TestServer;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.Yaml;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written OpenAPI document must list exactly the routes that {@code Main.mounts} registers, and the
 * server must serve it at {@code /openapi}. Routes are recorded by running every service's {@code routing}
 * against a recording {@link HttpRules}, so a route added without documentation (or documented without
 * existing) fails here.
 */
class OpenApiRoutesIT {
    private static final Set<String> VERBS = Set.of("get", "post", "put", "patch", "delete");
    @RegisterExtension
    static final TestServer SERVER = TestServer.create();
    private final Api api = SERVER.operator().as(null);

    @Test
    void documentListsExactlyTheRegisteredRoutes() throws Exception {
        assertThat(documented()).isEqualTo(registered());
    }

    /**
     * The tenancy rule on every route that names a project or a held number: another project's key gets 403, before
     * anything else is looked at (so the route list cannot drift away from the rule).
     */
    @Test
    void everyProjectAndNumberRouteRefusesAnotherProjectsKey() throws Exception {
        Api operator = api.as(TestApps.OPERATOR_KEY);
        var victim = operator.post("/v1/projects", "{\"name\":\"victim\"}").json();
        String project = victim.get("id").asText();
        String number = operator.as(victim.get("apiKey").asText()).post("/v1/projects/" + project + "/sms/activate",
                "{\"country\":\"US\",\"numberType\":\"local\"}").text("/e164");
        Api intruder = api.as(operator.post("/v1/projects", "{\"name\":\"intruder\"}").text("/apiKey"));
        int checked = 0;
        for (String route : documented()) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            boolean projectRoute = path.startsWith("/v1/projects/{id}");
            boolean numberRoute = path.startsWith("/v1/numbers/{e164}");
            if (!projectRoute && !numberRoute) {
                continue;
            }
            String concrete = path.replace("{id}", project).replace("{e164}", number.substring(1))
                    .replace("{version}", "1").replaceAll("\\{\\w+}", "x");
            Api.Resp r = intruder.send(method, concrete, method.equals("GET") || method.equals("DELETE") ? null : "{}",
                    Map.of());
            assertThat(r.status()).as(route + " -> " + r.body()).isEqualTo(403);
            checked++;
        }
        assertThat(checked).isGreaterThan(40);
    }

    @Test
    void documentIsServedWithoutAKey() {
        Api.Resp r = api.get("/openapi");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).startsWith("openapi: 3.");
    }

    private static Set<String> registered() {
        Set<String> routes = new TreeSet<>();
        for (Main.Mount m : Main.mounts(SERVER.app())) {
            if (m.prefix().equals("/openapi")) {
                continue;
            }
            for (HttpService s : m.services()) {
                s.routing(recorder(m.prefix(), routes));
            }
        }
        return routes;
    }

    private static HttpRules recorder(String prefix, Set<String> into) {
        return (HttpRules) Proxy.newProxyInstance(HttpRules.class.getClassLoader(), new Class<?>[]{HttpRules.class},
                (proxy, method, args) -> {
                    if (!VERBS.contains(method.getName()) || args.length != 2 || !(args[0] instanceof String path)) {
                        throw new AssertionError("services must declare routes as verb(path, handler): " + method);
                    }
                    String full = (prefix + (path.equals("/") ? "" : path)).replaceAll("\\{(\\w+)(:[^}]*)?}", "{$1}");
                    into.add(method.getName().toUpperCase() + " " + full);
                    return proxy;
                });
    }

    @SuppressWarnings("unchecked")
    private static Set<String> documented() throws Exception {
        Set<String> routes = new TreeSet<>();
        try (InputStream in = OpenApiRoutesIT.class.getResourceAsStream("/openapi.yaml")) {
            Map<String, Object> doc = new Yaml().load(in);
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) doc.get("paths");
            paths.forEach((path, ops) -> ops.keySet().stream().filter(VERBS::contains)
                    .forEach(verb -> routes.add(verb.toUpperCase() + " " + path)));
        }
        return routes;
    }
}
