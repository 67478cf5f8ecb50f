package io.haven.rest.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The methods each path of the OpenAPI document allows, for an {@code Allow} header written outside
 * Jersey (OpenApiDocumentTest proves the document lists exactly what the resources implement).
 */
public final class DocumentedMethods {

    private record Entry(Pattern path, Set<String> methods) {
    }

    private final List<Entry> entries = new ArrayList<>();

    /** @param prefix the request path the document's paths are relative to, such as /api/v1 */
    public DocumentedMethods(JsonNode document, String prefix) {
        Iterator<String> paths = document.get("paths").fieldNames();
        while (paths.hasNext()) {
            String path = paths.next();
            Set<String> methods = new TreeSet<>();
            document.get("paths").get(path).fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(Locale.ROOT)));
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            methods.add("OPTIONS");
            String regex = Pattern.quote(prefix + path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            entries.add(new Entry(Pattern.compile(regex), methods));
        }
    }

    /** The methods allowed on the request path, or empty when the document has no such path. */
    public Optional<Set<String>> allowed(String requestPath) {
        return entries.stream().filter(e -> e.path().matcher(requestPath).matches()).findFirst().map(Entry::methods);
    }
}
