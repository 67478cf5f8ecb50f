package io.haven.testing.moto;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites of requests that AWS accepts and moto refuses, for the proxies that tests put in front of
 * moto. The rewrite drops only what moto cannot take, so everything else Haven sends is still exercised.
 */
public final class MotoWorkarounds {

    private static final Pattern TAG_SPEC_KEY = Pattern.compile("TagSpecification\\.(\\d+)\\.(.*)");

    private MotoWorkarounds() {
    }

    /**
     * The parameters of an EC2 query request without its snapshot TagSpecifications, the others
     * renumbered from 1: moto answers CreateImage with a snapshot TagSpecification with a 500.
     */
    public static Map<String, String> withoutSnapshotTagSpecifications(Map<String, String> params) {
        Set<String> snapshotSpecs = new TreeSet<>();
        params.forEach((key, value) -> {
            Matcher m = TAG_SPEC_KEY.matcher(key);
            if (m.matches() && "ResourceType".equals(m.group(2)) && "snapshot".equals(value)) {
                snapshotSpecs.add(m.group(1));
            }
        });
        List<String> kept = params.keySet().stream()
                .map(TAG_SPEC_KEY::matcher).filter(Matcher::matches).map(m -> m.group(1))
                .filter(index -> !snapshotSpecs.contains(index)).distinct()
                .sorted((a, b) -> Integer.compare(Integer.parseInt(a), Integer.parseInt(b))).toList();
        Map<String, String> result = new LinkedHashMap<>();
        params.forEach((key, value) -> {
            Matcher m = TAG_SPEC_KEY.matcher(key);
            if (!m.matches()) {
                result.put(key, value);
            } else if (!snapshotSpecs.contains(m.group(1))) {
                result.put("TagSpecification." + (kept.indexOf(m.group(1)) + 1) + "." + m.group(2), value);
            }
        });
        return result;
    }

    /**
     * A form-encoded EC2 request body that moto accepts: a CreateImage without its snapshot
     * TagSpecifications; any other body unchanged. Values stay encoded as they came.
     */
    public static byte[] acceptableToMoto(byte[] formBody) {
        String text = new String(formBody, StandardCharsets.UTF_8);
        if (!text.contains("Action=CreateImage")) {
            return formBody;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : text.split("&")) {
            int eq = pair.indexOf('=');
            params.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        StringBuilder out = new StringBuilder();
        withoutSnapshotTagSpecifications(params).forEach((key, value) ->
                out.append(out.length() == 0 ? "" : "&").append(key).append('=').append(value));
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
