package io.haven.core.identity;

import io.haven.api.auth.FederatedIdentity;
import io.haven.api.auth.FederatedSignInException;
import io.haven.api.model.UserType;
import io.haven.core.access.UserManagement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What an identity provider's answer says of a user beyond its group (guide 17.4): the attributes {@code user_type},
 * {@code user_name} and {@code user_email}, and the {@code cpm_user_permissions} claim of {@code key=value} pairs
 * separated by semicolons, which override the attributes and the group. Only the guide's keys are accepted: a
 * misspelt key would otherwise silently give a user its group's rights.
 */
final class UserClaims {

    static final String GROUPS = "cpm_user_groups";
    static final String PERMISSIONS = "cpm_user_permissions";

    /** The guide's keys; {@code max_redshift_clusters} is Haven's name of {@code max_redshift_gib}'s limit. */
    static final Set<String> KEYS = Set.of("user_type", "user_name", "user_email", "email", "original_username",
            "allow_recovery", "allow_account_changes", "allow_backup_changes", "allow_file_level_recovery",
            "allow_file_level_restore", "max_accounts", "max_instances", "max_independent_ebs_gib", "max_rds_gib",
            "max_redshift_gib", "max_redshift_clusters", "max_dynamodb_gib");

    private final Map<String, String> values;

    private UserClaims(Map<String, String> values) {
        this.values = values;
    }

    static UserClaims of(FederatedIdentity identity) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String attribute : List.of("user_type", "user_name", "user_email")) {
            identity.values(attribute).stream().filter(v -> v != null && !v.isBlank()).findFirst()
                    .ifPresent(v -> values.put(attribute, v.trim()));
        }
        for (String claim : identity.values(PERMISSIONS)) {
            for (String pair : claim.split(";")) {
                if (pair.isBlank()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = (eq < 0 ? pair : pair.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                if (eq < 0 || !KEYS.contains(key)) {
                    throw new FederatedSignInException("The " + PERMISSIONS + " claim holds '" + shortened(key)
                            + "', which is not a key=value pair of guide 17.4 (such as max_accounts=2)");
                }
                values.put(key.equals("email") ? "user_email" : key, pair.substring(eq + 1).trim());
            }
        }
        return new UserClaims(values);
    }

    String text(String key) {
        String value = values.get(key);
        return value == null || value.isEmpty() ? null : value;
    }

    UserType type() {
        String value = text("user_type");
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "independent" -> UserType.INDEPENDENT;
            case "managed" -> UserType.MANAGED;
            case "delegate" -> UserType.DELEGATE;
            default -> throw new FederatedSignInException("user_type is '" + shortened(value)
                    + "'; it is managed, independent or delegate");
        };
    }

    Boolean yesNo(String... keys) {
        for (String key : keys) {
            String value = text(key);
            if (value != null) {
                return switch (value.toLowerCase(Locale.ROOT)) {
                    case "yes", "true" -> true;
                    case "no", "false" -> false;
                    default -> throw new FederatedSignInException(key + " is '" + shortened(value) + "'; it is yes or no");
                };
            }
        }
        return null;
    }

    /** A limit from the claims, or {@code fallback} when they hold none. */
    Long limit(Long fallback, String... keys) {
        for (String key : keys) {
            String value = text(key);
            if (value != null) {
                try {
                    long limit = Long.parseLong(value);
                    if (limit >= 0 && limit <= UserManagement.MAX_LIMIT) {
                        return limit;
                    }
                } catch (NumberFormatException e) {
                    // said below
                }
                throw new FederatedSignInException(key + " is '" + shortened(value) + "'; it is a whole number from 0 to "
                        + UserManagement.MAX_LIMIT);
            }
        }
        return fallback;
    }

    static String shortened(String text) {
        String clean = text.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }
}
