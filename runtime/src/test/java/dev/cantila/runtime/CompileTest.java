package dev.cantila.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class CompileTest {
    private static final ScriptRuntime RUNTIME = Scripts.runtime();

    @AfterAll
    static void close() {
        RUNTIME.close();
    }

    private static ScriptCompileException refused(String source) {
        return catchThrowableOfType(ScriptCompileException.class, () -> RUNTIME.compile("c", "handler.mjs", source));
    }

    @Test
    void aSyntaxErrorCarriesLineAndColumn() {
        ScriptCompileException e = refused("""
                export function onSms(sms, ctx) {
                  const x = ;
                }
                """);

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.column()).isEqualTo(13);
        assertThat(e.fileName()).isEqualTo("handler.mjs");
        assertThat(e.message()).containsIgnoringCase("expected");
        assertThat(e.getMessage()).startsWith("handler.mjs:2:13: ");
    }

    @Test
    void aModuleWithoutHandlersIsRefused() {
        assertThat(refused("export const x = 1;").message()).isEqualTo("the module exports neither onSms nor onCall");
        assertThat(refused("export const onSms = 42;").message()).isEqualTo("the module exports neither onSms nor onCall");
    }

    @Test
    void aScriptOver256KbIsRefused() {
        String big = "export function onSms() {}\n//" + "x".repeat(256 * 1024);

        assertThat(refused(big).message()).isEqualTo("script is 262173 bytes; the limit is 262144");
    }

    @Test
    void bothExportsAreReported() {
        CompiledScript script = RUNTIME.compile("both", "both.mjs",
                "export function onSms() {}\nexport async function onCall() {}");

        assertThat(script.handlers()).containsExactlyInAnyOrder(Handler.SMS, Handler.CALL);
        assertThat(script.contentHash()).hasSize(64);
    }

    @Test
    void theSameTextIsParsedOnce() {
        CompiledScript first = RUNTIME.compile("same", "h.mjs", "export function onSms() {}");
        CompiledScript second = RUNTIME.compile("same", "h.mjs", "export function onSms() {}");

        assertThat(second).isSameAs(first);
    }

    @Test
    void aThrowingTopLevelIsRefusedWithItsLocation() {
        ScriptCompileException e = refused("""
                export function onSms() {}
                null.boom;
                """);

        assertThat(e.message()).startsWith("module top level failed: TypeError");
        assertThat(e.line()).isEqualTo(2);
    }

    @Test
    void aLoopingTopLevelIsStopped() {
        ScriptCompileException e = refused("export function onSms() {}\nwhile (true) {}");

        // whichever limit comes first: the statement limit on a quiet machine, the wall clock at load 16 on 2 cores
        assertThat(e.message()).matches("module top level stopped: (statement|wall-clock) limit exceeded.*");
    }

    @Test
    void aStaticImportOfAnotherModuleIsRefused() {
        ScriptCompileException e = refused("""
                import { readFileSync } from 'fs';
                export function onSms() {}
                """);

        assertThat(e.message()).contains("not allowed");
    }
}
