package io.haven.target.dynamodb;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

/**
 * Tags as one detail value: {@code key=value;key=value}, sorted by key, each key and value
 * URL-encoded (so '=', ';' and '%' inside them cannot be mistaken for separators).
 */
final class TagCodec {

    private TagCodec() {
    }

    static String encode(Map<String, String> tags) {
        StringJoiner joined = new StringJoiner(";");
        new TreeMap<>(tags).forEach((key, value) -> joined.add(encode(key) + "=" + encode(value)));
        return joined.toString();
    }

    static Map<String, String> decode(String text) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (text == null || text.isEmpty()) {
            return tags;
        }
        for (String pair : text.split(";")) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("Not a key=value pair: " + pair);
            }
            tags.put(decode(pair.substring(0, eq), pair), decode(pair.substring(eq + 1), pair));
        }
        return tags;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text == null ? "" : text, StandardCharsets.UTF_8);
    }

    private static String decode(String text, String pair) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Not a URL-encoded key=value pair: " + pair, e);
        }
    }
}
