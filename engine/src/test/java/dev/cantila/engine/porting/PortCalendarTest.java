package dev.cantila.engine.porting;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class PortCalendarTest {
    @Test
    void federalHolidaysOnTheirObservedDays() {
        assertThat(PortCalendar.holidays(2026)).containsExactly(
                LocalDate.parse("2026-01-01"), LocalDate.parse("2026-01-19"), LocalDate.parse("2026-02-16"),
                LocalDate.parse("2026-05-25"), LocalDate.parse("2026-06-19"), LocalDate.parse("2026-07-03"),
                LocalDate.parse("2026-09-07"), LocalDate.parse("2026-10-12"), LocalDate.parse("2026-11-11"),
                LocalDate.parse("2026-11-26"), LocalDate.parse("2026-12-25"));
        // 2022-01-01 was a Saturday: observed Friday 2021-12-31, a year earlier
        assertThat(PortCalendar.businessDay(LocalDate.parse("2021-12-31"))).isFalse();
        assertThat(PortCalendar.businessDay(LocalDate.parse("2026-07-04"))).as("a Saturday").isFalse();
        assertThat(PortCalendar.businessDay(LocalDate.parse("2026-07-06"))).isTrue();
    }

    @Test
    void earliestIsAWeekAheadOnABusinessDay() {
        assertThat(PortCalendar.earliest(LocalDate.parse("2026-03-02"))).isEqualTo("2026-03-09");
        assertThat(PortCalendar.earliest(LocalDate.parse("2026-03-07"))).as("Saturday + 7 → Monday")
                .isEqualTo("2026-03-16");
        assertThat(PortCalendar.earliest(LocalDate.parse("2026-05-18"))).as("Memorial Day skipped")
                .isEqualTo("2026-05-26");
        assertThat(PortCalendar.refusal(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-08"))).contains("7 days");
        assertThat(PortCalendar.refusal(LocalDate.parse("2026-03-02"), LocalDate.parse("2026-03-09"))).isNull();
    }
}
