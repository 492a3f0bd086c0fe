package dev.cantila.scripts.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A Twilio Functions project folder as the scripts API takes it: {@code functions/**}, {@code assets/**} and
 * {@code .env}, each file by its path relative to the folder ({@code /}-separated). Everything else a Twilio
 * Serverless project holds ({@code package.json}, {@code node_modules}, {@code .twilioserverlessrc}, tests) is left
 * out, and so is an asset that is not UTF-8 text (audio, images: Cantila stores text assets only); both are listed.
 */
public final class FunctionsFolder {
    /** The files to upload (path → text) and the files left out, with why. */
    public record Contents(Map<String, String> files, List<String> skipped) {
    }

    private FunctionsFolder() {
    }

    public static Contents read(Path folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        List<String> skipped = new ArrayList<>();
        Path env = folder.resolve(".env");
        if (Files.isRegularFile(env)) {
            files.put(".env", Files.readString(env));
        }
        for (String dir : List.of("functions", "assets")) {
            Path root = folder.resolve(dir);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    String rel = folder.relativize(p).toString().replace('\\', '/');
                    if (dir.equals("functions") && !rel.endsWith(".js")) {
                        skipped.add(rel + " (only .js files run as functions)");
                        continue;
                    }
                    String text = utf8(Files.readAllBytes(p));
                    if (text == null) {
                        skipped.add(rel + " (not UTF-8 text: host media elsewhere and <Play> its URL)");
                    } else {
                        files.put(rel, text);
                    }
                }
            }
        }
        return new Contents(files, skipped);
    }

    /** The text of {@code bytes}, or null when they are not text: not UTF-8, or holding a NUL (binary formats do). */
    private static String utf8(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
