package io.haven.rest.http;

import io.haven.rest.json.MalformedTextException;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.container.PreMatching;

/**
 * Refuses a path or query whose percent-encoded bytes are not valid UTF-8 (overlong forms such as
 * {@code %C0%AF}, encoded surrogates such as {@code %ED%A0%80}, truncated sequences). Jersey would decode
 * them leniently into replacement characters, or into "/", and a resource would act on something the
 * client never wrote.
 */
@PreMatching
public class StrictUri implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext request) {
        URI uri = request.getUriInfo().getRequestUri();
        if (!isValid(uri.getRawPath())) {
            throw new MalformedTextException("path");
        }
        String query = uri.getRawQuery();
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!isValid(name)) {
                throw new MalformedTextException("query");
            }
            if (eq >= 0 && !isValid(pair.substring(eq + 1))) {
                throw new MalformedTextException(decoded(name));
            }
        }
    }

    /** Whether the percent-decoded bytes of the raw text are well-formed UTF-8. */
    static boolean isValid(String raw) {
        if (raw == null) {
            return true;
        }
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes(raw)));
            return true;
        } catch (CharacterCodingException | IllegalArgumentException e) {
            return false;
        }
    }

    private static String decoded(String raw) {
        return new String(bytes(raw), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
                out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (c < 0x80) {
                out.write(c);
            } else {
                // A URI already holding a raw non-ASCII character: its UTF-16 must be well-formed too.
                if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < raw.length()
                        && Character.isLowSurrogate(raw.charAt(i + 1)))) {
                    throw new IllegalArgumentException("lone surrogate");
                }
                int cp = raw.codePointAt(i);
                out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(cp) - 1;
            }
        }
        return out.toByteArray();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
