package io.haven.recovery.ec2;

import io.haven.api.recovery.InvalidRecoveryException;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;

/** Device names as EC2 takes them ({@code /dev/sdf}, {@code xvdf}, {@code /dev/sda1}) and who holds one on an instance. */
final class Devices {

    private static final String DEV = "/dev/";
    private static final Pattern NAME = Pattern.compile("(?:/dev/)?(?:sd|xvd|hd)[a-z]{1,2}[0-9]{0,2}");

    private Devices() {
    }

    static String checked(String field, String device) {
        if (device == null || !NAME.matcher(device).matches()) {
            throw new InvalidRecoveryException(field, "'" + device + "' is not a device name; use for example /dev/sdf or xvdf");
        }
        return device;
    }

    /** Whether two names mean the same device: {@code /dev/sdf} and {@code sdf} do. */
    static boolean same(String a, String b) {
        return a != null && b != null && shortName(a).equals(shortName(b));
    }

    /** The EBS volume at that device of the instance, if any. */
    static Optional<String> volumeAt(Instance instance, String device) {
        return instance.blockDeviceMappings().stream()
                .filter(mapping -> same(mapping.deviceName(), device))
                .map(InstanceBlockDeviceMapping::ebs)
                .filter(ebs -> ebs != null && ebs.volumeId() != null)
                .map(ebs -> ebs.volumeId())
                .findFirst();
    }

    private static String shortName(String device) {
        return device.startsWith(DEV) ? device.substring(DEV.length()) : device;
    }
}
