package io.haven.recovery.ec2;

import io.haven.api.recovery.InvalidRecoveryException;
import java.util.regex.Pattern;

/** Syntax of the EC2 ids that choices name, checked before any call so that typos get a clear message. */
final class Ids {

    static final Pattern INSTANCE = Pattern.compile("i-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern SUBNET = Pattern.compile("subnet-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern SECURITY_GROUP = Pattern.compile("sg-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern IMAGE = Pattern.compile("ami-(?:[0-9a-f]{8}|[0-9a-f]{17})");
    static final Pattern KERNEL = Pattern.compile("aki-[0-9a-f]{8,17}");
    static final Pattern RAMDISK = Pattern.compile("ari-[0-9a-f]{8,17}");

    private Ids() {
    }

    static String checked(String field, Pattern pattern, String value, String example) {
        if (value == null || !pattern.matcher(value).matches()) {
            throw new InvalidRecoveryException(field, field + " must look like " + example + ", not '" + value + "'");
        }
        return value;
    }
}
