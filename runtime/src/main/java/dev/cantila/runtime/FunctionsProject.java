package dev.cantila.runtime;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Source;

/**
 * A Twilio Functions project, validated and ready to run; only {@link ScriptRuntime#compileFunctions} makes one.
 * Its files, as Twilio lays them out: {@code functions/**}{@code /*.js} (each reachable at its path without the
 * extension, {@code functions/ivr/menu.js} at {@code /ivr/menu}; {@code .protected.js} likewise; {@code
 * .private.js} only through {@code Runtime.getFunctions()} and {@code require}), {@code assets/**} (text, opened with
 * {@code Runtime.getAssets()[key].open()}; {@code .private} ones are not public either) and an optional {@code .env}
 * ({@code KEY=value} lines, in {@code context}). Immutable; shareable across threads.
 */
public final class FunctionsProject {
    /** At most this many files in a project. */
    public static final int MAX_FILES = 100;
    /** A file's path: segments of letters, digits, {@code . _ -}, joined by {@code /}, at most 200 characters. */
    public static final int MAX_PATH = 200;
    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
    private static final Pattern ENV_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The CommonJS wrapper, on the first line only, so line numbers stay the author's. */
    static final String PREFIX = "(function (exports, require, module, __filename, __dirname) {";

    /** One function file: its path in the project, its name in getFunctions(), its URL path, its visibility. */
    public record Function(String file, String name, String path, String visibility) {
    }

    /** One asset: its path in the project, its key in getAssets() ({@code /x.txt}), visibility and text. */
    public record Asset(String file, String key, String visibility, String text) {
    }

    private final String scriptId;
    private final String contentHash;
    private final List<Function> functions;
    private final List<Asset> assets;
    private final Map<String, String> env;
    private final Map<String, Source> sources;

    FunctionsProject(String scriptId, String contentHash, Layout layout, Map<String, Source> sources) {
        this.scriptId = scriptId;
        this.contentHash = contentHash;
        this.functions = layout.functions;
        this.assets = layout.assets;
        this.env = layout.env;
        this.sources = Map.copyOf(sources);
    }

    public String scriptId() {
        return scriptId;
    }

    /** Hex SHA-256 over every file (path and content, in path order). */
    public String contentHash() {
        return contentHash;
    }

    public List<Function> functions() {
        return functions;
    }

    public List<Asset> assets() {
        return assets;
    }

    /** The {@code .env} variables. */
    public Map<String, String> env() {
        return env;
    }

    /** The function reachable at {@code path} ({@code /hello}); private functions are not. */
    public Optional<Function> route(String path) {
        return functions.stream().filter(f -> f.path().equals(path) && !f.visibility().equals("private")).findFirst();
    }

    Map<String, Source> sources() {
        return sources;
    }

    /** Hex SHA-256 over the files: each path and content, length-prefixed, in path order. */
    public static String hash(Map<String, String> files) {
        StringBuilder b = new StringBuilder();
        new TreeMap<>(files).forEach((path, text) -> b.append(path.length()).append(':').append(path)
                .append(text.length()).append(':').append(text));
        return ContentHash.sha256(b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The files sorted into functions, assets and .env; refuses what Twilio would not deploy, naming the file. */
    static Layout layout(Map<String, String> files) {
        if (files.isEmpty() || files.size() > MAX_FILES) {
            throw new ScriptCompileException("files", 0, 0, "a Functions project has 1-" + MAX_FILES + " files, got "
                    + files.size());
        }
        long bytes = 0;
        List<Function> functions = new ArrayList<>();
        List<Asset> assets = new ArrayList<>();
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(files).entrySet()) {
            String file = e.getKey();
            bytes += e.getValue().getBytes(StandardCharsets.UTF_8).length;
            if (file.length() > MAX_PATH || !PATH.matcher(file).matches()
                    || List.of(file.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
                throw new ScriptCompileException(file, 0, 0, "a file path is 1-" + MAX_PATH + " characters of letters,"
                        + " digits, '.', '_', '-' in segments joined by '/' (no '.' or '..' segment)");
            }
            if (file.equals(".env")) {
                env.putAll(env(e.getValue()));
            } else if (file.startsWith("functions/") && file.endsWith(".js")) {
                String rel = file.substring("functions/".length(), file.length() - ".js".length());
                String visibility = rel.endsWith(".private") ? "private" : rel.endsWith(".protected") ? "protected"
                        : "public";
                String name = visibility.equals("public") ? rel : rel.substring(0, rel.lastIndexOf('.'));
                functions.add(new Function(file, name, "/" + name, visibility));
            } else if (file.startsWith("assets/")) {
                String rel = file.substring("assets/".length());
                boolean hidden = rel.contains(".private.") || rel.endsWith(".private");
                String key = "/" + rel.replace(".private.", ".").replaceAll("\\.private$", "");
                assets.add(new Asset(file, key, hidden ? "private" : "public", e.getValue()));
            } else {
                throw new ScriptCompileException(file, 0, 0, "a Functions project holds functions/**/*.js,"
                        + " assets/** and .env; not " + file);
            }
        }
        if (bytes > ScriptRuntime.MAX_SOURCE_BYTES) {
            throw new ScriptCompileException("files", 0, 0, "the project is " + bytes + " bytes; the limit is "
                    + ScriptRuntime.MAX_SOURCE_BYTES);
        }
        if (functions.isEmpty()) {
            throw new ScriptCompileException("files", 0, 0, "a Functions project needs at least one functions/**/*.js");
        }
        return new Layout(List.copyOf(functions), List.copyOf(assets), Map.copyOf(env));
    }

    /** {@code KEY=value} lines; {@code #} comments and blank lines skipped; one pair of quotes around a value dropped. */
    static Map<String, String> env(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? "" : line.substring(0, eq).strip();
            if (key.startsWith("export ")) {
                key = key.substring("export ".length()).strip();
            }
            if (!ENV_KEY.matcher(key).matches()) {
                throw new ScriptCompileException(".env", i + 1, 1, "expected KEY=value, got '" + line + "'");
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1);
            }
            out.put(key, value);
        }
        return out;
    }

    /** The CommonJS-wrapped source of a function file, named by its path so errors point into it. */
    static Source source(String file, String text) {
        return Source.newBuilder("js", PREFIX + text + "\n})", file).cached(true).buildLiteral();
    }

    record Layout(List<Function> functions, List<Asset> assets, Map<String, String> env) {
    }
}
