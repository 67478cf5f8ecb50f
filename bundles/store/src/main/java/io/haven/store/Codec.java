package io.haven.store;

import io.haven.api.model.DisabledWindow;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Text forms of small collections kept in one column. */
final class Codec {

    private Codec() {
    }

    /** {@code key=value&key=value}, URL-encoded, keys sorted so equal maps give equal text. */
    static String encodeMap(Map<String, String> map) {
        return new TreeMap<>(map).entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static Map<String, String> decodeMap(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return map;
        }
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            map.put(dec(pair.substring(0, eq)), dec(pair.substring(eq + 1)));
        }
        return map;
    }

    static String encodeWeekdays(Set<DayOfWeek> days) {
        return days.stream().sorted().map(DayOfWeek::name).collect(Collectors.joining(","));
    }

    static Set<DayOfWeek> decodeWeekdays(String text) {
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        if (text != null && !text.isEmpty()) {
            for (String day : text.split(",")) {
                days.add(DayOfWeek.valueOf(day));
            }
        }
        return days;
    }

    /** {@code MONDAY 22:00-02:00;* 01:00-03:00}, where {@code *} is every day. */
    static String encodeWindows(List<DisabledWindow> windows) {
        return windows.stream()
                .map(w -> (w.day() == null ? "*" : w.day().name()) + " " + w.from() + "-" + w.to())
                .collect(Collectors.joining(";"));
    }

    static List<DisabledWindow> decodeWindows(String text) {
        List<DisabledWindow> windows = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return windows;
        }
        for (String item : text.split(";")) {
            String[] dayAndTimes = item.split(" ");
            String[] times = dayAndTimes[1].split("-");
            DayOfWeek day = "*".equals(dayAndTimes[0]) ? null : DayOfWeek.valueOf(dayAndTimes[0]);
            windows.add(new DisabledWindow(day, LocalTime.parse(times[0]), LocalTime.parse(times[1])));
        }
        return windows;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
