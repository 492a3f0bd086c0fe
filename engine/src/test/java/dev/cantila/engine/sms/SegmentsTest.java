package dev.cantila.engine.sms;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentsTest {
    private static final String EMOJI = "\uD83D\uDE00"; // 😀, one code point, two UTF-16 units

    private static Segments.Result of(String body) {
        return Segments.of(body);
    }

    @Test
    void emptyBodyIsOneEmptyGsmSegment() {
        assertThat(of("")).isEqualTo(new Segments.Result("GSM-7", 1, 0));
    }

    @Test
    void plainTextIsGsm7OneSeptetPerCharacter() {
        assertThat(of("Hello, world!")).isEqualTo(new Segments.Result("GSM-7", 1, 13));
    }

    @Test
    void wholeBasicTableIsOneSeptetEach() {
        String basic = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
        assertThat(basic).hasSize(127);
        Segments.Result r = of(basic);
        assertThat(r.encoding()).isEqualTo("GSM-7");
        assertThat(r.units()).isEqualTo(127);
        assertThat(r.segments()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"^", "{", "}", "\\", "[", "~", "]", "|", "€", "\f"})
    void everyExtensionCharacterCostsTwoSeptets(String c) {
        assertThat(of(c)).isEqualTo(new Segments.Result("GSM-7", 1, 2));
        assertThat(of("a" + c + "b")).isEqualTo(new Segments.Result("GSM-7", 1, 4));
    }

    @Test
    void euroSignStaysGsm7() {
        assertThat(of("Total: 5€")).isEqualTo(new Segments.Result("GSM-7", 1, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"’", "‘", "“", "”", "ç", "á", "Ж", "中", "\t"})
    void oneCharacterOutsideGsm7MakesTheWholeBodyUcs2(String c) {
        assertThat(of("It" + c + "s")).isEqualTo(new Segments.Result("UCS-2", 1, 4));
    }

    @Test
    void emojiIsUcs2AndCountsTwoCodeUnits() {
        assertThat(of(EMOJI)).isEqualTo(new Segments.Result("UCS-2", 1, 2));
        assertThat(of("hi " + EMOJI)).isEqualTo(new Segments.Result("UCS-2", 1, 5));
    }

    @Test
    void gsm7SingleSegmentBoundary() {
        assertThat(of("a".repeat(160))).isEqualTo(new Segments.Result("GSM-7", 1, 160));
        assertThat(of("a".repeat(161))).isEqualTo(new Segments.Result("GSM-7", 2, 161));
    }

    @Test
    void gsm7ExtensionCharactersCountTowardsTheSingleSegmentLimit() {
        assertThat(of("a".repeat(158) + "€")).isEqualTo(new Segments.Result("GSM-7", 1, 160));
        assertThat(of("a".repeat(159) + "€")).isEqualTo(new Segments.Result("GSM-7", 2, 161));
    }

    @Test
    void gsm7ConcatenatedBoundaries() {
        assertThat(of("a".repeat(153 * 2))).isEqualTo(new Segments.Result("GSM-7", 2, 306));
        assertThat(of("a".repeat(153 * 2 + 1))).isEqualTo(new Segments.Result("GSM-7", 3, 307));
        assertThat(of("a".repeat(153 * 3))).isEqualTo(new Segments.Result("GSM-7", 3, 459));
    }

    @Test
    void escapePairIsNeverSplitAcrossSegments() {
        // 152 septets then a 2-septet pair: only 1 septet is left in segment 1, so the pair opens segment 2.
        String straddling = "a".repeat(152) + "€" + "a".repeat(152);
        assertThat(of(straddling)).isEqualTo(new Segments.Result("GSM-7", 3, 306));
        // The same 306 septets with the pair ending exactly at the boundary fit in 2.
        String aligned = "a".repeat(151) + "€" + "a".repeat(153);
        assertThat(of(aligned)).isEqualTo(new Segments.Result("GSM-7", 2, 306));
    }

    @Test
    void ucs2SingleSegmentBoundary() {
        assertThat(of("ж".repeat(70))).isEqualTo(new Segments.Result("UCS-2", 1, 70));
        assertThat(of("ж".repeat(71))).isEqualTo(new Segments.Result("UCS-2", 2, 71));
        assertThat(of("ж".repeat(68) + EMOJI)).isEqualTo(new Segments.Result("UCS-2", 1, 70));
    }

    @Test
    void ucs2ConcatenatedBoundaries() {
        assertThat(of("ж".repeat(67 * 2))).isEqualTo(new Segments.Result("UCS-2", 2, 134));
        assertThat(of("ж".repeat(67 * 2 + 1))).isEqualTo(new Segments.Result("UCS-2", 3, 135));
    }

    @Test
    void surrogatePairIsNeverSplitAcrossSegments() {
        String straddling = "ж".repeat(66) + EMOJI + "ж".repeat(66);
        assertThat(of(straddling)).isEqualTo(new Segments.Result("UCS-2", 3, 134));
        String aligned = "ж".repeat(65) + EMOJI + "ж".repeat(67);
        assertThat(of(aligned)).isEqualTo(new Segments.Result("UCS-2", 2, 134));
    }

    @Test
    void gsmTextWithOneEmojiIsCountedInCodeUnits() {
        assertThat(of("a".repeat(100) + EMOJI)).isEqualTo(new Segments.Result("UCS-2", 2, 102));
    }
}
