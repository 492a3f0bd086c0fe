package dev.cantila.engine.porting;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

/**
 * The US porting calendar: business days are Monday to Friday except the eleven US federal holidays (New Year's
 * Day, Martin Luther King Jr. Day, Washington's Birthday, Memorial Day, Juneteenth, Independence Day, Labor Day,
 * Columbus Day, Veterans Day, Thanksgiving, Christmas Day), each on its observed day (a Saturday holiday is
 * observed the Friday before, a Sunday one the Monday after). A US port's target date is a business day at least
 * {@link #MIN_LEAD_DAYS} calendar days after the day of the request.
 */
final class PortCalendar {
    static final int MIN_LEAD_DAYS = 7;

    private PortCalendar() {
    }

    /** The observed federal holidays of {@code year}, in date order. */
    static List<LocalDate> holidays(int year) {
        return List.of(
                observed(LocalDate.of(year, Month.JANUARY, 1)),
                nth(year, Month.JANUARY, DayOfWeek.MONDAY, 3),
                nth(year, Month.FEBRUARY, DayOfWeek.MONDAY, 3),
                LocalDate.of(year, Month.MAY, 1).with(TemporalAdjusters.lastInMonth(DayOfWeek.MONDAY)),
                observed(LocalDate.of(year, Month.JUNE, 19)),
                observed(LocalDate.of(year, Month.JULY, 4)),
                nth(year, Month.SEPTEMBER, DayOfWeek.MONDAY, 1),
                nth(year, Month.OCTOBER, DayOfWeek.MONDAY, 2),
                observed(LocalDate.of(year, Month.NOVEMBER, 11)),
                nth(year, Month.NOVEMBER, DayOfWeek.THURSDAY, 4),
                observed(LocalDate.of(year, Month.DECEMBER, 25)));
    }

    static boolean businessDay(LocalDate d) {
        if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
            return false;
        }
        // New Year's Day of the next year can be observed on Dec 31 of this one
        return !holidays(d.getYear()).contains(d) && !holidays(d.getYear() + 1).contains(d);
    }

    /** The first business day on or after {@code today + MIN_LEAD_DAYS}. */
    static LocalDate earliest(LocalDate today) {
        LocalDate d = today.plusDays(MIN_LEAD_DAYS);
        while (!businessDay(d)) {
            d = d.plusDays(1);
        }
        return d;
    }

    /** Why {@code target} is not an allowed US target date for a request made {@code today}, or null when it is. */
    static String refusal(LocalDate today, LocalDate target) {
        if (target.isBefore(today.plusDays(MIN_LEAD_DAYS))) {
            return "targetDate must be at least " + MIN_LEAD_DAYS + " days ahead (earliest " + earliest(today)
                    + "), got " + target;
        }
        if (!businessDay(target)) {
            return "targetDate must be a business day (not a weekend or a US federal holiday; next one "
                    + earliest(target.minusDays(MIN_LEAD_DAYS)) + "), got " + target;
        }
        return null;
    }

    private static LocalDate observed(LocalDate d) {
        return switch (d.getDayOfWeek()) {
            case SATURDAY -> d.minusDays(1);
            case SUNDAY -> d.plusDays(1);
            default -> d;
        };
    }

    private static LocalDate nth(int year, Month month, DayOfWeek day, int n) {
        return LocalDate.of(year, month, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, day));
    }
}
