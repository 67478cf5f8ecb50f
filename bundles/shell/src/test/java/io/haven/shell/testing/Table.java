package io.haven.shell.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a table that ShellTable printed (header line, rule, rows) back into rows of header → cell,
 * and fails when the columns are not aligned: every line must have its separators where the header has them.
 */
public final class Table {

    private Table() {
    }

    public static List<Map<String, String>> rows(String output) {
        List<String> lines = output.replace('\u2502', '|').replace('\u2500', '-').replace('\u253c', '+').lines().toList();
        int header = 0;
        while (header < lines.size() && !lines.get(header).contains("|")) {
            header++;
        }
        if (header + 1 >= lines.size()) {
            throw new AssertionError("No table in:\n" + output);
        }
        List<Integer> separators = separators(lines.get(header));
        List<String> headers = cells(lines.get(header));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.contains("|")) {
                break;
            }
            if (!separators(line).equals(separators)) {
                throw new AssertionError("Row not aligned with the header:\n" + lines.get(header) + "\n" + line);
            }
            List<String> cells = cells(line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < headers.size(); i++) {
                row.put(headers.get(i), i < cells.size() ? cells.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<Integer> separators(String line) {
        List<Integer> positions = new ArrayList<>();
        for (int i = line.indexOf('|'); i >= 0; i = line.indexOf('|', i + 1)) {
            positions.add(i);
        }
        return positions;
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        for (String cell : line.split("\\|", -1)) {
            cells.add(cell.trim());
        }
        return cells;
    }
}
