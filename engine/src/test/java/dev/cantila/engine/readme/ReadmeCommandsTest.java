package dev.cantila.engine.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How README blocks become commands: as bash reads them, only under the named headings. */
class ReadmeCommandsTest {
    @TempDir
    Path dir;

    @Test
    void blocksUnderTheHeadingsSplitAsBashReadsThem() throws IOException {
        Path readme = Files.writeString(dir.resolve("README.md"), """
                # Title

                    echo not in a section

                ## Tour

                Text.

                    A=1; echo "$A"
                    curl -s -X POST x \\
                         -d '{"a":1}'
                    curl -s -d "{\\"list\\":[
                         1,
                         2]}"            # an open quote continues
                    cat > f.js <<'JS'
                    export const x = 1;

                    JS

                1. A step:

                        mkdir -p d && cd d
                   more text of the step, not code

                ## Other

                    echo other section
                """);

        List<ReadmeCommands.Command> commands = ReadmeCommands.of(readme, List.of("Tour"));

        assertThat(commands).extracting(ReadmeCommands.Command::text).containsExactly(
                "A=1; echo \"$A\"",
                "curl -s -X POST x \\\n     -d '{\"a\":1}'",
                "curl -s -d \"{\\\"list\\\":[\n     1,\n     2]}\"            # an open quote continues",
                "cat > f.js <<'JS'\nexport const x = 1;\n\nJS",
                "mkdir -p d && cd d");
        assertThat(commands).allMatch(c -> c.section().equals("Tour"));
    }
}
