package io.haven.core.audit;

/** What the audit log keeps of a text: no control characters (no forged lines in an export), at most a length. */
final class AuditText {

    private AuditText() {
    }

    static String clean(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        text.codePoints().forEach(c -> {
            if (!Character.isISOControl(c) && Character.getType(c) != Character.SURROGATE) {
                out.appendCodePoint(c);
            } else {
                out.append(' ');
            }
        });
        if (out.length() <= max) {
            return out.toString();
        }
        int cut = max - 1;
        if (Character.isHighSurrogate(out.charAt(cut - 1))) {
            cut--;
        }
        return out.substring(0, cut) + "…";
    }
}
