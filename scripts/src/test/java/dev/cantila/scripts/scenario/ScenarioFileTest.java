package dev.cantila.scripts.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ScenarioFileTest {

    @Test
    void readsFixturesAndEveryKindOfStep() {
        Scenario s = ScenarioFile.parse("t.yaml", """
                name: menu
                from: "+14155550123"
                to: "+14155550100"
                time: "2026-11-30T10:00:00-05:00"
                env: {OPEN: "9-17"}
                kv: {visits: 3, last: {at: "mon", ok: true}, tags: [a, 1.5]}
                templates: {hi: "Hi {{name}}"}
                optedOut: ["+14155550999"]
                steps:
                  - sms: hours
                  - sms: {from: "+14155550111", body: "yo"}
                  - call: {}
                  - press: "1#"
                  - advance: 1.5s
                  - forward-answers: {outcome: answered, talk: 2m}
                  - hangup
                  - expect: {reply: /open/i}
                  - expect: {reply: {to: "+14155550123", body: open}}
                  - expect: nothing
                  - expect: {kv: {visits: 4}}
                """);
        assertThat(s.name()).isEqualTo("menu");
        assertThat(s.time()).isEqualTo(Instant.parse("2026-11-30T15:00:00Z"));
        assertThat(s.kvJson()).containsEntry("visits", "3")
                .containsEntry("last", "{\"at\":\"mon\",\"ok\":true}").containsEntry("tags", "[\"a\",1.5]");
        assertThat(s.steps()).hasSize(11);
        assertThat(s.steps().get(0)).isEqualTo(new Step.Sms(10, "+14155550123", "+14155550100", "hours"));
        assertThat(s.steps().get(1)).isEqualTo(new Step.Sms(11, "+14155550111", "+14155550100", "yo"));
        assertThat(s.steps().get(3)).isEqualTo(new Step.Press(13, "1#"));
        assertThat(s.steps().get(4)).isEqualTo(new Step.Advance(14, Duration.ofMillis(1500)));
        assertThat(s.steps().get(5)).isEqualTo(new Step.ForwardAnswers(15, "answered", 120));
        assertThat(s.steps().get(6)).isInstanceOf(Step.Hangup.class);
        Step.Expect e = (Step.Expect) s.steps().get(7);
        assertThat(e.fields().get("").matches("We are OPEN")).isTrue();
        assertThat(e.fields().get("").matches("closed")).isFalse();
    }

    @Test
    void everyMistakeNamesItsLine() {
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "steps:\n  - sms: hi\n  - jump: 3\n"))
                .hasMessageStartingWith("a.yaml:3: unknown step 'jump'");
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "steps:\n  - press: 12x\n"))
                .hasMessageStartingWith("a.yaml:2: press takes DTMF digits");
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "from: 4155550100\nsteps:\n  - sms: hi\n"))
                .hasMessageStartingWith("a.yaml:1: a phone number here is E.164");
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "steps:\n  - advance: soon\n"))
                .hasMessageContaining("a.yaml:2: a duration is");
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "steps:\n  - expect: {reply: \"/[/\"}\n"))
                .hasMessageContaining("a.yaml:2: bad regular expression");
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "steps:\n  - expect: {dance: x}\n"))
                .hasMessageContaining("cannot expect 'dance'");
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "stepz: []\n"))
                .hasMessageStartingWith("a.yaml:1: unknown field 'stepz'");
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "steps: [\n"))
                .hasMessageContaining("not valid YAML");
        assertThatThrownBy(() -> ScenarioFile.parse("a.yaml", "steps:\n  - forward-answers: maybe\n"))
                .hasMessageContaining("forward-answers is one of");
    }
}
