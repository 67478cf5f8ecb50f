package io.haven.rest.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.io.IOException;

/**
 * Refuses text that is not valid Unicode: a JSON escape such as {@code "\ud800"} decodes to a lone
 * surrogate, which the database would store and no client could read back. (Malformed UTF-8 bytes are
 * refused before Jackson sees them: {@link JsonProvider} decodes strictly.)
 */
final class StrictText extends SimpleModule {

    StrictText() {
        super("haven-strict-text");
        addDeserializer(String.class, new Values());
        addKeyDeserializer(String.class, new Keys());
    }

    /** Whether the text holds a high surrogate not followed by a low one, or a low one not preceded by a high one. */
    static boolean hasLoneSurrogate(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static String checked(JsonParser parser, String text) throws JsonMappingException {
        if (text != null && hasLoneSurrogate(text)) {
            throw new InvalidTextException(parser);
        }
        return text;
    }

    private static final class Values extends StringDeserializer {
        private static final long serialVersionUID = 1L;

        @Override
        public String deserialize(JsonParser parser, DeserializationContext ctxt) throws IOException {
            return checked(parser, super.deserialize(parser, ctxt));
        }
    }

    private static final class Keys extends KeyDeserializer {
        @Override
        public Object deserializeKey(String key, DeserializationContext ctxt) throws IOException {
            return checked(ctxt.getParser(), key);
        }
    }

    /** Text with a lone surrogate; {@link JsonErrors} names the field it was found in. */
    static final class InvalidTextException extends JsonMappingException {
        private static final long serialVersionUID = 1L;
        static final String REASON = "Not valid Unicode text: it holds a lone surrogate (such as \\ud800)";

        InvalidTextException(JsonParser parser) {
            super(parser, REASON);
        }
    }
}
